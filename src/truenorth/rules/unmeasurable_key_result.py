"""TN201 unmeasurable-key-result: a key result with no baseline, or a target equal to its baseline.

A key result says where a number starts and where it should get to. Without a `baseline` nobody can
tell whether the target is a stretch, a step back or where the team already is; a `target` equal to
the baseline asks for no change at all, so progress can never be shown. A key result on a metric that
is not in the catalogue is TN110's finding and one without a target TN115's; this rule looks at the
rest. Retired goals are not checked.

FAIL: `csat` with a target but no baseline.

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
      - {metric: csat, target: 80}
```

FAIL: a target equal to its baseline.

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
      - {metric: csat, baseline: 80, target: 80}
```

PASS: the baseline from the last two quarters, and a target above it.

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
      - {metric: csat, baseline: 74, target: 80}
```
"""

from truenorth.analysis.coverage import is_retired
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN201", "unmeasurable-key-result", Severity.WARNING,
      "A key result has no baseline, or a target equal to its baseline: its progress cannot be shown.",
      "Write the metric's value today as `baseline:` (the last two quarters), and a `target:` that differs from it.",
      reads=("goal.status", "key_result.metric", "key_result.baseline", "key_result.target"),
      play="plays/customer-experience-goals.md#key-results-you-can-measure")
def check(self, ctx):
    for goal in ctx.org.goals.values():
        if is_retired(goal):
            continue
        for kr in goal.key_results:
            if kr.metric not in ctx.org.metrics:  # TN110's finding
                continue
            if kr.baseline is None:
                yield self.finding(f"a key result of {goal.id!r} on {kr.metric!r} has no baseline: "
                                   "nobody can tell how far it has come", kr.location)
            elif kr.target is not None and kr.target == kr.baseline:
                yield self.finding(f"a key result of {goal.id!r} on {kr.metric!r} has a target equal to its "
                                   f"baseline ({kr.target:g}): it asks for no change", kr.location)
