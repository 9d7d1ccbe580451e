"""TN101 orphan: a goal whose chain of `supports` never reaches the vision.

Every goal says which goal one level up it contributes to (`supports:`), and following those links
from any goal must end at the customer vision: individual → department → corporate → vision. A goal
whose chain stops short (it supports nothing, or a goal that supports nothing, or an id that does not
exist, or it runs round in a cycle) has no line of sight to the vision; the message shows the chain
and where it breaks. Retired goals are not checked. A goal that deliberately stands alone (a legal
obligation, say) carries a reviewed `standalone_reason` instead.

FAIL: cat's goal supports nothing.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: []
    owner: cat
```

PASS: it supports her team's goal, which traces up through `ops-first-contact` and
`corp-satisfaction` to the vision.

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

PASS: a goal that stands alone on purpose says why.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: []
    owner: cat
    standalone_reason: Required by the works council agreement; reviewed with ann in January.
```
"""

from truenorth.analysis.coverage import is_standalone
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN101", "orphan", Severity.ERROR, "A goal does not trace up to the customer vision.",
      reads=("goal.supports", "goal.standalone_reason", "goal.status", "goal.level"))
def check(self, ctx):
    from truenorth.analysis.graph import break_point  # (networkx: the registry is read without it)

    if ctx.org.vision is None:
        return
    vision_id = ctx.org.vision.id
    for goal in ctx.org.goals.values():
        if goal.id in ctx.traced or is_standalone(goal, ctx.traced) or goal.status == "retired":
            continue
        chain = break_point(ctx.graph, goal.id)
        end = ctx.org.goals[chain[-1]]
        shown = " → ".join(chain)
        if not end.supports:
            why = f"{end.id!r} supports nothing" if end.id != goal.id else "it supports nothing"
            hint = (f"Add the goal it contributes to under `supports:` "
                    f"({'the vision: ' + vision_id if end.level == 1 else 'a goal one level up'}), "
                    "or add a reviewed `standalone_reason`.")
        elif all(s.target in ctx.invalid_goal_ids for s in end.supports):
            why = f"{end.id!r} supports a goal that was left out because of its own errors (reported above)"
            hint = "Fix the errors in the goal it supports."
        elif all(s.target not in ctx.graph for s in end.supports):
            why = f"{end.id!r} supports only ids that do not exist"
            hint = "Fix the id under `supports:` (see the dangling-reference finding)."
        else:
            why = "its chain goes round in a cycle and never reaches the vision"
            hint = "Break the cycle and link one of its goals to a goal one level up (see the cycle finding)."
        prefix = f"does not trace to the vision: {shown}; " if len(chain) > 1 else "does not trace to the vision: "
        yield self.finding(f"{goal.level.label} {goal.id!r} {prefix}{why}", goal.location, hint)
