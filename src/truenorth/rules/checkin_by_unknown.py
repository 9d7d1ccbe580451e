"""TN133 checkin-by-unknown: a check-in's `by` is not a person in goals/people/.

`by` says who read the value (when it is not the goal's owner): the id of a person file. A name
nobody can find cannot be asked about the number, and the site cannot link it. A misspelt id gets a
did-you-mean in the message.

FAIL: `bobb` is not a person.

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
          - {date: 2020-02-01, value: 72, by: bobb}
```

PASS: `by` is the id of a person file.

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
          - {date: 2020-02-01, value: 72, by: bob}
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import checked_in, did_you_mean_note, rule


@rule("TN133", "checkin-by-unknown", Severity.ERROR, "A check-in's `by` is not a known person.",
      "Use the id of a person file in goals/people/ (its file name without .yaml), or leave `by` out.",
      reads=("key_result.check_ins", "key_result.metric"))
def check(self, ctx):
    people = ctx.org.people
    for goal, kr in checked_in(ctx):
        for c in kr.check_ins:
            if c.by is not None and c.by not in people:
                yield self.finding(f"a check-in of {goal.id!r} on {kr.metric!r} is by {c.by!r}, who is not a "
                                   f"known person{did_you_mean_note(c.by, people)}", c.by_location or c.location)
