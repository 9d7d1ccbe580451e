"""TN114 supports-retired: an active goal supports a retired goal, so its effort goes nowhere.

Retiring a goal (`status: retired`) takes it out of the cascade, but the goals that supported it
still point at it: their owners keep working towards something the organisation has dropped. Each
active goal that supports a retired goal is reported, pointing at the retired goal too.

FAIL: the team's goal is retired while bob's and cat's goals still support it (and the ops goal it supported
has nothing left to show its progress, TN204).
Also reported: TN204.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
    status: retired
```

PASS: a retired goal that no active goal supports any more.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
  - id: team-scripts
    title: Follow the call script
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
    status: retired
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN114", "supports-retired", Severity.ERROR, "An active goal supports a retired goal.",
      "Link it to a live goal that replaced the retired one, or retire it as well.",
      reads=("goal.status", "goal.supports"), scope="links")
def check(self, ctx):
    for goal in ctx.org.goals.values():
        if goal.status != "active":
            continue
        for link in goal.supports:
            parent = ctx.org.goals.get(link.target)
            if parent is not None and parent.status == "retired":
                yield self.finding(f"active goal {goal.id!r} supports retired goal {parent.id!r}", link.location,
                                   related=(parent.location,))
