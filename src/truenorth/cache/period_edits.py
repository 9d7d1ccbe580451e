"""Edits that change only goals' periods, re-checked by the rules that read periods.

Re-planning a quarter changes `period:` lines and nothing else. The rules that read a period say so
(`reads=("goal.period", ...)`, rules/base.py). When they are TN113 and rules that look at one goal at a
time (scope "goal", such as TN140), the findings that can change after such an edit are the goal-scope
rules' in the edited files, and those of TN113 (period-outlives-parent), which reads a period only along
a `supports` link (a child's period against its parent's), on the links from the edited goals and on
the links into them; every other finding of the last report stands. When any other rule declares
that it reads periods (or declares nothing), this path steps aside and the check runs as usual.

`report_after_period_edits` takes this path when all of these hold, and otherwise returns None
(the check then loads the organisation as usual):

0. every registered rule whose declared reads include "goal.period" is TN113 or looks at one goal at
   a time (`scope="goal"`, such as TN130 and TN140), and the check itself reads no period
   (truenorth.check.fields_read);

1. the same files as the last run, at most `LIMIT` of them changed, and the last report has no
   duplicate id (TN104), which would make "which goal is meant" a question for the whole cascade;
2. each changed file, read again, with its goals' recorded periods put back, has exactly the
   recorded rule view (records.rule_view): so only periods changed, nothing moved;
3. the recorded links (the links frames beside the cache's chunks: each goal's id, period and
   links, records.links_of) are those of the recorded run, a file each. The chunks are rewritten
   only by a full check, so an entry may be older than the run: it serves when its rule view is the
   recorded one, as after a progress update, or with the periods an earlier re-check like this one
   recorded against it (the run record keeps them, with the entry's rule view and the one they make).

The goal-scope rules run again on the edited files' goals (their findings there replace the recorded
ones), and TN113 itself runs on the few goals involved (the edited files' goals, their parents, the
goals that support them and those goals' parents), and its findings on the affected links replace
the recorded ones. tests/test_period_edits.py compares the result with a check without cache.

The report is worked out on the findings as the cache records them (edited_report.py): none is decoded,
sorted or encoded again but those of the files involved, and the text printed for it is made from the
one printed for the last report (report/text.py splice_text).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

from truenorth.cache.edited_report import EditedReport
from truenorth.findings import Severity
from truenorth.cache.fingerprint import VIEW  # the part of a file's entry in the run record that rules read
from truenorth.cache.records import FRAGMENT_GOALS as _GOALS  # where fields sit in the records' tuples
from truenorth.cache.records import GOAL_ID as _ID
from truenorth.cache.records import GOAL_PERIOD as _PERIOD

if TYPE_CHECKING:
    from truenorth.cache.store import CheckCache
    from truenorth.config import Config

LIMIT = 20
RULE = "TN113"


def _goal_scope_period_readers() -> list | None:
    """The rules besides TN113 that read periods, when each looks at one goal at a time (scope "goal":
    rules/base.py) and the check reads no period itself; None when another rule reads periods."""
    from truenorth.check import READS
    from truenorth.rules import GRAPH_RULES

    readers = [r for r in GRAPH_RULES if getattr(r, "reads", None) is None or "goal.period" in r.reads]
    others = [r for r in readers if r.code != RULE]
    if "goal.period" in READS or RULE not in {r.code for r in readers} or any(r.scope != "goal" for r in others):
        return None
    return others


def _with_periods(record, periods: list):
    """The record with its goals' periods replaced, in order."""
    kind, fragment, findings, invalid, dropped = record
    goals = [(*g[:_PERIOD], period, *g[_PERIOD + 1:]) for g, period in zip(fragment[_GOALS], periods)]
    return kind, (*fragment[:_GOALS], goals), findings, invalid, dropped


