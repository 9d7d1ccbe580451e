"""TN108 unknown-department: a person's department, or a department's parent, does not exist.

A person belongs to the department named by `department:`, and a department sits under the one
named by `parent:`; both are ids of department files (goals/departments/<id>.yaml). A name that
matches no file leaves the person, or the department, outside the organisation's tree: their
pages lose their place and the department's goals cannot support a parent department's goals.
A misspelt id gets a did-you-mean in the message. (A `parent:` chain that loops back is TN119.)

FAIL: the person's department is misspelt.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-teem
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
```

FAIL: a department's parent does not exist (so the team's goal, which supports a goal of `ops`, no
longer supports a goal of a parent department: TN105). Also reported: TN105.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: operations
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
```

PASS: both name department files that exist.

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
from truenorth.rules.base import did_you_mean_note, rule


@rule("TN108", "unknown-department", Severity.ERROR, "A person's department or a department's parent does not exist.",
      "Use the id of a department file in goals/departments/.",
      reads=("person.department", "department.parent"))
def check(self, ctx):
    departments = ctx.org.departments
    for person in ctx.org.people.values():
        if person.department not in departments:
            yield self.finding(f"{person.id!r} belongs to department {person.department!r}, which does not exist"
                               f"{did_you_mean_note(person.department, departments)}",
                               person.department_location or person.location)
    for dept in departments.values():
        if dept.parent and dept.parent not in departments:
            yield self.finding(f"department {dept.id!r} has parent {dept.parent!r}, which does not exist"
                               f"{did_you_mean_note(dept.parent, departments)}", dept.parent_location or dept.location)
