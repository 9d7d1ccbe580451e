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


def alignment_health(org: Organisation, graph: nx.DiGraph, traced: set[str], skipped_links: list | None = None) -> Health:
    """The score of `org` (for the site: an organisation of the public goals alone). `skipped_links`:
    coverage.skipped_level_links(org) as a list, when the caller has it already (the check: rule TN106's)."""
    goals = org.goals
    supported = {link.target for g in goals.values() if g.status != "retired" for link in g.supports}
    if skipped_links is None:
        skipped_links = coverage.skipped_level_links(org)
    skipping = {goal.id for goal, _link, _level in skipped_links}
    blind = set(coverage.departments_without_customer_outcome(org))
    # per department (None: the organisation's totals): [goals, traced, measured, skipping no level]
    counts: dict[str | None, list[int]] = {None: [0, 0, 0, 0], **{d: [0, 0, 0, 0] for d in org.departments}}
    whole = counts[None]
    is_standalone = coverage.is_standalone
    for goal in goals.values():
        if goal.status == "retired":
            continue
        gid = goal.id
        in_line = gid in traced or is_standalone(goal, traced)
        measured = bool(goal.key_results) or gid in supported
        level = gid not in skipping
        for row in (whole, counts.get(goal.department)) if goal.department is not None else (whole,):
            if row is not None:
                row[0] += 1
                row[1] += in_line
                row[2] += measured
                row[3] += level
    active_corporate = sum(1 for g in org.goals_at(Level.CORPORATE) if g.status == "active")
    uncovered = sum(1 for _ in coverage.uncovered_corporate_goals(org, graph))
    total = whole[0]
    parts = {"traced": (whole[1], total), "measured": (whole[2], total), "levels": (whole[3], total),
             "covered": (active_corporate - uncovered, active_corporate),
             "customer": (len(org.departments) - len(blind), len(org.departments))}
    departments: dict[str, int | None] = {}
    for dept in sorted(org.departments):
        n, in_line, measured, levels = counts[dept]
        departments[dept] = None if not n else _score(DEPARTMENT_POINTS, {
            "traced": (in_line, n), "measured": (measured, n), "levels": (levels, n),
            "customer": (0 if dept in blind else 1, 1)})
    return Health(_score(POINTS, parts), parts, departments)
