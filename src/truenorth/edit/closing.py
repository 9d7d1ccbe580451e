"""Closing a period through the edit engine: `truenorth close` (a goal's close-out status and its
retrospective) and `truenorth plan` (the next period's drafts, carried from the unfinished goals).

Both only change documents of a ChangeSet; the command verifies and writes (or prints the diff), so
a close-out or a draft that would break the cascade is refused like any other edit.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from truenorth.analysis.periods import period_range
from truenorth.edit.changeset import ChangeSet
from truenorth.edit.document import CommentedMap, CommentedSeq, flow_list
from truenorth.edit.errors import NotEditable
from truenorth.model import CLOSE_OUTS, Goal

MAX_ID = 64  # schemas/common.schema.json: ^[a-z0-9][a-z0-9-]{0,63}$
UNFINISHED = ("active", "partial", "missed")
"""The goals `plan` carries into the next period: still open, or closed short of their target."""

_PERIOD_SUFFIX = re.compile(r"-[0-9]{4}(-[hq][1-4])?$")


def _set_after(item: CommentedMap, key: str, value, after: tuple[str, ...]) -> None:
    """item[key] = value; a new key goes right after the first of `after` the item has (else at the end)."""
    if key in item:
        item[key] = value
        return
    keys = list(item.keys())
    for anchor in after:
        if anchor in item:
            item.insert(keys.index(anchor) + 1, key, value)
            return
    item[key] = value


def close_goal(changes: ChangeSet, goal_id: str, outcome: str, note: str | None = None) -> Goal:
    """Set the goal's status to a close-out (achieved, partial, missed or dropped) and, with a note, its
    retrospective. NotEditable for an unknown goal, a retired one or a draft."""
    if outcome not in CLOSE_OUTS:
        raise NotEditable(f"a goal is closed out as {', '.join(CLOSE_OUTS)}, not {outcome!r}")
    goal = changes.before().org.goals.get(goal_id)
    document, item = changes.goal(goal_id)  # (NotEditable, with a did-you-mean, for an unknown id)
    if goal.status == "retired":
        raise NotEditable(f"{goal_id!r} is retired: it left the cascade and has nothing to close out")
    if goal.status == "draft":
        raise NotEditable(f"{goal_id!r} is a draft: agree it first (status: active), or delete it")
    _set_after(item, "status", outcome, ("period", "owner"))
    if note:
        _set_after(item, "retrospective", note.strip(), ("status",))
    return goal


@dataclass(frozen=True)
class Draft:
    id: str
    carried_from: str
    path: str


def draft_id(old_id: str, period: str, taken) -> str:
    """The id of the draft carrying `old_id` into `period`: the old id without a period suffix, then the
    new period ("amy-nps-2027-q2"), shortened to fit and made unique with -2, -3... against `taken`."""
    stem = _PERIOD_SUFFIX.sub("", old_id)
    suffix = "-" + period.lower()
    for n in range(1, 1000):
        extra = "" if n == 1 else f"-{n}"
        candidate = stem[:MAX_ID - len(suffix) - len(extra)].rstrip("-") + suffix + extra
        if candidate not in taken:
            return candidate
    raise NotEditable(f"no free id for the draft of {old_id!r}")


def draft_next_period(changes: ChangeSet, period: str, source: str) -> list[Draft]:
    """Drafts in `period` of the unfinished goals of `source` (their own period inside it; active, partial
    or missed): the same title, parents, owner, plays and metrics, the old current value as the new
    baseline, a new id, `status: draft` and `carried_from`. A goal already carried into `period` by a
    draft is left alone, so running it twice drafts nothing new."""
    from truenorth.analysis.review import in_period

    if period_range(period)[0] <= period_range(source)[0]:
        raise NotEditable(f"{period} does not come after {source}: plan drafts a later period from an earlier one")
    org = changes.before().org
    carried = {g.carried_from for g in org.goals.values() if g.carried_from and g.period == period}
    taken = set(org.goals) | ({org.vision.id} if org.vision is not None else set())
    drafts = []
    for goal in org.goals.values():
        if goal.status not in UNFINISHED or not in_period(goal.period, source) or goal.id in carried:
            continue
        document, item = changes.goal(goal.id)
        new_id = draft_id(goal.id, period, taken)
        taken.add(new_id)
        document.append_goal(_draft_item(item, new_id, period, goal.id))
        drafts.append(Draft(new_id, goal.id, document.path))
    return drafts


_CARRIED_KEYS = ("title", "supports", "owner", "description", "plays")


def _draft_item(old: CommentedMap, new_id: str, period: str, old_id: str) -> CommentedMap:
    item = CommentedMap()
    item["id"] = new_id
    for key in _CARRIED_KEYS[:3]:
        item[key] = _plain(old[key])
    item["period"] = period
    item["status"] = "draft"
    item["carried_from"] = old_id
    for key in _CARRIED_KEYS[3:]:
        if key in old:
            item[key] = _plain(old[key])
    key_results = []
    for kr in old.get("key_results") or ():
        new = CommentedMap()
        for key in ("metric", "description"):
            if key in kr:
                new[key] = kr[key]
        baseline = kr.get("current", kr.get("baseline"))
        if baseline is not None:
            new["baseline"] = baseline
        if "target" in kr:
            new["target"] = kr["target"]
        if "weight" in kr:
            new["weight"] = kr["weight"]
        key_results.append(new)
    if key_results:
        seq = CommentedSeq(key_results)
        item["key_results"] = seq
    return item


def _plain(value):
    """A copy of a value for new content: lists of plain values written on one line as the sample does."""
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return flow_list(list(value))
    if isinstance(value, (list, dict)):
        return copy.deepcopy(value)
    return value
