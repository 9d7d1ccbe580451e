"""Scores at the end of a period: how much of what was promised was delivered, from 0.0 to 1.0.

A key result's score is its progress (analysis.progress: the way travelled from `baseline` towards
the target) clamped to [0, 1], measured against the target **as it was promised**: the target the
key result had when its period began, read from git (truenorth.history.promises), not the target
it has now. A target lowered in May cannot turn a miss into a success: the review shows the move
("target moved 80 → 75 on 2027-03-02") and scores against 80. Without git history the current
target is used, and the promise says so (`source == "file"`).

A goal's score is the weighted mean (KeyResult.weight) of its key results' scores that have data;
None when none has. The convention, explained on playbook/reference/scoring.md: 0.7 is a good
result on an ambitious goal, and a team that scores 1.0 on every key result every period is
probably setting targets it already knows it can reach.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass

from truenorth.analysis.progress import key_result_progress
from truenorth.model import Goal, KeyResult, Organisation


@dataclass(frozen=True)
class TargetMove:
    """One change of a key result's target after the period began, as git recorded it."""

    date: _dt.date
    old: float | None
    new: float | None
    commit: str  # the short commit id
    author: str


@dataclass(frozen=True)
class Promise:
    """The target a key result was promised with: from git ("git": the version committed on or before
    the period's first day, else the first one after it) or, without history, the file ("file")."""

    target: float | None
    source: str = "file"
    moves: tuple[TargetMove, ...] = ()

    @property
    def moved(self) -> bool:
        return bool(self.moves)


Promises = Mapping[tuple[str, int], Promise]
"""(goal id, index of the key result in the goal) -> its promise."""


def key_result_score(kr: KeyResult, org: Organisation, promise: Promise | None = None) -> float | None:
    """0.0-1.0 against the promised target (the current one without a promise); None without data."""
    if promise is not None and promise.target is not None and promise.target != kr.target:
        kr = dataclasses.replace(kr, target=promise.target)
    value = key_result_progress(kr, org.metrics.get(kr.metric))
    return None if value is None else max(0.0, value)


def key_result_scores(goal: Goal, org: Organisation, promises: Promises | None = None) -> list[float | None]:
    promises = promises or {}
    return [key_result_score(kr, org, promises.get((goal.id, i))) for i, kr in enumerate(goal.key_results)]


def weighted_score(goal: Goal, scores: list[float | None]) -> float | None:
    """The weighted mean (KeyResult.weight) of the goal's key-result scores that have data; None when none has."""
    total = weights = 0.0
    for kr, score in zip(goal.key_results, scores):
        if score is None or kr.weight <= 0:
            continue
        total += score * kr.weight
        weights += kr.weight
    return total / weights if weights > 0 else None


def full_marks(scores: list[float | None]) -> bool:
    """Every key result scored 1.0 (worth a second look: were the targets ambitious?)."""
    return bool(scores) and all(s is not None and s >= 1.0 for s in scores)


def goal_score(goal: Goal, org: Organisation, promises: Promises | None = None) -> float | None:
    """The goal's score: the weighted mean of its key-result scores that have data; None when none has."""
    return weighted_score(goal, key_result_scores(goal, org, promises))


def scored_full_marks(goal: Goal, org: Organisation, promises: Promises | None = None) -> bool:
    """Every key result of the goal scored 1.0."""
    return full_marks(key_result_scores(goal, org, promises))
