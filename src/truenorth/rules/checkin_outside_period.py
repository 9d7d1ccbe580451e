"""TN130 checkin-outside-period: a check-in is dated outside its goal's period (or is no calendar date).

A check-in (`check_ins:` under a key result) records the value on a date while the goal runs: a
reading dated before the goal's period starts or after it ends belongs to another goal (last year's,
next quarter's), and would draw the trend and the forecast from the wrong numbers. A date written
YYYY-MM-DD that is no day of the calendar (2027-02-30) is reported too. A goal without a period of its
own is not checked here (its period comes from the goals above it).

FAIL: the goal runs in 2020-Q1; the check-in is dated in April.

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
    period: 2020-Q1
    status: missed
    key_results:
      - metric: csat
        baseline: 70
        target: 85
        check_ins:
          - {date: 2020-04-02, value: 74}
```

PASS: the check-in is dated inside the quarter.

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
    period: 2020-Q1
    status: missed
    key_results:
      - metric: csat
        baseline: 70
        target: 85
        check_ins:
          - {date: 2020-02-02, value: 74}
```
"""

from truenorth.analysis.periods import period_range
from truenorth.findings import Severity
from truenorth.rules.base import checked_in, rule


@rule("TN130", "checkin-outside-period", Severity.ERROR, "A check-in is dated outside its goal's period.",
      "Date the check-in inside the goal's period (or fix the period); dates are YYYY-MM-DD.",
      reads=("key_result.check_ins", "key_result.metric", "goal.period"), scope="goal")
def check(self, ctx):
    for goal, kr in checked_in(ctx):
        span = None
        if goal.period:
            try:
                span = period_range(str(goal.period))
            except (ValueError, IndexError):
                span = None
        for c in kr.check_ins:
            if c.date is None:
                yield self.finding(f"a check-in of {goal.id!r} on {kr.metric!r} is dated on no calendar day",
                                   c.location)
            elif span is not None and not span[0] <= c.date <= span[1]:
                yield self.finding(f"a check-in of {goal.id!r} on {kr.metric!r} is dated {c.date.isoformat()}, "
                                   f"outside its period {goal.period} ({span[0].isoformat()} to {span[1].isoformat()})",
                                   c.location)
