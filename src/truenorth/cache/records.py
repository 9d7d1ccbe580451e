"""What the cache keeps of each goals file besides its record (load/records.py encodes those): its
rule view, and its links frame.

* The **rule view** of a file is a digest of the part of its record the rules can see. Each rule
  declares the fields it reads (`@rule(..., reads=...)`, rules/base.py), and so does the check for
  its summary (truenorth.check.READS); the view keeps exactly those fields, and always every id and
  every place (a finding is located, so an edit that moves lines is seen). Two versions of a file
  with the same view give the same findings everywhere, so `truenorth check` reuses the last report
  after an edit that changed nothing in the view (a progress update, say) without reassembling the
  organisation (store.py, report_after_unseen_edits). A new rule's declaration widens the view by
  itself: nothing here names a rule.
* The **links frame** beside each chunk of records: each goal's id, period and links, what the
  period re-check (period_edits.py) reads instead of every record.
"""

from __future__ import annotations

import marshal
import sys
from dataclasses import fields
from operator import itemgetter

from truenorth.load.digest import sha1
from truenorth.load.records import FileRecord, encode_file
from truenorth.model import Department, Goal, KeyResult, Metric, Person, Support, Vision


# -- the links frames --------------------------------------------------------------------------------
# Where a few fields sit in the records' tuples, for code that reads records without decoding them
# (period_edits.py): the goals in a fragment record (load/records.py), and a goal record's id, links and
# period (a goal record holds Goal's fields in their order, as every record of the model does).
FRAGMENT_GOALS = 6
GOAL_ID, GOAL_SUPPORTS, GOAL_PERIOD, _SUPPORTS, _KEY_RESULTS = (
    next(i for i, f in enumerate(fields(Goal)) if f.name == name)
    for name in ("id", "supports", "period", "supports", "key_results"))


def links_of(record: FileRecord) -> tuple:
    """What TN113 reads of a file: (goal ids, their periods, their links, every link's target), each
    goal's links flat (target, line, column, target, line, column, ...); (None, (), (), ()) for a
    file without a model fragment.

    The cache keeps this beside each chunk of records (store.py), so that period_edits.py reads a
    few megabytes at 10,000 people instead of every record. Periods and targets are interned, so
    that marshal writes each once per chunk (a team's goals share their parents and periods)."""
    fragment = record[1]
    if fragment is None:
        return None, (), (), ()
    goals = fragment[FRAGMENT_GOALS]
    links = tuple(tuple(x for s in g[GOAL_SUPPORTS] for x in (_interned(s[0]), s[1], s[2])) for g in goals)
    return (tuple(g[GOAL_ID] for g in goals), tuple(_interned(g[GOAL_PERIOD]) for g in goals), links,
            tuple({target: None for flat in links for target in flat[::3]}))


def _interned(value):
    return sys.intern(value) if type(value) is str else value


def links_chunk(items: list) -> bytes:
    """The links frame of a chunk of (rel, digest, rule view, record), flat so that it loads fast:
    (rels, their rule views, their goal counts (-1: no fragment), then every goal's id, period and
    links, file after file, and the targets of all those links). links_files reads it per file."""
    rels, views, counts, ids, periods, links = [], [], [], [], [], []
    for rel, _digest, view, record in items:
        rels.append(rel)
        views.append(view)
        file_ids, file_periods, file_links, _ = links_of(record)
        counts.append(-1 if file_ids is None else len(file_ids))
        if file_ids is not None:
            ids += file_ids
            periods += file_periods
            links += file_links
    targets = tuple({target: None for flat in links for target in flat[::3]})
    return marshal.dumps((tuple(rels), tuple(views), tuple(counts), tuple(ids), tuple(periods), tuple(links), targets))


def links_files(frame: tuple) -> list[tuple]:
    """A links frame (links_chunk) per file: [(rel, view, goal ids, periods, links), ...], the ids
    None for a file without a model fragment, as links_of gives them."""
    rels, views, counts, ids, periods, links, _ = frame
    files, at = [], 0
    for rel, view, count in zip(rels, views, counts):
        if count < 0:
            files.append((rel, view, None, (), ()))
            continue
        files.append((rel, view, ids[at:at + count], periods[at:at + count], links[at:at + count]))
        at += count
    return files


# -- the rule view ----------------------------------------------------------------------------------

def rule_view(record: FileRecord) -> str:
    """A digest of what the rules (and the check's summary) can see of one file's record (see above)."""
    goal, support, key_result, metric, department, person, vision = _view_columns()
    kind, fragment, findings, invalid, dropped = record
    view = None
    if fragment is not None:
        _, path, v, metrics, d, p, goals = fragment[:7]  # not the withheld private items: no rule reads them
        view = (
            path,
            None if v is None else vision(v),
            [metric(m) for m in metrics],
            None if d is None else department(d),
            None if p is None else person(p),
            [(goal(g), g[_SUPPORTS] if support is None else [support(s) for s in g[_SUPPORTS]],
              g[_KEY_RESULTS] if key_result is None else [key_result(k) for k in g[_KEY_RESULTS]]) for g in goals],
        )
    return sha1(marshal.dumps((kind, view, findings, invalid, dropped), 2)).hexdigest()


def read_record(goals_path, goals_dir: str, rel: str) -> tuple[str, FileRecord, str]:
    """(content digest, record, rule view digest) of one goals file, all from the same bytes."""
    from truenorth.load.organisation import read_one  # the parser: only when some file changed

    digest, result = read_one(goals_path, goals_dir, rel)
    record = encode_file(result)
    return digest, record, rule_view(record)


_ENTITIES = (("goal", Goal), ("support", Support), ("key_result", KeyResult), ("metric", Metric),
             ("department", Department), ("person", Person), ("vision", Vision))
_made_for: list = [None, None]  # (the rule list the columns were made for, the columns)


def _view_columns() -> tuple:
    """For each kind of record, a function picking the fields read from its tuple (None: keep it whole),
    made from the declarations of the rules registered now (truenorth.check.fields_read)."""
    from truenorth import rules
    from truenorth.check import fields_read

    registered = rules.GRAPH_RULES
    if _made_for[0] is not registered:
        _made_for[:] = [registered, _columns(fields_read())]
    return _made_for[1]


def _columns(reads: frozenset | None) -> tuple:
    if reads is not None:
        if "goal.supports" in reads:
            reads |= {f"support.{f.name}" for f in fields(Support)}
        if "goal.key_results" in reads:
            reads |= {f"key_result.{f.name}" for f in fields(KeyResult)}
    picks = []
    for entity, cls in _ENTITIES:
        columns, at = [], 0
        split = cls in (Support, KeyResult)  # their location is stored as (line, column) in place
        for f in fields(cls):
            width = 2 if split and f.name == "location" else 1
            always = f.name == "id" or f.name == "location" or f.name.endswith("_location")
            if cls is Goal and f.name in ("supports", "key_results"):
                pass  # picked item by item (rule_view)
            elif reads is None or always or f"{entity}.{f.name}" in reads:
                columns.extend(range(at, at + width))
            at += width
        if cls is not Goal and len(columns) == at:  # read whole
            picks.append(None if split else _same)
        else:
            picks.append(_picker(columns))
    return tuple(picks)


def _same(item):
    return item


def _picker(columns: list[int]):
    if not columns:
        return lambda item: ()
    getter = itemgetter(*columns)
    return getter if len(columns) > 1 else (lambda item: (getter(item),))
