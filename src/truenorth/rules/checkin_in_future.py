"""TN132 checkin-in-future: a check-in is dated after today.

A check-in records a value someone read: it cannot be dated after the day the check is made. "Today"
is the date every command judges status on (`today` under [tool.truenorth], $TRUENORTH_TODAY over it,
else the real date), so a sample or a test can fix it. A future date is almost always a typo (2072 for
2027), and it would make the key result look checked in for months to come.

FAIL: a check-in dated in 2999.

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
          - {date: 2999-01-04, value: 74}
```

PASS: a check-in dated in the past.

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
          - {date: 2020-01-04, value: 74}
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import checked_in, rule


@rule("TN132", "checkin-in-future", Severity.ERROR, "A check-in is dated after today.",
      "Use the date the value was read (YYYY-MM-DD), today or before.",
      reads=("key_result.check_ins", "key_result.metric"))
def check(self, ctx):
    today = ctx.today
    if today is None:
        return
    for goal, kr in checked_in(ctx):
        for c in kr.check_ins:
            if c.date is not None and c.date > today:
                yield self.finding(f"a check-in of {goal.id!r} on {kr.metric!r} is dated {c.date.isoformat()}, "
                                   f"after today ({today.isoformat()})", c.location)
