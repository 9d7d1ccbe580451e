"""TN112 person-without-goals: a person with no individual goal that is not retired.

Everyone in the organisation should be able to point at a goal of their own that traces to the
vision; a person file without one is someone the cascade has not reached yet. A retired goal does
not count (it is no longer anyone's work); an achieved one does, and so does a private one. A
person whose goals were left out because of their own errors (a schema error, TN008, or a
duplicate id, TN104) is not reported here: they wrote goals, and those findings say what to fix.
`truenorth gaps` lists the same people, by the same test (analysis/coverage.py).

FAIL: dan has no goals.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
```

FAIL: dan's only goal is retired.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-old-script
    title: Read the greeting script word for word
    supports: [team-callbacks]
    owner: dan
    status: retired
```

PASS: dan has a goal; a private one counts.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: dan
    visibility: private
```
"""

from truenorth.analysis.coverage import people_without_goals
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN112", "person-without-goals", Severity.WARNING, "A person has no individual goal (retired goals do not count).",
      "Add at least one goal that supports a goal of their department.",
      reads=("goal.person", "goal.status", "person.name"))
def check(self, ctx):
    for person in people_without_goals(ctx.org, ctx.people_with_dropped_goals):
        yield self.finding(f"{person.name} ({person.id!r}) has no individual goal that is not retired",
                           person.location)
