"""TN107 unknown-owner: a goal's (or the vision's) owner is not a person in goals/people/.

Every goal has one owner, named by the id of a person file (its file name without `.yaml`). An
owner nobody can find is a goal nobody answers for, and the site cannot link it to a person page.
A misspelt id gets a did-you-mean in the message.

FAIL: `catt` is not a person (the person file is goals/people/cat.yaml).

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
    owner: catt
```

PASS: the owner is the id of a person file.

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
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import did_you_mean_note, rule


@rule("TN107", "unknown-owner", Severity.ERROR, "A goal's owner is not a known person.",
      "Use the id of a person file in goals/people/ (its file name without .yaml).",
      reads=("goal.owner", "vision.owner"))
def check(self, ctx):
    people = ctx.org.people
    vision = ctx.org.vision
    if vision is not None and vision.owner and vision.owner not in people:
        yield self.finding(f"the vision's owner {vision.owner!r} is not a known person"
                           f"{did_you_mean_note(vision.owner, people)}", vision.location)
    for goal in ctx.org.goals.values():
        if goal.owner not in people:
            yield self.finding(f"{goal.id!r} is owned by {goal.owner!r}, who is not a known person"
                               f"{did_you_mean_note(goal.owner, people)}", goal.owner_location or goal.location)
