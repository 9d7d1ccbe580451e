"""TN204 unmeasured-goal: a corporate or department goal with neither key results nor supporting goals.

A goal's progress is shown by its own key results or by the goals that support it (the site rolls
those up). A corporate or department goal with neither has no way to show progress, ever: it will
read "no data" on every review until someone gives it a number or a team takes it on. Individual
goals are left alone (a person's goal may be a commitment measured in the one-to-one), and so are
retired goals and the supporters that are retired (they carry nothing), and goals that do not trace
to the vision (TN101 has them; a goal standing alone by a reviewed reason is checked). An active
corporate goal that no goal supports is reported once, as TN111 (nobody carries it).

FAIL: a new team goal that nothing measures and no one supports.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
  - id: team-letters
    title: Letters customers understand
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
```

PASS: the same goal with a key result.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
  - id: team-letters
    title: Letters customers understand
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
    key_results:
      - {metric: csat, baseline: 70, target: 75}
```
"""

from truenorth.analysis.coverage import unmeasured_goals
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN204", "unmeasured-goal", Severity.WARNING,
      "A corporate or department goal has neither key results nor supporting goals: nothing can show its progress.",
      "Give it a key result on a metric from the catalogue, or ask the team that moves it for a goal that supports it.",
      reads=("goal.level", "goal.status", "goal.supports", "goal.standalone_reason"),
      play="plays/customer-experience-goals.md#key-results-you-can-measure")
def check(self, ctx):
    for goal in unmeasured_goals(ctx.org, ctx.graph, ctx.traced):
        yield self.finding(f"{goal.level.label} {goal.id!r} has no key result and no goal supporting it: "
                           "nothing can ever show its progress", goal.location)
