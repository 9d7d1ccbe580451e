"""On track or not: each goal's progress against the share of its period that has gone by.

`expected` is the share of the goal's period elapsed at `today`:
(today - first day) / (last day - first day), clamped to [0, 1], so it is 0.0 on
the first day and 1.0 on the last. A goal without a period uses the period of the
nearest goal above it that has one (fewest `supports` steps; ties go to the
period found first walking supporters in id order), else the calendar year of
`today`. The vision is judged over the periods of the corporate goals that support it (from the
first day of the earliest to the last day of the latest), so that it reads against the same
calendar as they do; with none that has a period, over the calendar year of `today`.

Status, first match wins:

* retired / achieved / partial / missed / dropped / draft: the goal's `status` says so (the period's
  close-outs and drafts: analysis.scores and truenorth review);
* an explicit `health` (on-track, at-risk, off-track) with `health_reason`: the owner's word wins,
  even over numbers that look fine;
* target-met: the goal has key results and every one has met its target; the owner marks the goal
  `status: achieved` when it is done;
* no-data: no progress could be computed (see analysis.rollup);
* on-track when progress >= expected - on_track_within,
  at-risk when progress >= expected - at_risk_within, otherwise off-track.

`on_track_within` and `at_risk_within` are settings under [tool.truenorth] in pyproject.toml, in
percentage points (10 and 25 by default; playbook/reference/status.md explains them). Progress
can be negative (a key result worse than its baseline): such a goal is behind any calendar.
"""

from __future__ import annotations

import datetime as _dt
from collections import deque
from dataclasses import dataclass

import networkx as nx

from truenorth.analysis.periods import period_range
from truenorth.analysis.progress import targets_met
from truenorth.analysis.rollup import goal_progress
from truenorth.analysis.thresholds import DEFAULT_AT_RISK_WITHIN, DEFAULT_ON_TRACK_WITHIN
from truenorth.model import Organisation

ON_TRACK = "on-track"
AT_RISK = "at-risk"
OFF_TRACK = "off-track"
ACHIEVED = "achieved"
TARGET_MET = "target-met"
RETIRED = "retired"
NO_DATA = "no-data"
PARTIAL = "partial"
MISSED = "missed"
DROPPED = "dropped"
DRAFT = "draft"
CLOSED_SHORT = (PARTIAL, MISSED, DROPPED)  # close-outs other than achieved (model.CLOSE_OUTS)
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, ACHIEVED, TARGET_MET, RETIRED, NO_DATA, PARTIAL, MISSED, DROPPED, DRAFT)
HEALTHS = (ON_TRACK, AT_RISK, OFF_TRACK)

ON_TRACK_SLACK = DEFAULT_ON_TRACK_WITHIN / 100  # by default progress may lag the calendar by 10 points, on track
AT_RISK_SLACK = DEFAULT_AT_RISK_WITHIN / 100  # up to 25 points behind is at risk; further behind is off track
_EPSILON = 1e-9  # so that a boundary hit exactly (0.7 vs 0.8 - 0.10) is not lost to float rounding


@dataclass(frozen=True)
class GoalAssessment:
    progress: float | None
    expected: float | None
    status: str
    reason: str


def _range(period: str | None) -> tuple[_dt.date, _dt.date] | None:
    if not period:
        return None
    try:
        return period_range(str(period))
    except (ValueError, IndexError):
        return None


def elapsed_share(start: _dt.date, end: _dt.date, today: _dt.date) -> float:
    """0.0 on the first day, 1.0 on the last day (and before/after the period, clamped)."""
    span = (end - start).days
    if span <= 0:
        return 1.0 if today >= start else 0.0
    return min(1.0, max(0.0, (today - start).days / span))