def report_after_period_edits(config: Config, cache: CheckCache, limit: int = LIMIT,
                              keep: list | None = None) -> EditedReport | None:
    """The report after edits to periods alone (see the module's docstring), or None. `keep`, when
    given, receives the links read, for a caller that would rather not spend time freeing them."""
    from truenorth.cache.records import links_files, links_of, rule_view
    from truenorth.cache.store import valid_links
    from truenorth.model import make_location

    goal_rules = _goal_scope_period_readers()
    recorded = cache.recorded_findings()  # (its summary, its findings encoded): decoded only if need be
    if recorded is None or not cache.stats or goal_rules is None:
        return None
    summary, previous = recorded
    if summary.period_suppressions:  # an inline suppression of TN113: the full check applies them
        return None
    if not cache.key:
        cache.fingerprint()
    stats, digests = cache.stats, cache.digests
    if digests.keys() != stats.keys():
        return None
    changed = cache.changed_files()
    if not changed or len(changed) > limit or any(f[0] == "TN104" for f in previous):
        return None
    new, views = {}, {}
    for rel in changed:
        digest, new[rel], views[rel] = cache.read_changed(rel)
        if digest != digests[rel]:
            return None  # changed again since the fingerprint

    # The goals of the files whose rule view changed: those whose periods may have (checked below).
    edited_files = {rel for rel in changed if views[rel] != stats[rel][VIEW]}
    edited: set[str] = {g[_ID] for rel in edited_files if new[rel][1] is not None for g in new[rel][1][_GOALS]}
    # One pass over the recorded links, a frame (a few hundred files) at a time and mostly in C: each
    # file's entry checked against the run, and the goals that support an edited one found. Only the
    # frames holding an edited file, an entry with recorded periods or a link into an edited goal
    # are looked at file by file.
    old: dict[str, tuple] = {}  # rel -> its recorded (ids, periods), for the edited files
    entry_views: dict[str, str] = {}
    kept: list = []  # each frame as loaded, or (a list) file by file with the periods of the run
    children: dict[str, tuple] = {}  # goal -> (rel, its links), for the goals whose links may change finding
    seen_files = 0
    overrides = cache.period_overrides
    frames = keep if keep is not None else []
    for frame in cache.stored_links(deep=False):  # decoded, each checked for damage and its shape
        if frame is None:
            return None
        frames.append(frame)  # freed by the caller (a program exits without freeing them at all)
        special = False
        for rel, view in zip(frame[0], frame[1]):
            known = stats.get(rel)
            if known is None:
                return None
            if rel in new or rel in overrides:
                special = True  # looked at below
            elif view != known[VIEW]:
                return None  # not the entry of the run (the chunks could not be written, say)
        seen_files += len(frame[0])
        if not special:
            kept.append(frame)
            if edited.isdisjoint(frame[6]):
                continue
            if not valid_links(frame):
                return None
            files = links_files(frame)
        else:
            if not valid_links(frame):
                return None
            files = []
            for rel, view, ids, periods, links in links_files(frame):
                # An entry may be older than the run's (the chunks are rewritten only by a full check). It
                # serves if what rules read of it is what the run recorded: as it is (after a progress
                # update, say), or with the periods a re-check like this one recorded against this entry.
                known = stats[rel]
                override = overrides.get(rel)
                if override is not None and override[0] == view and override[2] == known[VIEW]:
                    if ids is None or len(override[1]) != len(ids):
                        return None
                    periods = tuple(override[1])
                elif view != known[VIEW]:
                    return None
                if rel in new:
                    old[rel], entry_views[rel] = (ids, periods), view
                    ids, periods, links, _ = links_of(new[rel])  # the edited file as it is now
                files.append((rel, view, ids, periods, links))
            kept.append(files)
        for rel, _, ids, _, links in files:
            for goal_id, flat in zip(ids or (), links):
                if goal_id in edited or not edited.isdisjoint(flat[::3]):
                    children[goal_id] = (rel, flat)
    if seen_files != len(stats) or old.keys() != new.keys():
        return None  # a file of the run has no entry
    for rel in changed:  # only periods changed: with the recorded periods back, the recorded view
        if views[rel] == stats[rel][VIEW]:
            continue  # not even a period changed (an edit no rule reads)
        old_ids, old_periods = old[rel]
        if old_ids is None or new[rel][1] is None or list(old_ids) != [g[_ID] for g in new[rel][1][_GOALS]]:
            return None
        if rule_view(_with_periods(new[rel], old_periods)) != stats[rel][VIEW]:
            return None  # something besides periods changed

    # The goals involved: those children and the goals they support, with their periods (a second
    # pass, over the files holding one). The run has no duplicate id (no TN104, and every entry
    # used has the rule view, so the ids, of the run), so each is found once.
    wanted = set(children)
    for _, flat in children.values():
        wanted.update(flat[::3])
    goals = {}
    for item in kept:
        if isinstance(item, tuple):  # a frame as loaded
            if wanted.isdisjoint(item[3]):
                continue
            if not valid_links(item):
                return None
            item = links_files(item)
        for rel, _, ids, periods, links in item:
            if ids is None or wanted.isdisjoint(ids):
                continue
            path = f"{cache.goals_dir}/{rel}"  # as the loader shows it (organisation._read_one)
            for goal_id, period, flat in zip(ids, periods, links):
                if goal_id in wanted:
                    goals[goal_id] = SimpleNamespace(id=goal_id, period=period, supports=[
                        SimpleNamespace(target=flat[i], location=make_location((path, flat[i + 1], flat[i + 2])))
                        for i in range(0, len(flat), 3)])
    affected = set()
    for goal_id in children:
        for link in goals[goal_id].supports:
            if goal_id in edited or link.target in edited:
                affected.add(link.location)

    from truenorth.check import with_severity
    from truenorth.rules import GRAPH_RULES

    rule = next(r for r in GRAPH_RULES if r.code == RULE)
    fresh = []
    if config.severity.get(RULE) != Severity.OFF:
        ctx = SimpleNamespace(org=SimpleNamespace(goals=goals))
        fresh = [with_severity(f, config) for f in rule.check(ctx) if f.location in affected]
        fresh = [f for f in fresh if f.severity != Severity.OFF]
    codes, paths = set(), set()
    if goal_rules:
        codes, paths, found = _recheck_edited_goals(config, cache, goal_rules, {rel: new[rel] for rel in edited_files})
        fresh += found
    # (an encoded finding: (code, name, severity, message, location, hint, related), records.encode_finding)
    report = EditedReport.replacing(previous, summary, lambda f: (f[0] == RULE and f[4] in affected) or
                                    (f[0] in codes and f[4][0] in paths), fresh)
    for rel in changed:  # their links entries are older now: by their periods alone
        if views[rel] != stats[rel][VIEW] or rel in overrides:
            overrides[rel] = (entry_views[rel], [g[_PERIOD] for g in new[rel][1][_GOALS]], views[rel])
    cache.record_edits(views, report)
    return report


def _recheck_edited_goals(config: Config, cache: CheckCache, rules: list, edited: dict) -> tuple[set, set, list]:
    """(the rules' codes, the edited files' paths, the findings of the goal-scope rules in those files worked
    out again from the files as they are now): such a rule looks at each goal alone, so nothing outside those
    files changes, and these replace the report's findings of those codes in those files."""
    from truenorth.check import with_severity
    from truenorth.config import resolve_today
    from truenorth.load.records import decode_file

    paths = {f"{cache.goals_dir}/{rel}" for rel in edited}  # as the loader shows them
    goals = {}
    for record in edited.values():
        fragment = decode_file(record).fragment
        for goal in fragment.goals if fragment is not None else ():
            goals[goal.id] = goal
    ctx = SimpleNamespace(org=SimpleNamespace(goals=goals), today=resolve_today(config))
    codes = {r.code for r in rules}
    fresh = []
    for rule in rules:
        if config.severity.get(rule.code) == Severity.OFF:
            continue
        fresh += [with_severity(f, config) for f in rule.check(ctx) if f.location.path in paths]
    return codes, paths, [f for f in fresh if f.severity != Severity.OFF]
