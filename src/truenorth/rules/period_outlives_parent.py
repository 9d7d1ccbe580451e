"""TN113 period-outlives-parent: a goal runs past the end of the goal it supports.

A goal's `period` (a year `2027`, a half `2027-H1` or a quarter `2027-Q2`) is when it should be
done. A goal that ends after the goal it supports cannot help that goal in time: either its period
is too long or the parent's is too short. Goals without a period, and links to goals without one,
are not checked.

FAIL: a goal for all of 2027 supporting a goal of the first quarter.

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
    period: 2027
```

PASS: the goal ends with the quarter of the goal it supports.

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
    period: 2027-Q1
```
"""

from truenorth.analysis.periods import period_end
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN113", "period-outlives-parent", Severity.WARNING, "A goal's period ends after that of the goal it supports.",
      "Shorten this goal's period, or extend the period of the goal it supports.",
      reads=("goal.period", "goal.supports"), scope="links")
def check(self, ctx):
    for goal in ctx.org.goals.values():
        if not goal.period:
            continue
        end = period_end(goal.period)
        for link in goal.supports:
            parent = ctx.org.goals.get(link.target)
            if parent is None or not parent.period:
                continue
            if end > period_end(parent.period):
                yield self.finding(f"{goal.id!r} runs to the end of {goal.period}, after {parent.id!r} ends "
                                   f"({parent.period})", link.location)
