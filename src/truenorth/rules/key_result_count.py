"""TN203 key-result-count: a goal with too many or too few key results (outside 1-5 by default).

Two or three key results per goal keep a team's attention on what matters; past five the goal is a
dashboard, and the numbers pull in different directions. A goal with no key result at all is not
counted here (it is measured by the goals that support it; TN204 looks at those that have neither).
The range is the setting `key_results_per_goal = [1, 5]` under `[tool.truenorth]` in pyproject.toml
(the fewest, then the most, for a goal that has any). Retired goals are not checked.

FAIL: six key results on one goal.

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
      - {metric: csat, baseline: 70, target: 75}
      - {metric: csat, baseline: 70, target: 76}
      - {metric: csat, baseline: 70, target: 77}
      - {metric: csat, baseline: 70, target: 78}
      - {metric: csat, baseline: 70, target: 79}
      - {metric: aht, baseline: 9, target: 8}
```

FAIL: with `key_results_per_goal = [2, 4]`, a goal with one key result.

```yaml
# pyproject.toml
[tool.truenorth]
key_results_per_goal = [2, 4]
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
      - {metric: csat, baseline: 70, target: 75}
```

PASS: two key results.

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
      - {metric: csat, baseline: 70, target: 75}
      - {metric: aht, baseline: 9, target: 8}
```
"""

from truenorth.analysis.coverage import is_retired
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN203", "key-result-count", Severity.WARNING,
      "A goal has more or fewer key results than the `key_results_per_goal` range (1-5 by default).",
      "Keep the two or three numbers that show the outcome; move the rest to a dashboard (or split the goal).",
      reads=("goal.status",), play="plays/customer-experience-goals.md#key-results-you-can-measure")
def check(self, ctx):
    fewest, most = ctx.key_results_per_goal
    for goal in ctx.org.goals.values():
        count = len(goal.key_results)
        if not count or is_retired(goal) or fewest <= count <= most:
            continue
        yield self.finding(f"{goal.id!r} has {count} key result{'s' if count != 1 else ''}; "
                           f"a goal with any has {fewest} to {most} (key_results_per_goal)", goal.location)
