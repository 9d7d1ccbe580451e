"""The alignment health score: one number from 0 to 100 for how well the cascade holds together, for the
organisation and for each department. playbook/reference/goal-quality.md#alignment-health-score defines
it for readers; the weights are here, in POINTS and DEPARTMENT_POINTS.

Each part is worth its points times the share of what it looks at that is as it should be:

* traced: the goals (not retired) that trace to the vision or stand alone by a reviewed reason;
* measured: the goals with a key result or a (non-retired) goal supporting them (coverage.is_supported;
  TN204 asks the same of corporate and department goals);
* levels: the goals none of whose links skips a level of the cascade (coverage.skipped_level_links);
* covered: the active corporate goals some department goal supports (coverage.uncovered_corporate_goals);
* customer: the departments with a customer-outcome key result among their goals or their people's
  (coverage.departments_without_customer_outcome).

A department's score has no `covered` part (carrying corporate goals is the organisation's question)
and its `customer` part is all or nothing. With nothing to look at, a part is whole; a department with
no goals has no score (None). The score is rounded to a whole number.

The check's summary gives the score of every goal; the site gives the score of the public goals alone
(it is computed on what the site shows, so it says nothing about private goals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from truenorth.analysis import coverage
from truenorth.model import Level, Organisation

if TYPE_CHECKING:
    import networkx as nx

POINTS = {"traced": 40, "measured": 20, "levels": 10, "covered": 15, "customer": 15}
DEPARTMENT_POINTS = {"traced": 45, "measured": 25, "levels": 10, "customer": 20}
LABELS = {"traced": "goals traced to the vision", "measured": "goals with key results or supporting goals",
          "levels": "goals that skip no level", "covered": "corporate goals carried by a department",
          "customer": "departments measured by a customer outcome"}


@dataclass(slots=True)
class Health:
    score: int
    parts: dict[str, tuple[int, int]]  # part -> (how many are as they should be, of how many)
    departments: dict[str, int | None] = field(default_factory=dict)  # department id -> its score (None: no goals)


def _score(points: dict[str, int], parts: dict[str, tuple[int, int]]) -> int:
    return round(sum(points[name] * (good / total if total else 1.0) for name, (good, total) in parts.items()))


def alignment_health(org: Organisation, graph: nx.DiGraph, traced: set[str]) -> Health:
    """The score of `org` (for the site: an organisation of the public goals alone)."""
    counted = [g for g in org.goals.values() if not coverage.is_retired(g)]
    unmeasured = {g.id for g in counted if not g.key_results and not coverage.is_supported(org, graph, g.id)}
    skipping = {goal.id for goal, _link, _level in coverage.skipped_level_links(org)}
    lost = {g.id for g in counted if g.id not in traced and not coverage.is_standalone(g, traced)}
    active_corporate = [g for g in org.goals_at(Level.CORPORATE) if g.status == "active"]
    uncovered = sum(1 for _ in coverage.uncovered_corporate_goals(org, graph))
    blind = set(coverage.departments_without_customer_outcome(org))

    def good(goals, ids):
        return sum(1 for g in goals if g.id not in ids)

    parts = {"traced": (good(counted, lost), len(counted)),
             "measured": (good(counted, unmeasured), len(counted)),
             "levels": (good(counted, skipping), len(counted)),
             "covered": (len(active_corporate) - uncovered, len(active_corporate)),
             "customer": (len(org.departments) - len(blind), len(org.departments))}
    by_department: dict[str, list] = {d: [] for d in org.departments}
    for goal in counted:
        if goal.department in by_department:
            by_department[goal.department].append(goal)
    departments: dict[str, int | None] = {}
    for dept, goals in sorted(by_department.items()):
        departments[dept] = None if not goals else _score(DEPARTMENT_POINTS, {
            "traced": (good(goals, lost), len(goals)), "measured": (good(goals, unmeasured), len(goals)),
            "levels": (good(goals, skipping), len(goals)), "customer": (0 if dept in blind else 1, 1)})
    return Health(_score(POINTS, parts), parts, departments)

