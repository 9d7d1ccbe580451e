"""A file's result as plain tuples, for worker processes and the check's cache (truenorth.cache).

Model objects pickle slowly (a few microseconds each, and a large organisation has hundreds of
thousands); tuples of strings and numbers go through `marshal` about ten times faster. Each
encoder below has its decoder next to it; `tests/load/test_records.py` proves the round trip is
exact on every sample and fixture file. The path of a file's locations is stored once per file.
"""

from __future__ import annotations

import datetime as _dt

from truenorth.findings import Finding, Severity
from truenorth.load.build import Fragment
from truenorth.model import (CheckIn, Department, Goal, KeyResult, Level, Location, Metric, Person, Support,
                             Suppression, Value, Vision, WithheldGoal, make_location)

_LEVELS = list(Level)
FileRecord = tuple  # (kind, fragment record or None, findings, invalid goal ids, people with dropped goals)


def _loc(location: Location | None) -> tuple | None:
    return None if location is None else (location.line, location.column)


def _unloc(path: str, pair: tuple | None) -> Location | None:
    return None if pair is None else make_location((path, *pair))


def encode_file(result) -> FileRecord:
    """FileResult -> FileRecord."""
    fragment = result.fragment
    return (
        result.kind,
        None if fragment is None else _encode_fragment(fragment),
        [encode_finding(f) for f in result.findings],
        sorted(result.invalid_goal_ids),
        sorted(result.people_with_dropped_goals),
    )


def decode_file(record: FileRecord):
    """FileRecord -> FileResult."""
    from truenorth.load.organisation import FileResult

    kind, fragment, findings, invalid, dropped = record
    return FileResult(
        kind,
        None if fragment is None else _decode_fragment(fragment),
        [decode_finding(f) for f in findings],
        set(invalid),
        set(dropped),
    )


def encode_finding(f: Finding) -> tuple:
    return (f.code, f.name, f.severity.value, f.message, tuple(f.location), f.hint, [tuple(r) for r in f.related])


_SEVERITIES = {s.value: s for s in Severity}


def decode_finding(r: tuple) -> Finding:
    code, name, severity, message, location, hint, related = r
    return Finding(code, name, _SEVERITIES[severity], message,  # (KeyError for a value Severity() refuses)
                   make_location(location) if len(location) == 3 else Location(*location), hint,
                   tuple(make_location(x) if len(x) == 3 else Location(*x) for x in related) if related else ())


FRAGMENT_FIELDS = 8
"""Parts of an encoded fragment (kind, path, vision, metrics, department, person, goals, withheld):
the cache's shape check of a stored chunk reads this, so a new part is one edit here."""


def _encode_fragment(fr: Fragment) -> tuple:
    v, d, p = fr.vision, fr.department, fr.person
    return (
        fr.kind,
        fr.path,
        None if v is None else (v.id, v.title, v.statement, [(x.name, x.description) for x in v.values],
                                _loc(v.location), v.owner),
        [(m.id, m.name, m.definition, m.unit, m.direction, _loc(m.location), m.kind, m.customer) for m in fr.metrics],
        None if d is None else (d.id, d.name, d.head, _loc(d.location), d.parent, d.description,
                                _loc(d.head_location), _loc(d.parent_location)),
        None if p is None else (p.id, p.name, p.department, _loc(p.location), p.role, _loc(p.department_location)),
        [_encode_goal(g) for g in fr.goals],
        [(w.id, int(w.level), _loc(w.location), w.last_line, [(s.target, *_loc(s.location)) for s in w.supports],
          w.department, w.person) for w in fr.withheld],
    )


def _decode_fragment(r: tuple) -> Fragment:
    kind, path, v, metrics, d, p, goals, withheld = r
    fragment = Fragment(kind, path)
    if v is not None:
        fragment.vision = Vision(v[0], v[1], v[2], [Value(n, desc) for n, desc in v[3]], _unloc(path, v[4]), v[5])
    fragment.metrics = [Metric(m[0], m[1], m[2], m[3], m[4], _unloc(path, m[5]), m[6], m[7]) for m in metrics]
    if d is not None:
        fragment.department = Department(d[0], d[1], d[2], _unloc(path, d[3]), d[4], d[5], _unloc(path, d[6]),
                                         _unloc(path, d[7]))
    if p is not None:
        fragment.person = Person(p[0], p[1], p[2], _unloc(path, p[3]), p[4], _unloc(path, p[5]))
    fragment.goals = [_decode_goal(path, g) for g in goals]
    fragment.withheld = [WithheldGoal(w[0], _LEVELS[w[1]], _unloc(path, w[2]), w[3],
                                      [Support(t, make_location((path, line, column))) for t, line, column in w[4]],
                                      w[5], w[6]) for w in withheld]
    return fragment


def _encode_goal(g: Goal) -> tuple:
    return (
        g.id, g.title, g.owner, int(g.level),
        [(s.target, s.location.line, s.location.column, s.weight) for s in g.supports],
        _loc(g.location), g.department, g.person, g.description, g.period,
        [(k.metric, k.location.line, k.location.column, k.description, k.baseline, k.target, k.current, k.weight,
          [_encode_check_in(c) for c in k.check_ins] if k.check_ins else ()) for k in g.key_results],
        g.status, g.health, g.health_reason, g.visibility, g.standalone_reason, list(g.plays),
        _loc(g.plays_location), _loc(g.owner_location), None if g.updated is None else g.updated.isoformat(),
        g.retrospective, g.carried_from,
        [(x.code, x.reason, x.location.line, x.location.column, x.last_line) for x in g.suppressions],
    )


def _encode_check_in(c: CheckIn) -> tuple:
    return (None if c.date is None else c.date.isoformat(), c.value, c.location.line, c.location.column, c.confidence,
            c.note, c.by, _loc(c.by_location))


def _decode_check_in(path: str, r: tuple) -> CheckIn:
    date, value, line, column, confidence, note, by, by_location = r
    return CheckIn(None if date is None else _dt.date.fromisoformat(date), value, make_location((path, line, column)),
                   confidence, note, by, _unloc(path, by_location))


def _decode_goal(path: str, r: tuple) -> Goal:
    (id_, title, owner, level, supports, location, department, person, description, period, key_results, status,
     health, health_reason, visibility, standalone_reason, plays, plays_location, owner_location, updated,
     retrospective, carried_from, suppressions) = r
    # (Empty lists are made without a comprehension, and absent places without a call: a comprehension is a
    # function call in Python 3.11, and 10,000 people have 40,000 goals and 70,000 key results, most with
    # no check-in, suppression or plays place.)
    return Goal(
        id_, title, owner, _LEVELS[level],
        [Support(t, make_location((path, line, column)), w) for t, line, column, w in supports] if supports else [],
        None if location is None else make_location((path, *location)), department, person, description, period,
        [KeyResult(k[0], make_location((path, k[1], k[2])), k[3], k[4], k[5], k[6], k[7],
                   [_decode_check_in(path, c) for c in k[8]] if k[8] else []) for k in key_results]
        if key_results else [],
        status, health, health_reason, visibility, standalone_reason, plays,
        None if plays_location is None else make_location((path, *plays_location)),
        None if owner_location is None else make_location((path, *owner_location)),
        None if updated is None else _dt.date.fromisoformat(updated), retrospective, carried_from,
        [Suppression(c, why, make_location((path, line, column)), last) for c, why, line, column, last in suppressions]
        if suppressions else [],
    )
