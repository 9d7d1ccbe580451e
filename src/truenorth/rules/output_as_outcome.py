"""TN205 output-as-outcome: a goal or key result worded as a delivery ("launch", "implement", "roll out").

A goal says what will be different for customers (or for the people who serve them); a delivery
says what we will do. "Launch the new callback service" is done the day it ships, whether or not a
single customer gets called back sooner. The rule flags a goal title or a key result description
that starts with one of the delivery words: by default "launch", "implement", "roll out", "deploy",
"introduce", "install", "go live", "ship", "hold" and "run" ("hold 12 listening sessions"). The
setting `output_words` under `[tool.truenorth]` replaces the list (words or phrases, matched as whole
words at the start, in any case). Retired goals are not checked.

FAIL: a team goal that names the project, not what customers get from it.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks
    title: Launch the callback service
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
```

FAIL: a key result that counts sessions held.

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
        description: Hold 12 call-listening sessions
        baseline: 70
        target: 75
```

PASS: the same team goal, worded as what customers get.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks
    title: Every unresolved case called back the same day
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
```
"""

from truenorth.analysis.coverage import is_retired
from truenorth.analysis.wording import delivery_word
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN205", "output-as-outcome", Severity.WARNING,
      "A goal or key result is worded as a delivery (launch, implement, roll out...), not as an outcome.",
      "Say what will be different for customers once it is done (\"callbacks the same day\", not \"launch "
      "callbacks\"); keep the delivery as a step in the goal's description.",
      reads=("goal.status", "goal.title", "key_result.description"), scope="goal",
      play="plays/customer-experience-goals.md#outcomes-not-outputs")
def check(self, ctx):
    starts = delivery_word(ctx.output_words)
    for goal in ctx.org.goals.values():
        if is_retired(goal):
            continue
        word = starts(goal.title)
        if word:
            yield self.finding(f"the title of {goal.id!r} starts with {word!r}: it names a delivery, "
                               "not an outcome", goal.location)
        for kr in goal.key_results:
            word = starts(kr.description) if kr.description else None
            if word:
                yield self.finding(f"a key result of {goal.id!r} is described as a delivery ({word!r}): "
                                   "it counts output, not outcome", kr.location)
