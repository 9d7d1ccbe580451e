"""The review of a period (`truenorth review 2027-Q1`, the site's review pages): what was achieved,
partial, missed and dropped, the mean score, the targets that moved, the biggest misses with their
retrospectives, and the goals that scored full marks.

A goal belongs to the review of a period when its period (its own, or the nearest one above it:
analysis.status.effective_periods) lies inside it: the review of `2027-H1` takes the goals of
2027-H1, 2027-Q1 and 2027-Q2; the review of `2027` every goal of the year. Retired goals and drafts
are left out; an active goal whose period has ended is counted as not closed out. Scores are measured
against the targets as promised (analysis.scores). A pure function of the organisation: the command
and the site give the same review.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from truenorth.analysis.periods import period_range
from truenorth.analysis.scores import Promise, Promises, full_marks, key_result_scores, weighted_score
from truenorth.analysis.status import effective_periods
from truenorth.model import Goal, KeyResult, Level, Organisation

PERIOD_PATTERN = re.compile(r"^[0-9]{4}(-(H[12]|Q[1-4]))?$")
OUTCOMES = ("achieved", "partial", "missed", "dropped", "open")
"""How a reviewed goal ended: its close-out status, or "open" (still active)."""

LEVEL_LABELS = {Level.CORPORATE: "Corporate goals", Level.DEPARTMENT: "Department goals",
                Level.INDIVIDUAL: "Individual goals"}


def is_period(text: str) -> bool:
    return bool(PERIOD_PATTERN.match(text))


def outcome(goal: Goal) -> str:
    return goal.status if goal.status in OUTCOMES else "open"


@dataclass(frozen=True)
class Move:
    """A key result whose target moved after its period began."""

    index: int
    key_result: KeyResult
    promise: Promise


@dataclass(frozen=True)
class ReviewedGoal:
    goal: Goal
    outcome: str
    score: float | None
    full_marks: bool
    moves: tuple[Move, ...] = ()


@dataclass(frozen=True)
class Tally:
    """The goals of one level or one department: how many ended each way, and their mean score."""

    key: str
    label: str
    counts: dict[str, int]
    mean_score: float | None

    @property
    def goals(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Review:
    period: str
    start: _dt.date
    end: _dt.date
    ended: bool  # the period is over on `today`
    goals: list[ReviewedGoal]
    by_level: list[Tally]
    by_department: list[Tally]
    total: Tally
    sources: frozenset[str] = field(default_factory=frozenset)  # where promised targets came from: "git", "file"

    @property
    def moved(self) -> list[ReviewedGoal]:
        return [g for g in self.goals if g.moves]

    @property
    def misses(self) -> list[ReviewedGoal]:
        """Missed and partial goals, the lowest score first (no score last)."""
        found = [g for g in self.goals if g.outcome in ("missed", "partial")]
        return sorted(found, key=lambda g: (g.score is None, g.score if g.score is not None else 0, g.goal.id))

    @property
    def full_marks(self) -> list[ReviewedGoal]:
        return [g for g in self.goals if g.full_marks]

    @property
    def not_closed(self) -> list[ReviewedGoal]:
        return [g for g in self.goals if g.outcome == "open"]


def in_period(goal_period: str | None, period: str) -> bool:
    if not goal_period or not is_period(goal_period):
        return False
    start, end = period_range(period)
    first, last = period_range(goal_period)
    return start <= first and last <= end


def review(org: Organisation, graph: nx.DiGraph, period: str, today: _dt.date,
           promises: Promises | None = None, periods: dict[str, str | None] | None = None,
           scored: dict[str, ReviewedGoal] | None = None) -> Review:
    """The review of `period` (see the module's docstring); `promises` from truenorth.promises; `periods`:
    effective_periods(org, graph), and `scored`, a dict kept for the purpose (a goal's outcome and score
    are the same in every period), for a caller reviewing several periods of one organisation."""
    promises = promises or {}
    periods = effective_periods(org, graph) if periods is None else periods
    start, end = period_range(period)
    reviewed = []
    inside: dict[str | None, bool] = {}  # a goal's period -> in_period (an organisation names a handful)
    for goal in sorted(org.goals.values(), key=lambda g: (g.level, g.id)):
        if not counted(goal):
            continue
        goal_period = periods.get(goal.id)
        within = inside.get(goal_period)
        if within is None:
            within = inside[goal_period] = in_period(goal_period, period)
        if not within:
            continue
        found = scored.get(goal.id) if scored is not None else None
        if found is None:
            found = reviewed_goal(goal, org, promises)
            if scored is not None:
                scored[goal.id] = found
        reviewed.append(found)
    return _summed(org, period, start, end, today, reviewed, promises)


def reviewed_goal(goal: Goal, org: Organisation, promises: Promises) -> ReviewedGoal:
    """How one goal of a review ended: its outcome, score, full marks and moved targets."""
    moves = tuple(Move(i, kr, promises[(goal.id, i)]) for i, kr in enumerate(goal.key_results)
                  if (goal.id, i) in promises and promises[(goal.id, i)].moved)
    scores = key_result_scores(goal, org, promises)
    return ReviewedGoal(goal, outcome(goal), weighted_score(goal, scores), full_marks(scores), moves)


def counted(goal: Goal) -> bool:
    """Whether a goal whose period lies in a review's is in it (retired goals and drafts are not)."""
    return goal.status not in ("retired", "draft")


def revised(old: Review, org: Organisation, today: _dt.date, promises: Promises | None,
            changed: dict[str, ReviewedGoal]) -> Review:
    """The review `old` with the entries of the goals in `changed` replaced: what review() gives when those
    goals changed but are still in the period (counted, the same effective period) and no other goal changed."""
    if not changed:
        return old
    reviewed = list(old.goals)
    for goal_id, found in changed.items():  # (the goals are in (level, id) order)
        at = bisect.bisect_left(reviewed, (found.goal.level, goal_id), key=_order)
        if at == len(reviewed) or reviewed[at].goal.id != goal_id:
            raise ValueError(f"{goal_id} is not in the review of {old.period}")
        reviewed[at] = found
    levels = {found.goal.level for found in changed.values()}
    departments = {found.goal.department for found in changed.values() if found.goal.department}
    by_level = [_tally(t.key, t.label, [g for g in reviewed if g.goal.level == int(t.key)])
                if int(t.key) in levels else t for t in old.by_level]
    of_department: dict[str, list[ReviewedGoal]] = {d: [] for d in departments}
    for g in reviewed:
        found = of_department.get(g.goal.department)
        if found is not None:
            found.append(g)
    by_department = [_tally(t.key, t.label, of_department[t.key]) if t.key in departments else t
                     for t in old.by_department]
    return Review(old.period, old.start, old.end, old.end < today, reviewed, by_level, by_department,
                  _tally("all", "All goals", reviewed), _sources(reviewed, promises or {}))


def _order(g: ReviewedGoal) -> tuple:
    return g.goal.level, g.goal.id


def _sources(reviewed: list[ReviewedGoal], promises: Promises) -> frozenset[str]:
    sources = promises and frozenset(promises[(g.goal.id, i)].source for g in reviewed
                                     for i in range(len(g.goal.key_results)) if (g.goal.id, i) in promises)
    return sources or frozenset({"file"})


def _summed(org: Organisation, period: str, start: _dt.date, end: _dt.date, today: _dt.date,
            reviewed: list[ReviewedGoal], promises: Promises) -> Review:
    by_level = [_tally(str(int(level)), label, [g for g in reviewed if g.goal.level == level])
                for level, label in LEVEL_LABELS.items()]
    of_department: dict[str, list[ReviewedGoal]] = {}
    for g in reviewed:  # one pass: an organisation has hundreds of departments and tens of thousands of goals
        if g.goal.department:
            of_department.setdefault(g.goal.department, []).append(g)
    by_department = [_tally(dep, org.departments[dep].name if dep in org.departments else dep, of_department[dep])
                     for dep in sorted(of_department)]
    return Review(period, start, end, end < today, reviewed, [t for t in by_level if t.goals], by_department,
                  _tally("all", "All goals", reviewed), _sources(reviewed, promises))


def _tally(key: str, label: str, goals: Iterable[ReviewedGoal]) -> Tally:
    goals = list(goals)
    ended = Counter(g.outcome for g in goals)  # (one pass: a tally may hold tens of thousands of goals)
    counts = {name: ended[name] for name in OUTCOMES}
    scores = [g.score for g in goals if g.score is not None]
    return Tally(key, label, counts, sum(scores) / len(scores) if scores else None)


def periods_to_review(org: Organisation, today: _dt.date) -> list[str]:
    """The periods the site has a review page for: every period a goal names whose first day has come,
    with the years, halves and quarters inside those, most recent first."""
    named = {g.period for g in org.goals.values() if g.period and is_period(g.period)}
    found = set()
    for period in named:
        year = period[:4]
        found |= {year, period}
        if "-Q" in period:
            found.add(f"{year}-H{1 if int(period[-1]) <= 2 else 2}")
    started = [p for p in found if period_range(p)[0] <= today]
    # the latest end first; at the same end the shorter period first (2027-Q2 before 2027-H1), then by name:
    # the same order in every process (a set's order is not)
    return sorted(started, key=lambda p: (-period_range(p)[1].toordinal(), period_range(p)[0].toordinal() * -1, p))
