"""TN103 cycle: goals that support each other in a loop, so none of them has a direction.

Support flows one way, up towards the vision. When following `supports:` from a goal comes back to
that goal, the goals in the loop hold each other up and none of them reaches the vision (each is
also an orphan, TN101). One finding per loop, at the link that starts it, naming every goal in it.

FAIL: a goal that supports itself. Also reported: TN101.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [cat-empathy]
    owner: cat
```

FAIL: two team goals that support each other (the second link also points sideways, TN105, and the ops goal
they no longer support has nothing to show its progress, TN204).
Also reported: TN101, TN105, TN204.

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
    supports: [team-followups]
    owner: bob
    period: 2027-Q1
  - id: team-followups
    title: Follow up every callback
    supports: [team-callbacks]
    owner: bob
    period: 2027-Q1
```

PASS: both team goals support a goal one level up.

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
  - id: team-followups
    title: Follow up every callback
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
    key_results:
      - {metric: csat, baseline: 70, target: 75}
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN103", "cycle", Severity.ERROR, "Goals support each other in a loop.",
      "Remove the link that points down or sideways; support flows upward only.",
      reads=("goal.supports",))
def check(self, ctx):
    import networkx as nx  # here: listing the rules (the settings' severities) must not load it

    from truenorth.analysis.graph import is_acyclic

    if is_acyclic(ctx.graph):
        return  # the usual case, and cheaper to establish than the components below
    for component in nx.strongly_connected_components(ctx.graph):
        if len(component) == 1:
            node = next(iter(component))
            if not ctx.graph.has_edge(node, node):
                continue
            goal = ctx.org.goals[node]
            link = next(s for s in goal.supports if s.target == node)
            yield self.finding(f"{node!r} supports itself", link.location, "Remove its own id from `supports:`.")
            continue
        cycle = [u for u, _ in nx.find_cycle(ctx.graph.subgraph(component))]
        start = min(cycle)
        i = cycle.index(start)
        cycle = cycle[i:] + cycle[:i]
        shown = " → ".join(cycle + [cycle[0]])
        first = ctx.org.goals[cycle[0]]
        link = next(s for s in first.supports if s.target == cycle[1 % len(cycle)])
        others = tuple(ctx.org.goals[n].location for n in cycle[1:])
        yield self.finding(f"these goals support each other in a cycle: {shown}", link.location, related=others)
