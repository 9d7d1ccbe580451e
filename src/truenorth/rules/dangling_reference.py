"""TN102 dangling-reference: `supports` names an id that no goal (nor the vision) has.

An id under `supports:` must be the id of a goal somewhere in the goals folder, or the vision's id.
A misspelt or renamed id links the goal to nothing, so it also no longer traces to the vision
(TN101). The message suggests the closest existing id. A link to a goal that exists but was left
out for its own errors is not reported here (those errors are).

FAIL: `team-callback` is not an id (the team's goal is `team-callbacks`). Also reported: TN101.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callback]
    owner: cat
```

PASS: every id under `supports` exists.

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
from truenorth.rules.base import did_you_mean, rule


@rule("TN102", "dangling-reference", Severity.ERROR, "`supports` names a goal that does not exist.",
      reads=("goal.supports",))
def check(self, ctx):
    known = None
    for goal in ctx.org.goals.values():
        for link in goal.supports:
            if link.target in ctx.graph or link.target in ctx.invalid_goal_ids:
                continue
            known = known if known is not None else ctx.known_ids()
            close = did_you_mean(link.target, known)
            message = f"{goal.id!r} supports {link.target!r}, which does not exist"
            if close:
                message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
            hint = (f"Replace it with {close[0]!r}." if close else
                    "Check the id in the goal's file (ids are lower-case, with hyphens), or remove the link.")
            yield self.finding(message, link.location, hint)
