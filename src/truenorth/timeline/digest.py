"""What changed since a date or a revision, from git: the weekly digest.

The organisation as it is now (the goals folder on disk, checked) is compared with the organisation at
a base revision (its goals folder and pyproject.toml written out by the git layer's tree_at, checked
the same way):

* goals added and removed, achieved and retired, re-linked (what they support changed);
* key results that moved (current before -> now) with the notes of the check-ins written since;
* status changes (on-track, at-risk, ...): the base judged on the base's day, now on today;
* goals that went stale (stale now, not at the base's day);
* who is overdue (analysis.owe's overdue check-ins, per person).

`--since 7d` takes as base the last commit made at least 7 days before now (git's own clock: commits
carry real dates), and the base's day is `today` minus 7 days; `--since REV` takes REV, and the base's
day is the day of REV's commit. Private goals are counted, never named.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from truenorth.analysis.owe import owed
from truenorth.analysis.status import STALE, assess
from truenorth.findings import CheckResult

_DAYS = re.compile(r"^(\d{1,4})d$")
_BEFORE: dict[tuple, object] = {}  # (repository, base commit, ...) -> the base's check: once per process (serve)


class DigestError(Exception):
    """A --since that names no date or revision, or git that cannot answer; one line for the user."""


@dataclass(slots=True)
class Change:
    kind: str  # added, removed, achieved, retired, relinked, moved, status, stale, overdue
    goal: str | None  # None for "overdue" (a person's entry)
    title: str
    text: str  # what happened, in words
    person: str | None = None  # the owner (or, for "overdue", the person)
    notes: list[str] = field(default_factory=list)  # check-in notes written since the base

    def as_dict(self) -> dict:
        return {"kind": self.kind, "goal": self.goal, "title": self.title, "text": self.text,
                "person": self.person, "notes": list(self.notes)}


@dataclass(slots=True)
class Digest:
    since: str  # as asked: "7d" or a revision
    base: str | None  # the base commit's sha (None: before the first commit: everything is new)
    base_date: _dt.date | None  # the base commit's date
    today: _dt.date
    changes: list[Change]
    private: int = 0  # changes about private goals, counted only

    KINDS = ("added", "achieved", "retired", "removed", "relinked", "moved", "status", "stale", "overdue")
    HEADINGS = {"added": "Goals added", "achieved": "Goals achieved", "retired": "Goals retired",
                "removed": "Goals removed", "relinked": "Goals re-linked", "moved": "Key results that moved",
                "status": "Status changes", "stale": "Goals that went stale", "overdue": "Who is overdue"}

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def as_dict(self) -> dict:
        return {"since": self.since, "base": self.base, "base_date": self.base_date.isoformat() if self.base_date else None,
                "today": self.today.isoformat(), "changes": [c.as_dict() for c in self.changes],
                "private": self.private}


def base_revision(repo, since: str, now: _dt.datetime | None = None) -> tuple[str | None, _dt.date | None, int | None]:
    """(base sha or None, its commit date, the window in days: None for a revision) for `--since` ("7d" or
    a revision). Days count back from `now` (the real clock: commits carry real dates)."""
    from truenorth.git import GitError

    now = now or _dt.datetime.now(_dt.timezone.utc)
    match = _DAYS.match(since.strip())
    try:
        if match:
            days = int(match.group(1))
            cutoff = now - _dt.timedelta(days=days)
            newer = {c.sha for c in repo.log(since=cutoff)}
            base = next((c for c in repo.log() if c.sha not in newer), None)
            return (base.sha, base.committed.date(), days) if base else (None, None, days)
        sha = repo.resolve(since)
        commit = next(iter(repo.log(rev=sha)), None)
        when = commit.committed if commit else now
        return sha, when.date(), None
    except GitError as exc:
        raise DigestError(str(exc)) from None


def digest(root: Path, now_result: CheckResult, today: _dt.date, since: str, *,
           now: _dt.datetime | None = None) -> Digest:
    """The digest of the repository at `root` (its goals checked now: `now_result`) since `since`."""
    from truenorth.check import run_check
    from truenorth.config import Config, ConfigError, load_config
    from truenorth.git import GitError, Repository

    try:
        repo = Repository.discover(root)
        prefix = repo.relative(Path(root).resolve())
    except GitError as exc:
        raise DigestError(str(exc)) from None
    base, base_date, window = base_revision(repo, since, now)
    config = load_config(root)
    thresholds = config.status_thresholds
    # the day the base is judged on: --since Nd, today minus N days; --since REV, the day of REV's commit
    base_day = today - _dt.timedelta(days=window) if window is not None else min(base_date or today, today)
    before = None
    memo_key = (str(repo.root), base, prefix, config.goals_dir)
    if base is not None and memo_key in _BEFORE:
        before = _BEFORE[memo_key]
    elif base is not None:
        inside = [p for p in ("/".join(x for x in (prefix, config.goals_dir) if x),
                              "/".join(x for x in (prefix, "pyproject.toml") if x))]
        try:
            with repo.tree_at(base, inside) as folder:
                old_root = folder / prefix if prefix else folder
                if (old_root / config.goals_dir).is_dir():
                    try:
                        old_config = load_config(old_root)
                    except ConfigError:  # the settings then could not be read: its goals with the defaults
                        old_config = Config(root=old_root)
                    before = run_check(old_config)
        except GitError as exc:
            raise DigestError(str(exc)) from None
        _BEFORE.clear()
        _BEFORE[memo_key] = before
    return compare(before, now_result, base_day, today, thresholds, since=since, base=base, base_date=base_date)


def compare(before: CheckResult | None, after: CheckResult, base_day: _dt.date, today: _dt.date,
            thresholds: dict, *, since: str = "", base: str | None = None,
            base_date: _dt.date | None = None) -> Digest:
    """The changes between two checked organisations (before: None when there was nothing)."""
    new_org = after.org
    old_org = before.org if before is not None else None
    old_goals = old_org.goals if old_org is not None else {}
    now_status = assess(new_org, after.graph, today, **thresholds)
    then_status = assess(old_org, before.graph, base_day, **thresholds) if before is not None else {}
    changes: list[Change] = []
    private = 0

    def add(change: Change, *goals) -> None:
        nonlocal private
        if any(g is not None and g.is_private for g in goals):
            private += 1
        else:
            changes.append(change)

    for goal in new_org.goals.values():
        old = old_goals.get(goal.id)
        if old is None:
            add(Change("added", goal.id, goal.title, f"added by {goal.owner}" + (f" for {goal.period}" if goal.period else ""),
                       goal.owner), goal)
            continue
        if goal.status != old.status and goal.status in ("achieved", "retired"):
            add(Change(goal.status, goal.id, goal.title, f"{goal.status} (was {old.status})", goal.owner), goal, old)
        if sorted(goal.supported_ids) != sorted(old.supported_ids):
            gone = sorted(set(old.supported_ids) - set(goal.supported_ids))
            came = sorted(set(goal.supported_ids) - set(old.supported_ids))
            words = "; ".join(x for x in (f"now supports {', '.join(came)}" if came else "",
                                          f"no longer {', '.join(gone)}" if gone else "") if x)
            add(Change("relinked", goal.id, goal.title, words, goal.owner), goal, old)
        for index, kr in enumerate(goal.key_results):
            was = old.key_results[index] if index < len(old.key_results) and old.key_results[index].metric == kr.metric else None
            if was is None or was.current == kr.current or kr.current is None:
                continue
            seen = {(c.date, c.value) for c in was.check_ins}
            notes = [f"{c.date.isoformat()}: {c.note}" for c in kr.check_ins
                     if c.note and c.date is not None and (c.date, c.value) not in seen]
            metric = new_org.metrics.get(kr.metric)
            unit = f" {metric.unit}" if metric is not None and metric.unit and metric.unit != "%" else \
                ("%" if metric is not None and metric.unit == "%" else "")
            add(Change("moved", goal.id, goal.title, f"{kr.metric}: {_num(was.current)}{unit} -> {_num(kr.current)}{unit}"
                       + (f" (target {_num(kr.target)}{unit})" if kr.target is not None else ""), goal.owner, notes), goal)
        a, b = then_status.get(goal.id), now_status.get(goal.id)
        if a is not None and b is not None and a.status != b.status and goal.status == old.status:
            if b.status == STALE:
                add(Change("stale", goal.id, goal.title, b.reason, goal.owner), goal)
            else:
                add(Change("status", goal.id, goal.title, f"{a.status} -> {b.status}: {b.reason}", goal.owner), goal)
    for goal in old_goals.values():
        if goal.id not in new_org.goals:
            add(Change("removed", goal.id, goal.title, f"removed (was {goal.status})", goal.owner), goal)
    for person, items in owed(new_org, now_status, after.findings, today,
                              thresholds.get("checkin_every_days")).items():
        late = [o for o in items if o.kind == "stale" and not new_org.goals[o.goal].is_private]
        if late:
            name = new_org.people[person].name if person in new_org.people else person
            changes.append(Change("overdue", None, name, f"{len(late)} overdue check-in{'s' if len(late) > 1 else ''}: "
                                  + ", ".join(o.goal for o in late), person))
    order = {k: n for n, k in enumerate(Digest.KINDS)}
    changes.sort(key=lambda c: (order[c.kind], c.goal or "", c.text))
    return Digest(since, base, base_date, today, changes, private)


def _num(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def render(d: Digest, fmt: str) -> str:
    """The digest as text (for a terminal) or markdown (to paste into chat or email); user text escaped."""
    from truenorth.report.escape import markdown_text as markdown, terminal

    md = fmt == "markdown"
    esc = markdown if md else terminal
    base = f"{d.base[:7]} of {d.base_date.isoformat()}" if d.base else "the first commit"
    lines = [(f"## What changed since {esc(d.since)}" if md else f"What changed since {terminal(d.since)}")
             + f" ({base}; judged on {d.today.isoformat()})"]
    if not d.changes:
        lines += ["", "Nothing changed."]
    for kind in Digest.KINDS:
        items = d.of(kind)
        if not items:
            continue
        heading = f"{Digest.HEADINGS[kind]} ({len(items)})"
        lines += ["", f"**{heading}**" if md else heading]
        for c in items:
            who = f" ({c.person})" if c.person and kind != "overdue" else ""
            if kind == "overdue":
                line = f"{c.title} ({c.person}): {c.text}"
            else:
                line = f"{c.title} [{c.goal}]{who}: {c.text}"
            lines.append(("- " if md else "  ") + esc(line))
            for note in c.notes:
                lines.append(("  - " if md else "      ") + esc(f"note {note}"))
    if d.private:
        lines += ["", f"and {d.private} change{'s' if d.private > 1 else ''} to private goals"]
    return "\n".join(lines)
