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
  none on an outcome metric (metrics not in the catalogue are TN110's business and ignored here);
* unmeasured goals (TN204): department goals (and corporate goals TN111 does not look at: achieved ones),
  not retired, traced or standalone, with no key result and no non-retired goal supporting them;
* customer-blind corporate goals (TN207): active corporate goals whose branch (the goal and every
  non-retired goal that supports it, directly or not) has key results, none on a customer-outcome
  metric (`customer: true` in the catalogue);
* departments without a customer outcome: no non-retired goal of the department or of its people has
  a key result on a customer-outcome metric (the health score, analysis/health.py);
* skipped levels (TN106): links that skip a level of the cascade (the health score too).

No networkx here: the rules import this module, and listing the rules must stay light.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from truenorth.model import Goal, Level, Organisation, Person, Support

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
    metrics = org.metrics
    efficiency = None
    for kr in goal.key_results:
        metric = metrics.get(kr.metric)
        if metric is None:
            continue
        if metric.kind == "outcome":
            return []  # an outcome beside them
        if metric.kind == "efficiency":
            if efficiency is None:
                efficiency = set()
            efficiency.add(metric.id)
    return sorted(efficiency) if efficiency else []


def unmeasured_goals(org: Organisation, graph: nx.DiGraph, traced: Collection[str]) -> Iterator[Goal]:
    """Non-retired corporate and department goals that trace to the vision (or stand alone) with no key result
    and no non-retired supporting goal: nothing can ever show their progress. In the folder's order. (A goal
    cut off from the vision has an error to fix first.)"""
    for goal in org.goals.values():
        if goal.level == Level.INDIVIDUAL or goal.key_results or is_retired(goal):
            continue
        if goal.level == Level.CORPORATE and goal.status == "active":
            continue  # with no goal supporting it, it is an uncovered corporate goal: TN111 says so already
        if (goal.id in traced or is_standalone(goal, traced)) and not is_supported(org, graph, goal.id):
            yield goal


def is_supported(org: Organisation, graph: nx.DiGraph, goal_id: str) -> bool:
    """Whether a non-retired goal supports this one directly."""
    supporters = graph.predecessors(goal_id) if goal_id in graph else ()
    return any(s in org.goals and not is_retired(org.goals[s]) for s in supporters)


def customer_blind_corporate_goals(org: Organisation, graph: nx.DiGraph) -> Iterator[Goal]:
    """Active corporate goals whose branch is measured (has key results) but by no customer-outcome metric.
    A branch with no key result at all is left to TN204 (nothing measures it)."""
    customer = customer_metrics(org)
    goals = org.goals
    for goal in org.goals_at(Level.CORPORATE):
        if goal.status != "active":
            continue
        measured = False
        seen, todo = {goal.id}, [goal.id]
        while todo:  # the branch, until a customer outcome is found in it
            node = todo.pop()
            found = goals.get(node)
            if found is None or found.status == "retired":
                continue
            if found.key_results:
                measured = True
                if any(kr.metric in customer for kr in found.key_results):
                    break
            for supporter in graph.predecessors(node) if node in graph else ():
                if supporter not in seen:
                    seen.add(supporter)
                    todo.append(supporter)
        else:
            if measured:
                yield goal


def customer_metrics(org: Organisation) -> set[str]:
    """The ids of the catalogue's customer-outcome metrics (`customer: true`)."""
    return {m.id for m in org.metrics.values() if m.customer}


def departments_without_customer_outcome(org: Organisation) -> list[str]:
    """Department ids (sorted) none of whose non-retired goals, nor its people's, has a customer-outcome key result."""
    customer = customer_metrics(org)
    served = set()
    for g in org.goals.values():  # (a department found served needs no more looking at: most goals are skipped)
        if g.department not in served and g.key_results and g.status != "retired" and any(
                kr.metric in customer for kr in g.key_results):
            served.add(g.department)
    return sorted(d for d in org.departments if d not in served)


def skipped_level_links(org: Organisation) -> Iterator[tuple[Goal, Support, Level]]:
    """(goal, link, level of its target) for every link that skips a level of the cascade, in the folder's order."""
    vision = org.vision
    for goal in org.goals.values():
        for link in goal.supports:
            if vision is not None and link.target == vision.id:
                target_level = Level.VISION
            elif link.target in org.goals:
                target_level = org.goals[link.target].level
            else:
                continue
            if goal.level - target_level >= 2:
                yield goal, link, target_level
