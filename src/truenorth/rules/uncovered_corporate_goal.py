"""TN111 uncovered-corporate-goal: an active corporate goal that no department goal supports.

A corporate goal is carried by the departments whose goals support it; one that no department goal
supports directly is a gap in the cascade: nobody is working on it. Only active corporate goals are
checked (an achieved or retired one needs no carrier), and a retired department goal carries
nothing. `truenorth gaps` lists the same goals, by the same test (analysis/coverage.py).

FAIL: a new corporate goal, `corp-cost`, that no department has taken on.

```yaml
# goals/corporate.yaml
goals:
  - id: corp-satisfaction
    title: Customers rate us highly
    supports: [vision]
    owner: ann
    period: 2027
    key_results:
      - {metric: csat, baseline: 70, target: 80}
  - id: corp-people
    title: People who love the work
    supports: [vision]
    owner: ann
    period: 2027
  - id: corp-cost
    title: Lower the cost to serve
    supports: [vision]
    owner: bob
    period: 2027
```

PASS: the same goal, retired: a retired corporate goal is no gap.

```yaml
# goals/corporate.yaml
goals:
  - id: corp-satisfaction
    title: Customers rate us highly
    supports: [vision]
    owner: ann
    period: 2027
    key_results:
      - {metric: csat, baseline: 70, target: 80}
  - id: corp-people
    title: People who love the work
    supports: [vision]
    owner: ann
    period: 2027
  - id: corp-cost
    title: Lower the cost to serve
    supports: [vision]
    owner: bob
    period: 2027
    status: retired
```
"""

from truenorth.analysis.coverage import uncovered_corporate_goals
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN111", "uncovered-corporate-goal", Severity.WARNING, "No department goal supports this corporate goal.",
      "Ask the departments that move this goal to add a department goal that supports it.",
      reads=("goal.level", "goal.status", "goal.supports"))
def check(self, ctx):
    for goal in uncovered_corporate_goals(ctx.org, ctx.graph):
        yield self.finding(f"corporate goal {goal.id!r} is supported by no department goal: nobody carries it",
                           goal.location)
