"""What each person owes: the things only they can fix about their goals, in one list.

For every goal that is not retired or achieved, its owner owes:

* "stale": a check-in, overdue (the goal is stale: analysis.status, `checkin_every_days` for its level);
* "due": a check-in due within the next `soon` days (its last check-in or `updated` plus its cadence),
  or a first check-in for a goal with key results that never had one;
* "target" / "current": a key result with no target, or with no current value (and no check-in);
* "finding": a finding of the check that names the goal (`'goal-id'` in its message);
* "close": a goal whose period has ended without a close-out (still active: mark it achieved or retired,
  or move its period).

Pure: the organisation, the assessments (analysis.status.assess), the findings and today in; lists out.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from truenorth.analysis.periods import period_range
from truenorth.analysis.status import STALE, GoalAssessment, cadence_days, last_update
from truenorth.findings import Finding
from truenorth.model import Goal, Organisation

KINDS = ("stale", "due", "close", "target", "current", "finding")
_QUOTED = re.compile(r"'([a-z0-9][a-z0-9-]{0,63})'")


@dataclass(frozen=True, slots=True)
class Owed:
    person: str  # the goal's owner
    goal: str
    kind: str  # one of KINDS
    text: str  # what to do, in words
    due: _dt.date | None = None  # when it is (or was) due, where that is known


def owed(org: Organisation, assessments: dict[str, GoalAssessment], findings: list[Finding], today: _dt.date,
         checkin_every_days: dict[str, int] | None, soon: int = 7) -> dict[str, list[Owed]]:
    """{person id: what they owe, most pressing first} for every person who owes anything (owners that
    are not known people are listed under their id too)."""
    named = named_goals(org, findings)
    result: dict[str, list[Owed]] = {}
    for goal in org.goals.values():
        items = goal_owed(goal, assessments.get(goal.id), named.get(goal.id, ()), today, checkin_every_days, soon)
        if items:
            result.setdefault(goal.owner, []).extend(items)
    for items in result.values():
        items.sort(key=_pressing)
    return dict(sorted(result.items()))


_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def _pressing(item: Owed) -> tuple:
    return _ORDER[item.kind], item.due or _dt.date.max, item.goal


def most_pressing_first(items: list[Owed]) -> list[Owed]:
    """One person's items in owed's order, from their goals' goal_owed lists (each in its own order)."""
    return sorted(items, key=_pressing)


def named_goals_in(message: str) -> list[str]:
    """The ids a finding's message names (`'goal-id'`), goals or not, in order (repeats kept)."""
    return _QUOTED.findall(message)


def named_goals(org: Organisation, findings: list[Finding]) -> dict[str, list[Finding]]:
    """Goal id -> the findings that name it (`'goal-id'` in their message), in the findings' order."""
    named: dict[str, list[Finding]] = {}
    for finding in findings:
        for goal_id in dict.fromkeys(_QUOTED.findall(finding.message)):
            if goal_id in org.goals:
                named.setdefault(goal_id, []).append(finding)
    return named


def goal_owed(goal: Goal, assessment: GoalAssessment | None, findings, today: _dt.date,
              checkin_every_days: dict[str, int] | None, soon: int = 7) -> list[Owed]:
    """What the goal's owner owes about this one goal (`findings`: those naming it, named_goals), in the
    order owed lists them within one goal."""
    if goal.status in ("retired", "achieved"):
        return []
    return _owed_for(goal, assessment, findings, today, checkin_every_days, soon)


def _not_started(goal: Goal, today: _dt.date) -> bool:
    try:
        return bool(goal.period) and period_range(str(goal.period))[0] > today
    except (ValueError, IndexError):
        return False


def _owed_for(goal: Goal, assessment: GoalAssessment | None, findings, today: _dt.date,
              checkin_every_days: dict[str, int] | None, soon: int) -> list[Owed]:
    items = []
    owner = goal.owner
    cadence = cadence_days(goal, checkin_every_days)
    last = last_update(goal)
    if assessment is not None and assessment.status == STALE:
        due = last[0] + _dt.timedelta(days=cadence) if last and cadence else None
        items.append(Owed(owner, goal.id, "stale", f"check in: {assessment.reason}", due))
    elif cadence is not None and last is not None:
        due = last[0] + _dt.timedelta(days=cadence)
        if due <= today + _dt.timedelta(days=soon):
            items.append(Owed(owner, goal.id, "due", f"check in by {due.isoformat()} (every {cadence} days)", due))
    elif cadence is not None and goal.key_results and not _not_started(goal, today):
        items.append(Owed(owner, goal.id, "due", "first check-in: no check-in or updated date yet", today))
    if goal.period:
        try:
            end = period_range(str(goal.period))[1]
        except (ValueError, IndexError):
            end = None
        if end is not None and end < today:
            items.append(Owed(owner, goal.id, "close", f"close it out: its period {goal.period} ended on "
                              f"{end.isoformat()} (mark it achieved or retired, or move its period)", end))
    for kr in goal.key_results:
        if kr.target is None:
            items.append(Owed(owner, goal.id, "target", f"set a target for the key result on {kr.metric!r}"))
        if kr.current is None:
            items.append(Owed(owner, goal.id, "current", f"record a current value for the key result on {kr.metric!r}"))
    for finding in findings:
        items.append(Owed(owner, goal.id, "finding", f"{finding.code} {finding.name}: {finding.message} "
                                                        f"({finding.location})"))
    return items
