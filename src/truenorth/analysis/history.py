"""A key result's history: its readings over time, oldest first.

Two sources, one shape (Reading):

* its `check_ins:` (model.CheckIn): date, value, confidence, note, who;
* for a key result without check-ins, the git log of its file: each commit that changed its `current`,
  with the commit's date and author (truenorth.history reads that, once per build or command, and hands
  it in here as `from_git`).

This module is pure (no git, no YAML): it only merges what it is given. It is also what "the target as
promised at the period's start" is computed from: `as_of` gives the reading (and, with git, the target)
a key result had on a date.
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from truenorth.model import Goal, KeyResult, Organisation

KrKey = tuple[str, int]  # (goal id, index of the key result in the goal's list)


class Reading(NamedTuple):
    """One value of a key result on a date (a named tuple: an organisation has hundreds of thousands)."""

    date: _dt.date
    value: float | None  # `current` then (None: the key result had none at that commit)
    source: str  # "check-in" or "git"
    by: str | None = None  # a person id (check-in) or the commit's author name (git)
    note: str = ""  # a check-in's note, or the commit's subject
    confidence: float | str | None = None
    target: float | None = None  # the target then (git readings; check-ins carry none)
    commit: str | None = None  # the commit's short sha (git readings)


def from_check_ins(kr: KeyResult) -> list[Reading]:
    """The key result's check-ins as readings, oldest first (undated ones left out)."""
    readings = [Reading(c.date, c.value, "check-in", c.by, c.note, c.confidence) for c in kr.check_ins
                if c.date is not None]
    return sorted(readings, key=lambda r: r.date)


def key_result_history(goal: Goal, index: int, from_git: dict[KrKey, list[Reading]] | None = None) -> list[Reading]:
    """The readings of the goal's key result number `index`: its check-ins when it has any, else what git
    said (from_git, as truenorth.history.read_history gives it), else []."""
    kr = goal.key_results[index]
    if kr.check_ins:
        return from_check_ins(kr)
    return list((from_git or {}).get((goal.id, index), ()))


def histories(org: Organisation, from_git: dict[KrKey, list[Reading]] | None = None) -> dict[KrKey, list[Reading]]:
    """key_result_history for every key result that has a reading."""
    result = {}
    for goal in org.goals.values():
        for index in range(len(goal.key_results)):
            readings = key_result_history(goal, index, from_git)
            if readings:
                result[(goal.id, index)] = readings
    return result


def as_of(readings: list[Reading], day: _dt.date) -> Reading | None:
    """The last reading on or before `day` (None when there is none)."""
    found = None
    for reading in readings:
        if reading.date > day:
            break
        found = reading
    return found


def points(readings: list[Reading]) -> list[tuple[_dt.date, float]]:
    """(date, value) of the readings that have a value, one per day (the day's last)."""
    by_day: dict[_dt.date, float] = {}
    for r in readings:
        if r.value is not None:
            by_day[r.date] = r.value
    return sorted(by_day.items())
