"""TN206 activity-key-result: a key result on an activity metric (calls made, trainings held).

The catalogue marks metrics that count what people do, rather than what changes because they did
it, as `kind: activity`. They are worth watching (a coach who holds no sessions helps no one), but a
key result on one rewards the doing: the calls get made and the trainings held whether or not a
customer notices. Put the outcome the activity is meant to move in the key result, and keep the
activity on the team's dashboard. Retired goals are not checked.

FAIL: a key result on the number of calls made.

```yaml
# goals/metrics.yaml
metrics:
  - id: csat
    name: Customer satisfaction
    definition: Share of customers rating 4 or 5 of 5.
    unit: "%"
    direction: higher
    customer: true
  - id: aht
    name: Average handle time
    definition: Mean minutes per contact.
    unit: min
    direction: lower
    kind: efficiency
  - id: calls-made
    name: Callbacks made
    definition: Outbound callbacks made per week.
    unit: calls
    direction: higher
    kind: activity
```

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
      - {metric: calls-made, baseline: 20, target: 40}
```

PASS: the outcome the calls are for.

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
      - {metric: csat, baseline: 70, target: 76}
```
"""

from truenorth.analysis.coverage import is_retired
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN206", "activity-key-result", Severity.WARNING,
      "A key result counts an activity (a metric of `kind: activity`), not an outcome.",
      "Measure what the activity is meant to change (resolution, satisfaction, effort) and keep the activity "
      "count on a dashboard.",
      reads=("goal.status", "key_result.metric", "metric.kind"),
      play="plays/customer-experience-goals.md#outcomes-not-outputs")
def check(self, ctx):
    activity = {metric_id for metric_id, metric in ctx.org.metrics.items() if metric.kind == "activity"}
    if not activity:
        return  # (no activity metric in the catalogue: no key result can count one)
    for goal in ctx.org.goals.values():
        if is_retired(goal):
            continue
        for kr in goal.key_results:
            if kr.metric in activity:
                yield self.finding(f"a key result of {goal.id!r} counts an activity, {kr.metric!r}: "
                                   "it rewards the doing, not what it changes", kr.location)
