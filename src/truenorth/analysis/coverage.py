"""The coverage questions, defined once: `truenorth check` (rules TN111, TN112, TN117, TN118) and
`truenorth gaps` both ask them through these functions, so they cannot give different answers.

A retired goal carries nothing, counts for no one and is measured for no one: every question
below leaves it out. An achieved goal still counts (it was carried; its owner has it).

* uncovered corporate goals (TN111): active corporate goals that no non-retired department goal
  supports directly;
* people without goals (TN112): people with no non-retired individual goal in their file, leaving
  out those whose goals were dropped for their own errors (they wrote goals: the schema or
  duplicate-id finding is what they must fix, not a missing goal);
* overloaded people (TN117): people who own more active goals than the cap;
* efficiency-only goals (TN118): non-retired goals with a key result on an efficiency metric and
  none on an outcome metric (metrics not in the catalogue are TN110's business and ignored here).

No networkx here: the rules import this module, and listing the rules must stay light.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from truenorth.model import Goal, Level, Organisation, Person

if TYPE_CHECKING:
    import networkx as nx


def is_retired(goal: Goal) -> bool:
    """Out of the cascade: retired, or dropped at the end of its period (a close-out that carries nothing)."""
    return goal.status in ("retired", "dropped")


def is_standalone(goal: Goal, traced: Collection[str]) -> bool:
    """An exempt goal: it does not trace to the vision and carries a reviewed `standalone_reason`.

    The one answer every command and the site give: TN101 leaves such a goal alone, `check`'s summary
    counts it as standalone (not as traced), and `tree`, `trace`, `gaps`, `impact`, `status` and the
    site show it as standalone, with its reason. A goal with a reason that does trace is simply traced.
    """
    return bool(goal.standalone_reason) and goal.id not in traced


def uncovered_corporate_goals(org: Organisation, graph: nx.DiGraph) -> Iterator[Goal]:
    """Active corporate goals no non-retired department goal supports directly, in the folder's order."""
    for goal in org.goals_at(Level.CORPORATE):
        if goal.status != "active":
            continue
        backers = (org.goals[g] for g in graph.predecessors(goal.id) if g in org.goals) if goal.id in graph else ()
        if not any(b.level == Level.DEPARTMENT and not is_retired(b) for b in backers):
            yield goal


def people_without_goals(org: Organisation, people_with_dropped_goals: Collection[str] = ()) -> Iterator[Person]:
    """People with no non-retired individual goal and no goal dropped for its errors, in the folder's order."""
    holders = {g.person for g in org.goals.values() if g.person and not is_retired(g)}
    for person in org.people.values():
        if person.id not in holders and person.id not in people_with_dropped_goals:
            yield person


def overloaded_people(org: Organisation, cap: int) -> dict[str, int]:
    """Person id -> how many active goals they own, for the people over the cap, sorted by id."""
    counts = Counter(g.owner for g in org.goals.values() if g.status == "active")
    return {owner: n for owner, n in sorted(counts.items()) if n > cap and owner in org.people}


def efficiency_only_metrics(org: Organisation, goal: Goal) -> list[str]:
    """The efficiency metric ids of a non-retired goal measured by efficiency alone, sorted; else []."""
    if is_retired(goal):
        return []
    kinds: dict[str, set[str]] = {}
    for kr in goal.key_results:
        metric = org.metrics.get(kr.metric)
        if metric is not None:
            kinds.setdefault(metric.kind, set()).add(metric.id)
    if "efficiency" in kinds and "outcome" not in kinds:
        return sorted(kinds["efficiency"])
    return []
