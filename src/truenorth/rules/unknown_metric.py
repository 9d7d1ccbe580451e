"""TN110 unknown-metric: a key result measures a metric that is not in goals/metrics.yaml.

The metrics catalogue defines each metric once: its name, how it is measured, its unit, which
direction is better and whether it is an outcome or an efficiency metric. A key result names a
metric by its id; an id missing from the catalogue has no definition, so nobody can tell what the
numbers mean, and progress on it cannot be judged. A misspelt id gets a did-you-mean in the message.

FAIL: `cstat` is not in the catalogue (`csat` is).

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
      - metric: cstat
        target: 90
```

PASS: the metric is in the catalogue.

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
        baseline: 80
        target: 90
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import did_you_mean_note, rule


@rule("TN110", "unknown-metric", Severity.ERROR, "A key result uses a metric that is not in the catalogue.",
      "Use an id from goals/metrics.yaml, or add the metric there.",
      reads=("key_result.metric",))
def check(self, ctx):
    metrics = ctx.org.metrics
    for goal in ctx.org.goals.values():
        for kr in goal.key_results:
            if kr.metric not in metrics:
                yield self.finding(f"{goal.id!r} has a key result on metric {kr.metric!r}, which is not in the "
                                   f"catalogue{did_you_mean_note(kr.metric, metrics)}", kr.location)
