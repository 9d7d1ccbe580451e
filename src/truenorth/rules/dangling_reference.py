"""TN102 dangling-reference: `supports` names an id that no goal (nor the vision) has.

FAIL: `supports: [cx-first-contact]` when the goal is called `cx-first-contact-resolution`.
PASS: every id under `supports` exists.
"""

from truenorth.findings import Severity
from truenorth.rules.base import did_you_mean, rule


@rule("TN102", "dangling-reference", Severity.ERROR, "`supports` names a goal that does not exist.")
def check(self, ctx):
    known = None
    for goal in ctx.org.goals.values():
        for link in goal.supports:
            if link.target in ctx.graph or link.target in ctx.invalid_goal_ids:
                continue
            known = known if known is not None else ctx.known_ids()
            close = did_you_mean(link.target, known)
            message = f"{goal.id!r} supports {link.target!r}, which does not exist"
            if close:
                message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
            hint = (f"Replace it with {close[0]!r}." if close else
                    "Check the id in the goal's file (ids are lower-case, with hyphens), or remove the link.")
            yield self.finding(message, link.location, hint)
