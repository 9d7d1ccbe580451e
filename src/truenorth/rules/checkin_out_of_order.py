"""TN131 checkin-out-of-order: a key result's check-ins are not written oldest first.

Check-ins are a log: each new reading goes below the last. A reading dated before the one written
above it is usually a mistyped date (2027-03-01 for 2027-05-01), and the value taken as current (the
latest date's) would not be the one written last. Two readings on the same day are in order.

FAIL: the second check-in is dated before the first.

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
        check_ins:
          - {date: 2020-03-01, value: 72}
          - {date: 2020-02-01, value: 74}
```

PASS: oldest first.

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
        check_ins:
          - {date: 2020-02-01, value: 72}
          - {date: 2020-03-01, value: 74}
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import checked_in, rule


@rule("TN131", "checkin-out-of-order", Severity.ERROR, "A check-in is dated before the one above it.",
      "Write check-ins oldest first, each new one below the last, and check the date.",
      reads=("key_result.check_ins", "key_result.metric"))
def check(self, ctx):
    for goal, kr in checked_in(ctx):
        previous = None
        for c in kr.check_ins:
            if c.date is None:
                continue
            if previous is not None and c.date < previous.date:
                yield self.finding(f"a check-in of {goal.id!r} on {kr.metric!r} dated {c.date.isoformat()} comes "
                                   f"after one dated {previous.date.isoformat()}", c.location,
                                   related=(previous.location,))
            previous = c
