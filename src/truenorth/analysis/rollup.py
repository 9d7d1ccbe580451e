"""The roll-up: a goal's progress from its key results and the goals that support it, up to the vision.

The site and `truenorth status` take a goal's progress from here (through analysis.status's
`assess`), and so should a rule that needs it; the progress of one key result is analysis/progress.py's.

A goal's progress is the weighted mean (KeyResult.weight) of its key results
that have data (so it is negative when its key results fell on balance). A goal
whose key results all met their targets has met its targets (targets_met): the
status is "target-met" (analysis.status). A goal without key results, or whose key results have no data
yet, takes the weighted mean (Support.weight, the edge attribute "weight") of
the goals that support it, leaving out retired, dropped and draft supporters (counts_in_progress) and supporters whose
own progress is None. The vision rolls up from the corporate goals the same way.
An achieved goal counts as 1.0. A goal that supports two goals counts fully
toward each of them. Goals in a cycle (or naming themselves) only get their own
key-result progress: nothing is rolled up into them, so there is no recursion
and no double counting; goals outside the cycle still use their value.

Everything runs in linear time: strongly connected components, then one pass in
topological order over the graph with the cycles' inner edges removed.
"""

from __future__ import annotations

import networkx as nx

from truenorth.analysis.progress import key_results_progress, weighted_mean
from truenorth.model import Goal, Organisation


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


NOT_COUNTED = ("retired", "dropped", "draft")
"""Statuses whose goals count in no roll-up: they left the cascade (retired, dropped) or are not yet agreed."""


def counts_in_progress(goal: Goal) -> bool:
    """Whether a goal's progress rolls up into the goals it supports."""
    return goal.status not in NOT_COUNTED


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
        return weighted_mean(pairs)

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
