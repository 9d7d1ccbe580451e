"""TN106 skipped-level: a link that jumps a level (an individual goal supporting a corporate goal).

An individual goal supports a department goal, which supports a corporate goal: the department in
between is where the corporate goal becomes work a team can do. A link that jumps straight over a
level leaves that translation out. It still traces to the vision, so this is a warning; the hint
names department goals that already support the target. Organisations that let people support
corporate goals directly turn it off in `pyproject.toml`:

```toml
[tool.truenorth.severity]
TN106 = "off"
```

FAIL: cat's goal supports the corporate goal `corp-satisfaction` directly.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [corp-satisfaction]
    owner: cat
```

PASS: it supports her team's goal, which carries `corp-satisfaction` through `ops-first-contact`.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
```
"""

from truenorth.findings import Severity
from truenorth.model import Level
from truenorth.rules.base import rule, skipped_level_links


@rule("TN106", "skipped-level", Severity.WARNING, "A goal skips a level of the cascade.",
      reads=("goal.supports", "goal.level", "goal.department"))
def check(self, ctx):
    for goal, link, target_level in skipped_level_links(ctx):
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
