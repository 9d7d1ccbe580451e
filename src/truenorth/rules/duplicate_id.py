"""TN104 duplicate-id: two goals (or people, departments, metrics) with the same id.

Ids name things across the whole goals folder: `supports:` links, owners, heads and metrics all
refer to them. Two goals with one id make every link to it ambiguous, so the loader keeps the first
it reads and reports the second, pointing at both.

FAIL: cat's goal reuses the id of bob's goal `bob-callbacks`.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: bob-callbacks
    title: Listen first
    supports: [team-callbacks]
    owner: cat
```

PASS: ids are unique across the goals folder.

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
from truenorth.rules.base import rule


@rule("TN104", "duplicate-id", Severity.ERROR, "An id is used twice; links to it would be ambiguous.",
      "Give one of them a new id (and update the `supports:` that meant it).",
      reads=())
def check(self, ctx):
    for dup in ctx.duplicates:
        yield self.finding(
            f"the {dup.kind} id {dup.id!r} is already used at {dup.first}; only the first is kept",
            dup.second, related=(dup.first,))
