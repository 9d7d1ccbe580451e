"""On track or not: each goal's progress against the share of its period that has gone by.

`expected` is the share of the goal's period elapsed at `today`:
(today - first day) / (last day - first day), clamped to [0, 1], so it is 0.0 on
the first day and 1.0 on the last. A goal without a period uses the period of the
nearest goal above it that has one (fewest `supports` steps; ties go to the
period found first walking supporters in id order), else the calendar year of
`today`. The vision is judged over the periods of the corporate goals that support it (from the
first day of the earliest to the last day of the latest), so that it reads against the same
calendar as they do; with none that has a period, over the calendar year of `today`.

Status, first match wins (health that cannot lie: what was said lately, then silence, then what was
said long ago, then the numbers):

* retired / achieved / partial / missed / dropped / draft: the goal's `status` says so (the period's
  close-outs and drafts: analysis.scores and truenorth review);
* an open check-in: the goal's latest check-in (over all its key results), dated within its cadence
  (`checkin_every_days` for its level: 14 days for individual goals, 30 above, by default), that gives a
  confidence: low is off-track, medium at-risk, high on-track (analysis.checkins);
* stale: the goal's last check-in, `updated` date or (where the caller knows it) last commit is older
  than its cadence: nobody has looked, so it does not look green whatever it said before. A goal whose
  last update is unknown altogether is not judged stale here (`truenorth status` lists it as unknown);
* an explicit `health` (on-track, at-risk, off-track) with `health_reason`: the owner's word wins,
  even over numbers that look fine;
* target-met: the goal has key results and every one has met its target; the owner marks the goal
  `status: achieved` when it is done;
* no-data: no progress could be computed (see analysis.rollup);
* on-track when progress >= expected - on_track_within,
  at-risk when progress >= expected - at_risk_within, otherwise off-track.

A reported on-track (an open check-in's confidence or `health`) whose numbers are behind the share of
the period gone by more than the at-risk threshold keeps its status but carries a `flag` naming both
figures: what was said and what the numbers say.

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
from truenorth.analysis.checkins import health_of_confidence, latest_check_in
from truenorth.model import Goal, Level, Organisation

LEVEL_KEYS = {Level.INDIVIDUAL: "individual", Level.DEPARTMENT: "department", Level.CORPORATE: "corporate"}

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
STALE = "stale"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, ACHIEVED, TARGET_MET, RETIRED, NO_DATA, STALE, PARTIAL, MISSED, DROPPED,
            DRAFT)
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
    flag: str = ""  # a reported on-track the numbers contradict: both figures (see the module doc)


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
           at_risk_within: float = DEFAULT_AT_RISK_WITHIN, checkin_every_days: dict[str, int] | None = None,
           last_updates: dict[str, _dt.date] | None = None) -> dict[str, GoalAssessment]:
    """An assessment for every goal id and the vision id; the thresholds in percentage points
    (Config.status_thresholds). `checkin_every_days`: the cadence by level ("individual", "department",
    "corporate"; None: no check-in is open and no goal stale); `last_updates`: goal id -> a date it was
    last touched that the model does not hold (its file's last commit), counted towards staleness."""
    return assess_parts(org, graph, today, on_track_within=on_track_within, at_risk_within=at_risk_within,
                        checkin_every_days=checkin_every_days, last_updates=last_updates)[0]


def assess_parts(org: Organisation, graph: nx.DiGraph, today: _dt.date, *,
                 on_track_within: float = DEFAULT_ON_TRACK_WITHIN, at_risk_within: float = DEFAULT_AT_RISK_WITHIN,
                 checkin_every_days: dict[str, int] | None = None, last_updates: dict[str, _dt.date] | None = None,
                 ) -> tuple[dict[str, GoalAssessment], dict[str, float | None], dict[str, str | None]]:
    """assess, and what it was made from: (assessments, goal_progress, effective_periods), for a caller
    that assesses again only the goals an edit reaches (site/view_update.py)."""
    progress = goal_progress(org, graph)
    periods = effective_periods(org, graph)
    year = str(today.year)
    result: dict[str, GoalAssessment] = {}
    for goal_id, goal in org.goals.items():
        result[goal_id] = assess_goal(org, goal, progress.get(goal_id), periods.get(goal_id), today,
                                      on_track_within=on_track_within, at_risk_within=at_risk_within,
                                      checkin_every_days=checkin_every_days, last_updates=last_updates)
    if org.vision is not None:
        result[org.vision.id] = assess_vision(org, graph, progress.get(org.vision.id), periods, today,
                                              on_track_within=on_track_within, at_risk_within=at_risk_within)
    return result, progress, periods


def _computed(value: float | None, expected: float, period: str, on_track_within: float,
              at_risk_within: float) -> GoalAssessment:
    if value is None:
        return GoalAssessment(None, expected, NO_DATA,
                              "no key result (or supporting goal) with a current value and a target")
    status = classify(value, expected, on_track_within / 100, at_risk_within / 100)
    done = f"{_pct(value)} done" if value >= 0 else f"{_pct(value)}: worse than its baseline"
    return GoalAssessment(value, expected, status, f"{done} with {_pct(expected)} of {period} gone")


def assess_goal(org: Organisation, goal: Goal, value: float | None, period: str | None, today: _dt.date, *,
                on_track_within: float = DEFAULT_ON_TRACK_WITHIN, at_risk_within: float = DEFAULT_AT_RISK_WITHIN,
                checkin_every_days: dict[str, int] | None = None,
                last_updates: dict[str, _dt.date] | None = None) -> GoalAssessment:
    """One goal's assessment (as assess gives it) from its rolled-up progress `value` and its effective period."""
    year = str(today.year)
    period = period or year
    start, end = _range(period) or _range(year)
    expected = elapsed_share(start, end, today)
    if goal.status == RETIRED:
        return GoalAssessment(value, expected, RETIRED, "retired")
    if goal.status == ACHIEVED:
        return GoalAssessment(value, expected, ACHIEVED, "achieved")
    if goal.status in CLOSED_SHORT:
        return GoalAssessment(value, expected, goal.status, f"closed out as {goal.status}")
    if goal.status == DRAFT:
        return GoalAssessment(value, expected, DRAFT, "a draft, not yet agreed: not counted")
    said = _said(goal, today, checkin_every_days, last_updates)
    if said is not None:
        status, reason = said
        flag = ""
        if status == ON_TRACK and value is not None and value < expected - at_risk_within / 100 - _EPSILON:
            flag = (f"reported on-track, but the numbers say {_pct(value)} done with {_pct(expected)} of {period} "
                    f"gone: {round((expected - value) * 100)} points behind, more than the at-risk threshold "
                    f"of {round(at_risk_within)}")
        return GoalAssessment(value, expected, status, reason, flag)
    if targets_met(org, goal):
        return GoalAssessment(value, expected, TARGET_MET, "every key result has met its target")
    return _computed(value, expected, period, on_track_within, at_risk_within)


def assess_vision(org: Organisation, graph: nx.DiGraph, value: float | None, periods: dict[str, str | None],
                  today: _dt.date, *, on_track_within: float = DEFAULT_ON_TRACK_WITHIN,
                  at_risk_within: float = DEFAULT_AT_RISK_WITHIN, **_ignored) -> GoalAssessment:
    """The vision's assessment (as assess gives it) from its rolled-up progress and the goals' effective periods."""
    period, (start, end) = _vision_period(org, graph, periods, str(today.year))
    return _computed(value, elapsed_share(start, end, today), period, on_track_within, at_risk_within)


def cadence_days(goal: Goal, checkin_every_days: dict[str, int] | None) -> int | None:
    """How many days the goal may go without a check-in (None: no cadence given, or the vision)."""
    if not checkin_every_days:
        return None
    return checkin_every_days.get(LEVEL_KEYS.get(goal.level, ""))


def last_update(goal: Goal, last_updates: dict[str, _dt.date] | None = None) -> tuple[_dt.date, str] | None:
    """(date, what) of the goal's latest sign of life: its latest check-in, `updated`, or the date in
    `last_updates` (its file's last commit), whichever is latest; None when none is known."""
    known = []
    latest = latest_check_in(goal)
    if latest is not None:
        known.append((latest.date, "check-in"))
    if goal.updated is not None:
        known.append((goal.updated, "updated"))
    if last_updates and last_updates.get(goal.id) is not None:
        known.append((last_updates[goal.id], "last commit"))
    return max(known, key=lambda pair: pair[0]) if known else None


def _said(goal: Goal, today: _dt.date, checkin_every_days: dict[str, int] | None,
          last_updates: dict[str, _dt.date] | None) -> tuple[str, str] | None:
    """(status, reason) from what the goal's people said, in the module doc's order: an open check-in's
    confidence, staleness, the `health` field; None when they said nothing that decides."""
    cadence = cadence_days(goal, checkin_every_days)
    if cadence is not None:
        latest = latest_check_in(goal)
        if latest is not None and (today - latest.date).days <= cadence:
            health = health_of_confidence(latest.confidence)
            if health is not None:
                return health, f"check-in of {latest.date.isoformat()}: confidence {latest.confidence}"
        last = last_update(goal, last_updates)
        if last is not None and (today - last[0]).days > cadence:
            return STALE, (f"no check-in for {(today - last[0]).days} days (last: {last[1]} {last[0].isoformat()}; "
                           f"due every {cadence} days)")
    if goal.health in HEALTHS:
        return goal.health, goal.health_reason or f"set by {goal.owner}"
    return None


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
