"""TN105 wrong-direction: a link that points down or sideways in the cascade.

Support flows upward: individual → department → corporate → vision. A goal supports a goal one
level up, never one at its own level or below: a corporate goal does not support a department goal,
and an individual goal does not support another person's goal. One exception: a department's goal
may support a goal of its parent (or grand-parent) department, as a team supports its department.
The hint suggests turning the link round.

FAIL: cat's goal supports bob's goal, at the same level.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [bob-callbacks]
    owner: cat
```

PASS: a team's goal supports a goal of its parent department (`ops-team`'s parent is `ops`).

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
```
"""

from truenorth.findings import Severity
from truenorth.model import Level
from truenorth.rules.base import rule


def department_ancestors(org, department_id):
    seen = []
    current = org.departments.get(department_id)
    while current is not None and current.parent and current.parent not in seen:
        seen.append(current.parent)
        current = org.departments.get(current.parent)
    return seen


@rule("TN105", "wrong-direction", Severity.ERROR, "A goal supports a goal at its own level or below.",
      reads=("goal.supports", "goal.level", "goal.department", "department.parent"))
def check(self, ctx):
    for goal in ctx.org.goals.values():
        for link in goal.supports:
            target = ctx.org.goals.get(link.target)
            if target is None or target.id == goal.id:
                continue
            if target.level < goal.level:
                continue
            if (goal.level == target.level == Level.DEPARTMENT
                    and target.department in department_ancestors(ctx.org, goal.department)):
                continue
            if goal.level == target.level == Level.DEPARTMENT and goal.department == target.department:
                why = (f"both belong to {goal.department!r}; a department goal supports a corporate goal or a goal "
                       "of a parent department")
            elif goal.level == target.level == Level.DEPARTMENT:
                why = (f"department goals may support a goal of a parent department, and {target.department!r} "
                       f"is not a parent of {goal.department!r}")
            else:
                why = "support flows upward: individual → department → corporate → vision"
            yield self.finding(
                f"{goal.level.label} {goal.id!r} supports {target.level.label} {target.id!r}: {why}",
                link.location,
                f"If {target.id!r} contributes to {goal.id!r}, put {goal.id!r} under the `supports:` of "
                f"{target.id!r} instead, and remove this link.",
                related=(target.location,))
