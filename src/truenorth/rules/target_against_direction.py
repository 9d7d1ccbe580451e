"""TN202 target-against-direction: a target that points the wrong way for its metric.

Each metric in the catalogue says whether higher or lower is better (`direction`). A key result on a
higher-is-better metric with a target below its baseline (or on a lower-is-better metric with a
target above it) plans for things to get worse. Sometimes that is honest (a known dip while a new
system beds in), and then it deserves a suppression with its reason; far more often the numbers were
typed the wrong way round. Key results without a baseline or a target, and metrics not in the
catalogue, are other rules' findings (TN201, TN115, TN110). Retired goals are not checked.

FAIL: customer satisfaction (higher is better) planned to fall from 70 to 65.

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
      - {metric: csat, baseline: 70, target: 65}
```

PASS: handle time (lower is better) planned to fall.

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
      - {metric: csat, baseline: 70, target: 78}
      - {metric: aht, baseline: 9, target: 8}
```
"""

from truenorth.analysis.coverage import is_retired
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN202", "target-against-direction", Severity.WARNING,
      "A key result's target is worse than its baseline for the metric's direction.",
      "Swap the baseline and the target if they were typed the wrong way round; if a dip is planned, say why "
      "in a suppression comment.",
      reads=("goal.status", "key_result.metric", "key_result.baseline", "key_result.target", "metric.direction"),
      play="plays/customer-experience-goals.md#key-results-you-can-measure")
def check(self, ctx):
    metrics = ctx.org.metrics
    for goal in ctx.org.goals.values():
        if is_retired(goal):
            continue
        for kr in goal.key_results:
            metric = metrics.get(kr.metric)
            if metric is None or kr.baseline is None or kr.target is None:
                continue
            worse = kr.target < kr.baseline if metric.direction == "higher" else kr.target > kr.baseline
            if worse:
                yield self.finding(
                    f"a key result of {goal.id!r} plans {kr.metric!r} ({metric.direction} is better) to go from "
                    f"{kr.baseline:g} to {kr.target:g}: the wrong way", kr.location)
