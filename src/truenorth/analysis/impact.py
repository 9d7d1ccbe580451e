"""What retiring a goal would cut off from the vision.

The goals that would lose their line of sight are those that reach the vision
now and would not once the goal is gone: remove the node, recompute which goals
reach the vision, compare. Goals with a second path keep their line of sight.
Goals that are already retired are treated as gone on both sides of the
comparison (a path through a retired goal is no line of sight), except the goal
asked about itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from truenorth.analysis.coverage import is_standalone
from truenorth.model import Organisation


class UnknownGoal(ValueError):
    """The id names no goal (the vision cannot be retired either)."""


@dataclass
class ImpactReport:
    goal_id: str
    lost: list[str]  # goals that would no longer reach the vision, sorted by id
    kept: list[str]  # goals that depend on it today but keep another path, sorted by id
    owners: dict[str, list[str]]  # owner (person id) -> their goals in `lost`
    reaches_vision: bool  # whether the goal itself reaches the vision today
    private_goals: set[str] = field(default_factory=set)  # private goals among lost and kept
    standalone: bool = False  # the goal stands alone by a reviewed standalone_reason (coverage.is_standalone)

    @property
    def people(self) -> list[str]:
        return sorted(self.owners)

    def to_dict(self, hide_private: bool = True) -> dict:
        def visible(ids):
            return [i for i in ids if not (hide_private and i in self.private_goals)]

        return {
            "goal": self.goal_id,
            "reaches_vision": self.reaches_vision,
            "standalone": self.standalone,
            "lost": visible(self.lost),
            "lost_private": len(self.lost) - len(visible(self.lost)),
            "kept": visible(self.kept),
            "kept_private": len(self.kept) - len(visible(self.kept)),
            "owners": {o: {"goals": visible(ids), "count": len(ids)} for o, ids in self.owners.items()},
        }


def _reaching(graph: nx.DiGraph, vision_id: str | None) -> set[str]:
    if vision_id is None or vision_id not in graph:
        return set()
    return nx.ancestors(graph, vision_id)


def impact(org: Organisation, graph: nx.DiGraph, goal_id: str) -> ImpactReport:
    """Raise UnknownGoal when `goal_id` is no goal."""
    if goal_id not in org.goals:
        raise UnknownGoal(goal_id)
    vision_id = org.vision.id if org.vision is not None else None
    gone = {g.id for g in org.goals.values() if g.status == "retired" and g.id != goal_id}
    before_graph = graph.subgraph(n for n in graph.nodes if n not in gone) if gone else graph
    before = _reaching(before_graph, vision_id)
    after_graph = graph.subgraph(n for n in before_graph.nodes if n != goal_id)
    after = _reaching(after_graph, vision_id)
    lost = sorted(n for n in before - after - {goal_id} if n in org.goals)
    dependants = nx.ancestors(before_graph, goal_id) if goal_id in before_graph else set()
    kept = sorted(n for n in (dependants & after) if n in org.goals)
    owners: dict[str, list[str]] = defaultdict(list)
    for n in lost:
        owners[org.goals[n].owner].append(n)
    return ImpactReport(
        goal_id=goal_id,
        lost=lost,
        kept=kept,
        owners={o: ids for o, ids in sorted(owners.items())},
        reaches_vision=goal_id in before,
        private_goals={n for n in lost + kept if org.goals[n].is_private},
        standalone=is_standalone(org.goals[goal_id], before),
    )