def effective_periods(org: Organisation, graph: nx.DiGraph) -> dict[str, str | None]:
    """Each goal's own period or that of the nearest goal above it with one (None when there is none).

    A breadth-first walk down the support edges starting from every goal that has a usable
    period at once: linear time, and safe on cycles (each goal is visited once).
    """
    found: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for goal_id in sorted(org.goals):
        period = org.goals[goal_id].period
        if _range(period) is not None:
            found[goal_id] = str(period)
            queue.append(goal_id)
    while queue:
        node = queue.popleft()
        if node not in graph:
            continue
        for child in sorted(graph.predecessors(node)):
            if child in org.goals and child not in found:
                found[child] = found[node]
                queue.append(child)
    return {goal_id: found.get(goal_id) for goal_id in org.goals}


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def classify(progress: float, expected: float, on_track_slack: float = ON_TRACK_SLACK,
             at_risk_slack: float = AT_RISK_SLACK) -> str:
    if progress >= expected - on_track_slack - _EPSILON:
        return ON_TRACK
    if progress >= expected - at_risk_slack - _EPSILON:
        return AT_RISK
    return OFF_TRACK


def assess(org: Organisation, graph: nx.DiGraph, today: _dt.date, *,
           on_track_within: float = DEFAULT_ON_TRACK_WITHIN,
           at_risk_within: float = DEFAULT_AT_RISK_WITHIN) -> dict[str, GoalAssessment]:
    """An assessment for every goal id and the vision id; the thresholds in percentage points
    (Config.status_thresholds)."""
    progress = goal_progress(org, graph)
    periods = effective_periods(org, graph)
    year = str(today.year)
    result: dict[str, GoalAssessment] = {}

    def computed(value: float | None, expected: float, period: str) -> GoalAssessment:
        if value is None:
            return GoalAssessment(None, expected, NO_DATA,
                                  "no key result (or supporting goal) with a current value and a target")
        status = classify(value, expected, on_track_within / 100, at_risk_within / 100)
        done = f"{_pct(value)} done" if value >= 0 else f"{_pct(value)}: worse than its baseline"
        return GoalAssessment(value, expected, status, f"{done} with {_pct(expected)} of {period} gone")

    for goal_id, goal in org.goals.items():
        period = periods.get(goal_id) or year
        start, end = _range(period) or _range(year)
        expected = elapsed_share(start, end, today)
        value = progress.get(goal_id)
        if goal.status == RETIRED:
            result[goal_id] = GoalAssessment(value, expected, RETIRED, "retired")
        elif goal.status == ACHIEVED:
            result[goal_id] = GoalAssessment(value, expected, ACHIEVED, "achieved")
        elif goal.status in CLOSED_SHORT:
            result[goal_id] = GoalAssessment(value, expected, goal.status, f"closed out as {goal.status}")
        elif goal.status == DRAFT:
            result[goal_id] = GoalAssessment(value, expected, DRAFT, "a draft, not yet agreed: not counted")
        elif goal.health in HEALTHS:
            result[goal_id] = GoalAssessment(value, expected, goal.health, goal.health_reason or f"set by {goal.owner}")
        elif targets_met(org, goal):
            result[goal_id] = GoalAssessment(value, expected, TARGET_MET, "every key result has met its target")
        else:
            result[goal_id] = computed(value, expected, period)
    if org.vision is not None:
        period, (start, end) = _vision_period(org, graph, periods, year)
        expected = elapsed_share(start, end, today)
        result[org.vision.id] = computed(progress.get(org.vision.id), expected, period)
    return result


def _vision_period(org: Organisation, graph: nx.DiGraph, periods: dict[str, str | None],
                   year: str) -> tuple[str, tuple[_dt.date, _dt.date]]:
    """(its name, (first day, last day)): the span of the periods of the corporate goals that support the
    vision (not retired), or the calendar year of today when none of them has one."""
    vision_id = org.vision.id
    supporters = graph.predecessors(vision_id) if vision_id in graph else ()
    named = sorted({periods[g] for g in supporters if g in org.goals and org.goals[g].status != RETIRED and periods.get(g)})
    spans = [span for span in map(_range, named) if span is not None]
    if not spans:
        return year, _range(year)
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    return (named[0] if len(named) == 1 else f"{start.isoformat()} to {end.isoformat()}"), (start, end)
