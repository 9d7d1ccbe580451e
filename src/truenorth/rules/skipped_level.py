"""TN106 skipped-level: a link that jumps a level (an individual goal supporting a corporate goal).

FAIL: an agent's goal with `supports: [cx-loyalty]` where `cx-loyalty` is corporate.
PASS: the agent's goal supports a contact-centre goal that supports `cx-loyalty`.
"""

from truenorth.findings import Severity
from truenorth.model import Level
from truenorth.rules.base import rule


@rule("TN106", "skipped-level", Severity.WARNING, "A goal skips a level of the cascade.")
def check(self, ctx):
    vision = ctx.org.vision
    for goal in ctx.org.goals.values():
        for link in goal.supports:
            if vision is not None and link.target == vision.id:
                target_level = Level.VISION
            elif link.target in ctx.org.goals:
                target_level = ctx.org.goals[link.target].level
            else:
                continue
            if goal.level - target_level < 2:
                continue
            between = sorted(
                g.id for g in ctx.org.goals.values()
                if g.level == goal.level - 1 and link.target in g.supported_ids
                and (g.department == goal.department or goal.department is None)
            )
            hint = (f"Link it to a goal one level up that supports {link.target!r}"
                    + (f", such as {', '.join(repr(b) for b in between[:3])}." if between else "."))
            yield self.finding(
                f"{goal.level.label} {goal.id!r} supports {target_level.label} {link.target!r} directly, "
                f"skipping the {Level(goal.level - 1).label} level", link.location, hint)
