"""TN140 period-ended-open: a goal's period is over and it was never closed out.

At the end of its period a goal is closed out: `status: achieved`, `partial`, `missed` or `dropped`,
with a `retrospective:` saying what happened and what the team learnt (`truenorth close` writes
both). A goal left `active` after its period ended keeps counting as work in progress, hides the
result from the period's review, and its owner is never asked what the quarter taught them. Each
such goal is reported on its `id`. A goal without a `period` is not checked, nor are drafts and
retired goals. "Today" is the date status is judged on: the `today` setting, $TRUENORTH_TODAY, or
the real date.

FAIL: bob's goal for the first half of 2026 is still active.

```yaml
# goals/people/bob.yaml
person:
  id: bob
  name: Bob Example
  department: ops-team
goals:
  - id: bob-callback-scripts
    title: Shorten the wait for a callback
    supports: [team-callbacks]
    owner: bob
    period: 2026-H1
```

PASS: the goal was closed out as partial, with a retrospective.

```yaml
# goals/people/bob.yaml
person:
  id: bob
  name: Bob Example
  department: ops-team
goals:
  - id: bob-callback-scripts
    title: Shorten the wait for a callback
    supports: [team-callbacks]
    owner: bob
    period: 2026-H1
    status: partial
    retrospective: Callbacks within the hour went from 40% to 70%; the evening shift never got the new script.
```
"""

from truenorth.analysis.periods import period_end
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN140", "period-ended-open", Severity.WARNING, "A goal's period has ended and it has no close-out status.",
      "Close it out: `truenorth close GOAL --as achieved|partial|missed|dropped --note \"what happened\"`, "
      "or give it a later period if the work goes on.",
      reads=("goal.period", "goal.status"), scope="goal")
def check(self, ctx):
    today = ctx.today
    if today is None:
        return
    for goal in ctx.org.goals.values():
        if goal.status != "active" or not goal.period:
            continue
        end = period_end(goal.period)
        if end < today:
            yield self.finding(f"{goal.id!r} ended with {goal.period} on {end.isoformat()} and is still active",
                               goal.location)
