"""Check-ins: dated readings of a key result (`check_ins:` in a goals file, model.CheckIn).

What the rules, the health assessment, the site and `owe` share about them: the confidence as a word,
the latest reading of a goal, and a forecast from the recent pace. Pure functions over the model.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from truenorth.model import CheckIn, Goal, KeyResult

LOW, MEDIUM, HIGH = "low", "medium", "high"
CONFIDENCE_WORDS = (LOW, MEDIUM, HIGH)
_HEALTH_OF = {LOW: "off-track", MEDIUM: "at-risk", HIGH: "on-track"}


def confidence_level(confidence: float | str | None) -> str | None:
    """"low", "medium" or "high" from a confidence as written: a word, or a number 0-1 (below 0.4 low,
    below 0.7 medium, else high); None when there is none."""
    if confidence is None:
        return None
    if isinstance(confidence, str):
        return confidence if confidence in CONFIDENCE_WORDS else None
    if confidence < 0.4:
        return LOW
    return MEDIUM if confidence < 0.7 else HIGH


def confidence_text(confidence: float | str | None) -> str:
    """A confidence for people: "high", "0.8 (high)", or "" without one."""
    level = confidence_level(confidence)
    if level is None:
        return ""
    return level if isinstance(confidence, str) else f"{confidence:g} ({level})"


def health_of_confidence(confidence: float | str | None) -> str | None:
    """The health a check-in's confidence reports: low off-track, medium at-risk, high on-track."""
    level = confidence_level(confidence)
    return None if level is None else _HEALTH_OF[level]


def dated(kr: KeyResult) -> list[CheckIn]:
    """The key result's check-ins with a real date, oldest first (the order written among equal dates)."""
    return sorted((c for c in kr.check_ins if c.date is not None), key=lambda c: c.date)


def latest_check_in(goal: Goal) -> CheckIn | None:
    """The goal's most recent check-in over all its key results (None without any)."""
    best = None
    for kr in goal.key_results:
        for c in kr.check_ins:
            if c.date is not None and (best is None or c.date >= best.date):
                best = c
    return best


@dataclass(frozen=True)
class Forecast:
    """Where the recent pace leads by `by`: the value then and the share of the way to the target."""

    value: float
    share: float | None  # of the way from baseline (or the first reading) to target; None without a target
    by: _dt.date
    per_day: float


def forecast(points: list[tuple[_dt.date, float]], target: float | None, baseline: float | None,
             by: _dt.date, window: int = 3) -> Forecast | None:
    """The value at `by` if the pace of the last `window` readings (points: (date, value), oldest first)
    keeps up, or None with fewer than two readings on different days or `by` before the last one."""
    recent = points[-window:]
    if len(recent) < 2:
        return None
    (first_day, first), (last_day, last) = recent[0], recent[-1]
    days = (last_day - first_day).days
    if days <= 0 or by < last_day:
        return None
    per_day = (last - first) / days
    value = last + per_day * (by - last_day).days
    start = baseline if baseline is not None else points[0][1]
    share = None
    if target is not None and target != start:
        share = (value - start) / (target - start)
    return Forecast(value, share, by, per_day)
