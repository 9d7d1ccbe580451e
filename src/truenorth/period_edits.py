"""Edits that change only goals' periods, re-checked by the one rule that reads periods.

Re-planning a quarter changes `period:` lines and nothing else. Of all the rules only TN113
(period-outlives-parent) reads a period, and only along a `supports` link: a child's period
against its parent's. So after such an edit the findings that can change are TN113's on the links
from the edited goals and on the links into them; every other finding of the last report stands.

`report_after_period_edits` takes this path when all of these hold, and otherwise returns None
(the check then loads the organisation as usual):

1. the same files as the last run, at most `LIMIT` of them changed, and the last report has no
   duplicate id (TN104), which would make "which goal is meant" a question for the whole cascade;
2. each changed file, read again, with its goals' recorded periods put back, has exactly the
   recorded rule view (records.rule_view): so only periods changed, nothing moved;
3. the recorded records (the cache's chunks, read as plain tuples, no model objects) are those of
   the recorded run, and no goal id appears twice in them. The chunks are rewritten only by a full
   check, so a record may be older than the run: it serves when its rule view is the recorded one,
   as after a progress update, or becomes so with the periods an earlier re-check like this one
   recorded for it (the run record keeps them).

TN113 itself then runs on the few goals involved (the edited files' goals, their parents, the
goals that support them and those goals' parents), and its findings on the affected links replace
the recorded ones. tests/test_period_edits.py compares the result with a check without cache.
"""

from __future__ import annotations

import marshal
from types import SimpleNamespace
from typing import TYPE_CHECKING

from truenorth.findings import Finding, Report, Severity, Summary
from truenorth.load.records import FRAGMENT_GOALS as _GOALS  # where fields sit in the records' tuples
from truenorth.load.records import GOAL_ID as _ID
from truenorth.load.records import GOAL_PERIOD as _PERIOD
from truenorth.load.records import GOAL_SUPPORTS as _SUPPORTS

if TYPE_CHECKING:
    from truenorth.cache import CheckCache
    from truenorth.config import Config

LIMIT = 20
RULE = "TN113"


def _goals(record) -> list:
    fragment = record[1]
    return fragment[_GOALS] if fragment is not None else []


def _with_periods(record, periods: list):
    """The record with its goals' periods replaced, in order."""
    kind, fragment, findings, invalid, dropped = record
    goals = [(*g[:_PERIOD], period, *g[_PERIOD + 1:]) for g, period in zip(fragment[_GOALS], periods)]
    return kind, (*fragment[:_GOALS], goals), findings, invalid, dropped


def report_after_period_edits(config: Config, cache: CheckCache, limit: int = LIMIT,
                              keep: list | None = None) -> Report | None:
    """The report after edits to periods alone (see the module's docstring), or None. `keep`, when
    given, receives the records read, for a caller that would rather not spend time freeing them."""
    from truenorth.load.organisation import _read_one
    from truenorth.load.records import _decode_goal, encode_file, rule_view

    if cache.report is None or not cache.stats:
        return None
    if not cache.key:
        cache.fingerprint()
    stats, digests = cache.stats, cache.digests
    if digests.keys() != stats.keys():
        return None
    changed = [rel for rel, digest in digests.items() if digest != stats[rel][4]]
    if not changed or len(changed) > limit or any(f.code == "TN104" for f in cache.report.findings):
        return None
    goals_path = cache.root / cache.goals_dir
    new = {}
    for rel in changed:
        digest, result = _read_one(goals_path, cache.goals_dir, rel)
        if digest != digests[rel]:
            return None  # changed again since the fingerprint
        new[rel] = encode_file(result)

    # The goals of the files whose rule view changed: those whose periods may have (checked below).
    views = {rel: rule_view(new[rel]) for rel in changed}
    edited: set[str] = {g[_ID] for rel in changed if views[rel] != stats[rel][5] for g in _goals(new[rel])}
    # One pass over the recorded records: every goal (as a plain tuple) and where it is, and the
    # goals that support an edited one.
    old: dict[str, tuple] = {}
    goal_of: dict[str, tuple] = {}  # id -> (path, goal record)
    children: set[str] = set(edited)  # the goals whose links may change finding
    seen_files = 0
    overrides = cache.period_overrides
    chunks = keep if keep is not None else []
    for chunk in cache.stored_chunks():
        chunk = marshal.loads(chunk)
        chunks.append(chunk)  # freed by the caller (a program exits without freeing them at all)
        for rel, digest, _view, record in chunk:
            known = stats.get(rel)
            if known is None:
                return None
            if digest != known[4]:
                # An older record than the run's (the chunks are rewritten only by a full check). It
                # serves if what rules read of it is what the run recorded: after a progress update
                # as it is, after a re-check like this one with the periods that re-check recorded.
                override = overrides.get(rel)
                if override is not None and record[1] is not None and len(override[1]) == len(_goals(record)):
                    record = _with_periods(record, override[1])
                    if rule_view(record) != known[5]:
                        return None
                elif (_view or rule_view(record)) != known[5]:
                    return None
            seen_files += 1
            if rel in new:
                old[rel] = record
                record = new[rel]  # the edited file as it is now
            fragment = record[1]
            for goal in _goals(record):
                goal_id = goal[_ID]
                if goal_id in goal_of:
                    return None  # an id used twice
                goal_of[goal_id] = (fragment[1], goal)
                for link in goal[_SUPPORTS]:
                    if link[0] in edited:
                        children.add(goal_id)
    if seen_files != len(stats) or old.keys() != new.keys():
        return None
    for rel in changed:  # only periods changed: with the recorded periods back, the recorded view
        if views[rel] == stats[rel][5]:
            continue  # not even a period changed (an edit no rule reads)
        old_goals, new_goals = _goals(old[rel]), _goals(new[rel])
        if old[rel][1] is None or new[rel][1] is None or [g[_ID] for g in old_goals] != [g[_ID] for g in new_goals]:
            return None
        if rule_view(_with_periods(new[rel], [g[_PERIOD] for g in old_goals])) != stats[rel][5]:
            return None  # something besides periods changed

    # The links whose TN113 finding may change: from an edited goal, and into one.
    involved = set(children)
    for goal_id in children:
        involved.update(link[0] for link in goal_of[goal_id][1][_SUPPORTS] if link[0] in goal_of)
    goals = {goal_id: _decode_goal(*goal_of[goal_id]) for goal_id in sorted(involved)}
    affected = set()
    for goal_id in children:
        for link in goals[goal_id].supports:
            if goal_id in edited or link.target in edited:
                affected.add(link.location)

    from truenorth.check import _with_severity
    from truenorth.rules.period_outlives_parent import check as rule  # (not the registry: no networkx)

    assert rule.code == RULE
    fresh = []
    if config.severity.get(RULE) != Severity.OFF:
        ctx = SimpleNamespace(org=SimpleNamespace(goals=goals))
        fresh = [_with_severity(f, config) for f in rule.check(ctx) if f.location in affected]
        fresh = [f for f in fresh if f.severity != Severity.OFF]
    findings = [f for f in cache.report.findings if not (f.code == RULE and f.location in affected)] + fresh
    findings.sort(key=Finding.sort_key)
    summary = cache.report.summary
    report = Report(findings, Summary(
        files=summary.files, goals=summary.goals, traced=summary.traced,
        errors=sum(1 for f in findings if f.severity == Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity == Severity.WARNING)))
    for rel in changed:  # their chunk records are older now: by their periods alone
        if new[rel][1] is not None:
            cache.period_overrides[rel] = (digests[rel], [g[_PERIOD] for g in _goals(new[rel])])
    cache.record_edits(views, report)
    return report
