"""TN115 key-result-without-target: a key result says what to measure but not where to get to.

A key result names a metric and the value that would count as success (`target`); with a
`baseline` and a `current` value, the site shows progress from one to the other. Without a target
there is no success to reach and no progress to show.

FAIL: a key result on `csat` with a baseline and no target.

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
    key_results:
      - metric: csat
        baseline: 70
```

PASS: the key result has a target.

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
    key_results:
      - metric: csat
        baseline: 70
        target: 85
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN115", "key-result-without-target", Severity.ERROR, "A key result has no target.",
      "Add `target:` with the value that would count as success.",
      reads=("key_result.target", "key_result.metric"))
def check(self, ctx):
    for goal in ctx.org.goals.values():
        for kr in goal.key_results:
            if kr.target is None:
                yield self.finding(f"{goal.id!r} has a key result on {kr.metric!r} with no target", kr.location)
