"""Gaps in the cascade, for planning: what nobody carries and who carries too much.

* uncovered corporate goals: active corporate goals that no (non-retired) department goal supports directly
  (rule TN111);
* idle departments: departments none of whose department goals reaches a corporate goal, directly or through a
  goal of a parent department;
* the coverage matrix: for each department and each non-retired corporate goal, the department's goals that reach
  that corporate goal by following `supports` (only through non-retired goals);
* people with no goals: no non-retired individual goal in their file, and none dropped for its errors (rule TN112);
* people over the cap: owners of more active goals than `max_goals_per_person` (rule TN117);
* efficiency only: non-retired goals with a key result on an efficiency metric and none on an outcome metric
  (rule TN118);
* standalone goals: goals that do not trace to the vision by a reviewed `standalone_reason`
  (coverage.is_standalone), listed so the exemptions stay visible and get reviewed again.

The rules and this report ask these questions through the same functions (analysis/coverage.py).

Lists hold ids, sorted; renderers decide what to show of private goals.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import networkx as nx

from truenorth.analysis import coverage
from truenorth.analysis.graph import traced_to_vision
from truenorth.model import Level, Organisation


@dataclass
class GapReport:
    corporate_goals: list[str]  # the matrix columns: non-retired corporate goals, sorted by id
    departments: list[str]  # the matrix rows: every department, sorted by id
    coverage: dict[str, dict[str, list[str]]]  # department -> corporate goal -> the department's goals reaching it
    uncovered_corporate_goals: list[str]
    idle_departments: list[str]
    people_without_goals: list[str]
    overloaded_people: dict[str, int]  # person id -> number of active goals they own (only those over the cap)
    max_goals_per_person: int
    efficiency_only_goals: dict[str, list[str]]  # goal id -> its efficiency metric ids
    standalone_goals: list[str] = field(default_factory=list)  # non-retired exempt goals (coverage.is_standalone)
    private_goals: set[str] = field(default_factory=set)  # ids of private goals, which renderers must not name

    def carries(self, department: str, corporate_goal: str) -> bool:
        return bool(self.coverage.get(department, {}).get(corporate_goal))

    def to_dict(self, hide_private: bool = True) -> dict:
        """A JSON-ready dict; with `hide_private`, private goal ids are left out and counted instead."""
        def visible(ids):
            return [i for i in ids if not (hide_private and i in self.private_goals)]

        def hidden(ids):
            return sum(1 for i in ids if hide_private and i in self.private_goals)

        return {
            "corporate_goals": visible(self.corporate_goals),
            "departments": self.departments,
            "coverage": {d: {c: {"goals": visible(ids), "count": len(ids)}
                             for c, ids in row.items() if not (hide_private and c in self.private_goals)}
                         for d, row in self.coverage.items()},
            "uncovered_corporate_goals": visible(self.uncovered_corporate_goals),
            "uncovered_private_corporate_goals": hidden(self.uncovered_corporate_goals),
            "idle_departments": self.idle_departments,
            "people_without_goals": self.people_without_goals,
            "overloaded_people": self.overloaded_people,
            "max_goals_per_person": self.max_goals_per_person,
            "efficiency_only_goals": {g: m for g, m in self.efficiency_only_goals.items()
                                      if not (hide_private and g in self.private_goals)},
            "efficiency_only_private_goals": hidden(self.efficiency_only_goals),
            "standalone_goals": visible(self.standalone_goals),
            "standalone_private_goals": hidden(self.standalone_goals),
        }


def _live_graph(org: Organisation, graph: nx.DiGraph) -> nx.DiGraph:
    """The graph without retired goals (they carry nothing)."""
    retired = {g.id for g in org.goals.values() if g.status == "retired"}
    return graph.subgraph(n for n in graph.nodes if n not in retired) if retired else graph


def coverage_matrix(org: Organisation, graph: nx.DiGraph) -> dict[str, dict[str, list[str]]]:
    """department -> non-retired corporate goal -> the department's non-retired goals that reach it."""
    live = _live_graph(org, graph)
    corporate = sorted(g.id for g in org.goals_at(Level.CORPORATE) if g.status != "retired")
    corporate_set = set(corporate)
    matrix: dict[str, dict[str, list[str]]] = {d: {c: [] for c in corporate} for d in sorted(org.departments)}
    reach_cache: dict[str, set[str]] = {}
    for goal in sorted(org.goals_at(Level.DEPARTMENT), key=lambda g: g.id):
        if goal.status == "retired" or goal.department not in matrix or goal.id not in live:
            continue
        if goal.id not in reach_cache:
            reach_cache[goal.id] = nx.descendants(live, goal.id) & corporate_set
        for corp in reach_cache[goal.id]:
            matrix[goal.department][corp].append(goal.id)
    return matrix


def gap_report(org: Organisation, graph: nx.DiGraph, max_goals_per_person: int = 5,
               people_with_dropped_goals: Collection[str] = ()) -> GapReport:
    """people_with_dropped_goals: people whose goals the loader left out for their errors (not "no goals")."""
    matrix = coverage_matrix(org, graph)
    traced = traced_to_vision(graph, org) if any(g.standalone_reason for g in org.goals.values()) else set()
    corporate = sorted(g.id for g in org.goals_at(Level.CORPORATE) if g.status != "retired")
    uncovered = [g.id for g in coverage.uncovered_corporate_goals(org, graph)]
    idle = [d for d, row in matrix.items() if not any(row.values())]
    without = sorted(p.id for p in coverage.people_without_goals(org, people_with_dropped_goals))
    overloaded = coverage.overloaded_people(org, max_goals_per_person)
    efficiency_only: dict[str, list[str]] = {}
    for goal in sorted(org.goals.values(), key=lambda g: g.id):
        metrics = coverage.efficiency_only_metrics(org, goal)
        if metrics:
            efficiency_only[goal.id] = metrics

    return GapReport(
        corporate_goals=corporate,
        departments=sorted(org.departments),
        coverage=matrix,
        uncovered_corporate_goals=sorted(uncovered),
        idle_departments=idle,
        people_without_goals=without,
        overloaded_people=overloaded,
        max_goals_per_person=max_goals_per_person,
        efficiency_only_goals=efficiency_only,
        standalone_goals=sorted(g.id for g in org.goals.values()
                                if not coverage.is_retired(g) and coverage.is_standalone(g, traced)),
        private_goals={g.id for g in org.goals.values() if g.is_private},
    )
