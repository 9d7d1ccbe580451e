"""TN207 customer-blind-goal: a corporate goal with no customer-outcome key result anywhere in its branch.

Every corporate goal exists for the customer vision, so somewhere in the goals that carry it,
someone should be measured by what customers experience. The catalogue marks those metrics with
`customer: true` (satisfaction, resolution, effort, complaints...). This rule looks at a corporate
goal's whole branch, the goal and every non-retired goal that supports it directly or through
others, and flags it when the branch is measured (it has key results) but never by a customer
outcome: a branch of engagement scores and cost figures that could rise while customers notice
nothing. A branch with no key result at all is TN204's business (nothing measures it). TN118 asks the
same of a single goal's efficiency numbers. Only active corporate goals are checked.

FAIL: the people goal measured by staff engagement alone, all the way down.

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
  - id: enps
    name: Employee NPS
    definition: Promoters minus detractors among staff.
    unit: points
    direction: higher
```

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
    key_results:
      - {metric: enps, baseline: 10, target: 25}
```

PASS: the coaching goal under it is measured by what customers feel too.

```yaml
# goals/departments/ops.yaml
department:
  id: ops
  name: Operations
  head: ann
goals:
  - id: ops-first-contact
    title: Solve it on the first contact
    supports: [corp-satisfaction]
    owner: ann
    period: 2027-H1
    plays: [voice]
  - id: ops-coaching
    title: Weekly coaching for every agent
    supports: [corp-people]
    owner: ann
    period: 2027
    key_results:
      - {metric: csat, baseline: 70, target: 74}
```

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
  - id: enps
    name: Employee NPS
    definition: Promoters minus detractors among staff.
    unit: points
    direction: higher
```

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
    key_results:
      - {metric: enps, baseline: 10, target: 25}
```
"""

from truenorth.analysis.coverage import customer_blind_corporate_goals
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN207", "customer-blind-goal", Severity.WARNING,
      "No goal in a corporate goal's branch has a key result on a customer outcome.",
      "Give a goal in the branch (often a department goal) a key result on a customer-outcome metric "
      "(`customer: true` in goals/metrics.yaml), the one its work should move.",
      reads=("goal.level", "goal.status", "goal.supports", "key_result.metric", "metric.customer"),
      play="plays/customer-experience-goals.md#outcomes-not-outputs")
def check(self, ctx):
    for goal in customer_blind_corporate_goals(ctx.org, ctx.graph):
        yield self.finding(f"corporate goal {goal.id!r} and the goals that support it are measured, but by no "
                           "customer outcome", goal.location)
