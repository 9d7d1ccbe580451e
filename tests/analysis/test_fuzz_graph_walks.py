"""The cascade's own graph walks (analysis/graph.py: `ancestors`, `is_acyclic`) give networkx's answers
(nx.ancestors, nx.is_directed_acyclic_graph) on any directed graph: self-loops, cycles, nodes with no
edge, several components."""

from __future__ import annotations

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from truenorth.analysis.graph import ancestors, is_acyclic

nodes = st.integers(min_value=0, max_value=12).map(lambda n: f"g{n}")
graphs = st.tuples(st.lists(nodes, max_size=13), st.lists(st.tuples(nodes, nodes), max_size=30))


def make(spec) -> nx.DiGraph:
    lone, edges = spec
    graph = nx.DiGraph()
    graph.add_nodes_from(lone)
    graph.add_edges_from(edges)
    return graph


@given(graphs, nodes)
def test_ancestors_are_networkx_ancestors(spec, node):
    graph = make(spec)
    graph.add_node(node)
    assert ancestors(graph, node) == nx.ancestors(graph, node)


@given(graphs)
def test_acyclic_as_networkx_says(spec):
    graph = make(spec)
    assert is_acyclic(graph) == nx.is_directed_acyclic_graph(graph)


def test_a_self_loop_and_a_long_cycle_are_cycles():
    assert not is_acyclic(make(([], [("a", "a")])))
    assert not is_acyclic(make(([], [(f"g{i}", f"g{(i + 1) % 50}") for i in range(50)] + [("x", "g0")])))
    assert is_acyclic(make((["lone"], [("a", "b"), ("b", "c"), ("a", "c")])))
