"""TN119 department-cycle: departments whose `parent:` links go round in a loop.

Departments form a tree: each names at most one parent, and following the parents always ends at a
department with none. A loop (a department that is its own parent, or two that name each other)
has no top: the site cannot place these departments, and "a goal of a parent department" (which a
department goal may support, see TN105) means nothing. Each department in the loop is reported,
at its `parent:`.

FAIL: `ops` names its own team as its parent, and the team names `ops`.

```yaml
# goals/departments/ops.yaml
department:
  id: ops
  name: Operations
  head: ann
  parent: ops-team
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
    owner: ann
    period: 2027
```

PASS: a chain of parents that ends: a quality cell under the team, the team under `ops`, and `ops`
under nothing.

```yaml
# goals/departments/ops-quality.yaml
department:
  id: ops-quality
  name: Quality cell
  head: cat
  parent: ops-team
goals:
  - id: quality-callbacks
    title: Review every callback
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    key_results:
      - {metric: csat, baseline: 70, target: 75}
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN119", "department-cycle", Severity.ERROR, "Departments are their own ancestors: their parents form a loop.",
      "Departments form a tree: fix a `parent:` so that the chain of parents ends.",
      reads=("department.parent",))
def check(self, ctx):
    departments = ctx.org.departments
    for dept in departments.values():
        if not dept.parent:
            continue
        seen, current = [dept.id], departments.get(dept.parent)
        while current is not None and current.parent and current.id not in seen:
            seen.append(current.id)
            current = departments.get(current.parent)
        if current is not None and current.id == dept.id:
            yield self.finding(f"department {dept.id!r} is its own ancestor: {' → '.join(seen + [dept.id])}",
                               dept.parent_location or dept.location)
