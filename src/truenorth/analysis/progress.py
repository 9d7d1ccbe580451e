"""Progress of key results and of goals, rolled up the cascade to the vision.

A key result's progress is how far `current` has moved from `baseline` towards
`target`, as a fraction clamped to [-1, 1]:

    (current - baseline) / (target - baseline)

The formula is the same whichever way the metric points: for a lower-is-better
metric (baseline 300 s, target 200 s, current 250 s) it gives 0.5 too. A key
result that got worse than its baseline has negative progress, so a fall shows
as a fall and not as "0%, nothing moved": CSAT from a baseline of 64 towards a
target of 78 that is now 61 is -3/14, about -21%. A fall of the whole distance
from baseline to target or more counts as -1.0 (-100%), so one collapsed key
result cannot outweigh all the others in a goal's mean. Beyond the target it
counts as 1.0: the key result has met its target (key_result_met). The
metric's `direction` decides the cases the formula cannot:

* no `current` or no `target`: None (no data);
* no `baseline`: all or nothing, 1.0 when `current` meets the target in the good
  direction (>= target for "higher", <= target for "lower"), else 0.0;
* baseline == target (a zero-length range, "hold the line"): the same all or
  nothing test.

An unknown metric (None) is taken as higher-is-better. A target that points the
wrong way (the wrong-direction rule reports it) is still measured as distance
travelled from baseline towards target.

A goal's progress is the weighted mean (KeyResult.weight) of its key results
that have data (so it is negative when its key results fell on balance). A goal
whose key results all met their targets has met its targets (targets_met): the
status is "target-met" (analysis.status). A goal without key results, or whose key results have no data
yet, takes the weighted mean (Support.weight, the edge attribute "weight") of
the goals that support it, leaving out retired, dropped and draft supporters and supporters whose
own progress is None. The vision rolls up from the corporate goals the same way.
An achieved goal counts as 1.0. A goal that supports two goals counts fully
toward each of them. Goals in a cycle (or naming themselves) only get their own
key-result progress: nothing is rolled up into them, so there is no recursion
and no double counting; goals outside the cycle still use their value.

Everything runs in linear time: strongly connected components, then one pass in
topological order over the graph with the cycles' inner edges removed.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from truenorth.model import Goal, KeyResult, Metric, Organisation

NOT_COUNTED = ("retired", "dropped", "draft")
"""Statuses whose goals count in no roll-up (see counts_in_progress)."""

HIGHER = "higher"
LOWER = "lower"


def _meets(current: float, target: float, direction: str) -> bool:
    return current <= target if direction == LOWER else current >= target


def key_result_progress(kr: KeyResult, metric: Metric | None) -> float | None:
    """The fraction -1..1 of the way from baseline to target (negative: worse than the baseline), or None
    without current or target (see module doc)."""
    if kr.current is None or kr.target is None:
        return None
    direction = metric.direction if metric is not None else HIGHER
    if kr.baseline is None or kr.baseline == kr.target:
        return 1.0 if _meets(kr.current, kr.target, direction) else 0.0
    fraction = (kr.current - kr.baseline) / (kr.target - kr.baseline)
    return min(1.0, max(-1.0, fraction))


def key_result_met(kr: KeyResult, metric: Metric | None) -> bool:
    """Whether the key result has reached (or passed) its target: progress 1.0."""
    return key_result_progress(kr, metric) == 1.0


def targets_met(org: Organisation, goal: Goal) -> bool:
    """Whether the goal has key results and every one of them has met its target."""
    return bool(goal.key_results) and all(key_result_met(kr, org.metrics.get(kr.metric)) for kr in goal.key_results)


def worse_than_baseline(kr: KeyResult, metric: Metric | None) -> bool:
    """Whether the key result moved away from its target since its baseline (negative progress)."""
    value = key_result_progress(kr, metric)
    return value is not None and value < 0


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    total = 0.0
    weights = 0.0
    for value, weight in pairs:
        if weight is None or weight <= 0:
            continue
        total += value * weight
        weights += weight
    return total / weights if weights > 0 else None


def key_results_progress(org: Organisation, goal: Goal) -> float | None:
    """Weighted mean of the goal's key results that have data; None when none has."""
    pairs = []
    for kr in goal.key_results:
        value = key_result_progress(kr, org.metrics.get(kr.metric))
        if value is not None:
            pairs.append((value, kr.weight))
    return _weighted_mean(pairs)


def counts_in_progress(goal: Goal) -> bool:
    """Whether a goal's progress rolls up into the goals it supports: not when it is retired or dropped
    (it left the cascade) or a draft (not yet agreed)."""
    return goal.status not in NOT_COUNTED


def cyclic_nodes(graph: nx.DiGraph) -> set[str]:
    """Nodes on a cycle: members of a strongly connected component of two or more, or with a self-loop."""
    if nx.is_directed_acyclic_graph(graph):
        return set()  # the usual case, and cheaper to establish than the components below
    nodes: set[str] = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            nodes |= component
    nodes |= {u for u, v in nx.selfloop_edges(graph)}
    return nodes


def acyclic_view(graph: nx.DiGraph) -> tuple[nx.DiGraph, set[str]]:
    """A copy of the graph without the edges inside cycles (so it is a DAG), and the nodes on cycles."""
    on_cycle = cyclic_nodes(graph)
    if not on_cycle:
        return graph, on_cycle
    component_of: dict[str, int] = {}
    for n, component in enumerate(nx.strongly_connected_components(graph)):
        for node in component:
            component_of[node] = n
    dag = nx.DiGraph()
    dag.add_nodes_from(graph.nodes(data=True))
    dag.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if component_of[u] != component_of[v])
    return dag, on_cycle


def goal_progress(org: Organisation, graph: nx.DiGraph) -> dict[str, float | None]:
    """Progress 0..1 (or None) for every goal id and the vision id (see module doc)."""
    dag, on_cycle = acyclic_view(graph)
    result: dict[str, float | None] = {}
    vision_id = org.vision.id if org.vision is not None else None

    def own(node: str) -> float | None:
        goal = org.goals.get(node)
        if goal is None:
            return None
        if goal.status == "achieved":
            return 1.0
        return key_results_progress(org, goal)

    def rolled(node: str) -> float | None:
        pairs = []
        for child in dag.predecessors(node):
            goal = org.goals.get(child)
            if goal is None or not counts_in_progress(goal):
                continue
            value = result.get(child)
            if value is None:
                continue
            pairs.append((value, dag.edges[child, node].get("weight", 1.0)))
        return _weighted_mean(pairs)

    # supporters come before the goals they support in a topological order of the support edges
    for node in nx.topological_sort(dag):
        if node != vision_id and node not in org.goals:
            continue
        value = own(node)
        if value is None and node not in on_cycle:
            value = rolled(node)
        result[node] = value
    for goal_id in org.goals:  # goals missing from the graph (a graph built from another org) still get a value
        if goal_id not in result:
            result[goal_id] = own(goal_id)
    if vision_id is not None and vision_id not in result:
        result[vision_id] = None
    return result
