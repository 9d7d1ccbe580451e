"""TN109 unknown-head: a department's head is not a person in goals/people/.

`head:` names the person who leads the department, by the id of their person file. The head is who
the site shows for the department and who answers for its goals; a name that matches no person
leaves the department without one. A misspelt id gets a did-you-mean in the message.

FAIL: `robert` is not a person (the person file is goals/people/bob.yaml).

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: robert
  parent: ops
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
```

PASS: the head is the id of a person file.

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
from truenorth.rules.base import did_you_mean_note, rule


@rule("TN109", "unknown-head", Severity.ERROR, "A department head is not a known person.",
      "Use the id of a person file in goals/people/.",
      reads=("department.head",))
def check(self, ctx):
    for dept in ctx.org.departments.values():
        if dept.head not in ctx.org.people:
            yield self.finding(f"department {dept.id!r} has head {dept.head!r}, who is not a known person"
                               f"{did_you_mean_note(dept.head, ctx.org.people)}", dept.head_location or dept.location)
