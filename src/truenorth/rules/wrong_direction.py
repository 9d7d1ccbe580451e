"""TN105 wrong-direction: a link that points down or sideways in the cascade.

Support flows upward: individual → department → corporate → vision. A goal supports a goal one
level up, never one at its own level or below: a corporate goal does not support a department goal,
and an individual goal does not support another person's goal. One exception: a department's goal
may support a goal of its parent (or grand-parent) department, as a team supports its department.
For a link that points down (a corporate goal supporting a department goal), the hint suggests
turning it round; for a link between goals at the same level, where turning it round would be
just as wrong, it names what the goal may support instead, and the goals one level up that the
goal it names already supports.

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
      reads=("goal.supports", "goal.level", "goal.department", "department.parent"), scope="links")
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
            if target.level > goal.level:  # pointing down: the link the other way round is the right one
                hint = (f"If {target.id!r} contributes to {goal.id!r}, put {goal.id!r} under the `supports:` of "
                        f"{target.id!r} instead, and remove this link.")
            else:
                hint = _instead(ctx.org, goal, target)
            yield self.finding(
                f"{goal.level.label} {goal.id!r} supports {target.level.label} {target.id!r}: {why}",
                link.location, hint, related=(target.location,))


def _may_support(org, goal, candidate) -> bool:
    """Whether a link from `goal` to `candidate` would point up (what this rule accepts)."""
    if candidate.level < goal.level:
        return True
    return (goal.level == candidate.level == Level.DEPARTMENT
            and candidate.department in department_ancestors(org, goal.department))


def _instead(org, goal, target) -> str:
    """For a link to a goal at the same level: what `goal` may support instead, by name where there is one."""
    if goal.level == Level.CORPORATE:
        allowed = f"the vision {org.vision.id!r}" if org.vision is not None else "the vision"
    elif goal.level == Level.DEPARTMENT:
        parents = department_ancestors(org, goal.department)
        allowed = "a corporate goal" + (
            f" or a goal of its parent department{'s' if len(parents) > 1 else ''} "
            f"{', '.join(map(repr, parents))}" if parents else "")
    else:
        allowed = "a goal of a department" + (f" (its own is {goal.department!r})" if goal.department else "")
    above = [s.target for s in target.supports
             if s.target in org.goals and _may_support(org, goal, org.goals[s.target])]
    if org.vision is not None and goal.level == Level.CORPORATE and org.vision.id in target.supported_ids:
        above = [org.vision.id]
    such = f", such as {', '.join(map(repr, above))}, which {target.id!r} supports" if above else ""
    return (f"Link {goal.id!r} to {allowed}{such}; turning this link round would be just as wrong, "
            "as both goals are at the same level.")
