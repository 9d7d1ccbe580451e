"""TN209 owner-outside-department: a department goal owned by someone outside that department and its parents.

A department goal is the department's promise, and its owner answers for it in that department's
reviews. An owner from another department (or from a team below it) cannot move the people who do
the work, and the goal drifts. Its owner should be a member of the department or of one of its
parent departments (a director may own a team's goal). Owners that are not people of the
organisation are TN107's finding; retired goals are not checked.

FAIL: the operations goal owned by Bob, who works in the front-line team below it.

```yaml
# goals/departments/ops.yaml
department:
  id: ops
  name: Operations
  head: ann
goals:
  - id: ops-first-contact
    title: Solve it on the first contact
    supports: [corp-satisfaction]
    owner: ann
    period: 2027-H1
    plays: [voice]
  - id: ops-coaching
    title: Weekly coaching for every agent
    supports: [corp-people]
    owner: bob
    period: 2027
```

PASS: any member of the team may own its goal, not only its head.

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
    owner: cat
    period: 2027-Q1
```
"""

from truenorth.analysis.coverage import is_retired
from truenorth.findings import Severity
from truenorth.model import Level
from truenorth.rules.base import rule


def department_and_parents(org, department_id: str) -> list[str]:
    """The department and its parents, nearest first (a cycle of parents is TN119's and stops the walk)."""
    chain, at = [], department_id
    while at is not None and at not in chain:
        chain.append(at)
        dept = org.departments.get(at)
        at = dept.parent if dept is not None else None
    return chain


@rule("TN209", "owner-outside-department", Severity.WARNING,
      "A department goal is owned by someone outside that department and its parents.",
      "Give the goal an owner in the department (often its head), or move the goal to the owner's department.",
      reads=("goal.level", "goal.status", "goal.owner", "goal.department", "person.department",
             "department.parent"),
      play="plays/cascade-the-vision.md#one-goal-one-owner-one-team")
def check(self, ctx):
    org = ctx.org
    for goal in org.goals.values():
        if goal.level != Level.DEPARTMENT or is_retired(goal) or goal.department not in org.departments:
            continue
        owner = org.people.get(goal.owner)
        if owner is None:
            continue
        chain = department_and_parents(org, goal.department)
        if owner.department not in chain:
            yield self.finding(f"{goal.id!r}, a goal of {goal.department!r}, is owned by {goal.owner!r} of "
                               f"{owner.department!r}, outside it and its parents",
                               goal.owner_location or goal.location)
