"""Records (plain tuples for worker processes and the cache) round-trip every file exactly."""

from __future__ import annotations

import marshal
from pathlib import PurePosixPath

from tests.load.test_schema_accelerator import all_goal_files
from truenorth.load.organisation import read_file
from truenorth.load.records import decode_file, encode_file


def _every_file():
    """(path, rel, what reading it gives) for every sample and fixture goals file."""
    for path, _kind in all_goal_files():
        goals = path.parents[[p.name for p in path.parents].index("goals")]
        rel = PurePosixPath(path.relative_to(goals).as_posix())
        yield path, rel, read_file(path.read_bytes(), rel, f"goals/{rel}")


def test_every_sample_and_fixture_file_round_trips():
    compared = with_goals = with_findings = 0
    for path, rel, result in _every_file():
        record = marshal.loads(marshal.dumps(encode_file(result)))  # only plain values survive marshal
        assert decode_file(record) == result, path
        compared += 1
        with_goals += bool(result.fragment and result.fragment.goals)
        with_findings += bool(result.findings)
    assert compared > 90 and with_goals > 50 and with_findings >= 10


def test_a_file_with_problems_keeps_its_findings_and_dropped_ids():
    raw = b"person:\n  id: cat\n  name: Cat\n  department: ops\ngoals:\n  - id: c1\n    title: T\n    owner: cat\n    supports: [x]\n    tittle: typo\n"
    result = read_file(raw, PurePosixPath("people/cat.yaml"), "goals/people/cat.yaml")
    assert result.findings and result.invalid_goal_ids == {"c1"}
    assert decode_file(marshal.loads(marshal.dumps(encode_file(result)))) == result


def test_the_named_field_positions_point_at_the_goals_their_ids_links_and_periods():
    from truenorth.cache.records import FRAGMENT_GOALS, GOAL_ID, GOAL_PERIOD, GOAL_SUPPORTS

    checked = 0
    for path, rel, result in _every_file():
        record = encode_file(result)
        if result.fragment is None:
            continue
        for goal, goal_record in zip(result.fragment.goals, record[1][FRAGMENT_GOALS], strict=True):
            assert goal_record[GOAL_ID] == goal.id and goal_record[GOAL_PERIOD] == goal.period
            assert [link[0] for link in goal_record[GOAL_SUPPORTS]] == [s.target for s in goal.supports]
            checked += 1
    assert checked > 100


def test_links_of_gives_each_goals_id_period_and_located_links():
    """What period_edits.py reads instead of the records: the model's ids, periods and link places."""
    from truenorth.cache.records import links_of

    checked = 0
    for path, rel, result in _every_file():
        ids, periods, links, targets = marshal.loads(marshal.dumps(links_of(encode_file(result))))
        if result.fragment is None:
            assert (ids, periods, links, targets) == (None, (), (), ())
            continue
        model = result.fragment.goals
        assert ids == tuple(g.id for g in model) and periods == tuple(g.period for g in model)
        for goal, flat in zip(model, links, strict=True):
            assert flat == tuple(x for s in goal.supports for x in (s.target, s.location.line, s.location.column))
            assert all(s.location.path == f"goals/{rel}" for s in goal.supports)  # the path period_edits rebuilds
        assert set(targets) == {s.target for g in model for s in g.supports} and len(targets) == len(set(targets))
        checked += len(model)
    assert checked > 100
