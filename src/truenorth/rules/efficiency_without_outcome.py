"""TN118 efficiency-without-outcome: a goal measured only by efficiency metrics (handle time, speed of answer).

Customer goals piled on top of legacy efficiency targets is a named failure mode (see the
playbook's "re-align efficiency KPIs" play): a team told to cut handle time will cut calls short,
whatever the vision says. A goal with a key result on an efficiency metric (`kind: efficiency` in
goals/metrics.yaml) needs a key result on an outcome metric beside it. Retired goals are not
checked. `truenorth gaps` lists the same goals, by the same test (analysis/coverage.py).

FAIL: a goal measured by `aht` (average handle time) alone.

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
      - {metric: aht, baseline: 9, target: 7}
```

PASS: `aht` together with the outcome it must not harm, `csat`.

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
      - {metric: aht, baseline: 9, target: 7}
      - {metric: csat, baseline: 70, target: 80}
```

PASS: a retired goal measured by `aht` alone is not checked.

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
  - id: cat-handle-time
    title: Shorter calls
    supports: [team-callbacks]
    owner: cat
    status: retired
    key_results:
      - {metric: aht, baseline: 9, target: 7}
```
"""

from truenorth.analysis.coverage import efficiency_only_metrics
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN118", "efficiency-without-outcome", Severity.WARNING,
      "A goal's key results measure efficiency only, with no customer outcome beside them.",
      "Add a key result on an outcome metric (csat, fcr, nps...) to the same goal.",
      reads=("goal.status", "key_result.metric", "metric.kind"))
def check(self, ctx):
    for goal in ctx.org.goals.values():
        names = efficiency_only_metrics(ctx.org, goal)
        if names:
            yield self.finding(f"{goal.id!r} is measured only by efficiency metrics ({', '.join(names)})",
                               goal.key_results[0].location)
