"""The loader's shortcuts must read every value exactly as PyYAML's own safe loader does."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from tests.load.test_schema_accelerator import all_goal_files
from truenorth.load import yaml_nodes, yaml_regular
from truenorth.load.yaml_nodes import YamlProblem, decode, parse

# Plain scalars whose first character could make them something other than text, and some that can't.
SCALARS = [
    "true", "True", "TRUE", "yes", "Yes", "no", "NO", "on", "Off", "y", "n", "null", "Null", "~", "",
    "0", "7", "42", "-3", "+5", "007", "0o17", "0x1F", "0b101", "1_000", "190:20:30", "08", "09",
    "1.5", "-.5", ".inf", "-.Inf", ".NaN", "1e3", "6.8523015e+5", "1_000.5",
    "2027-05-15", "2027-5-1", "2001-12-14t21:59:43.10-05:00", "2027-13-45x",
    "=", "<<x", "-", "--x", "+x", ".hidden", "0-day", "1st", "9 to 5", "yesterday", "nobody", "offline",
    "True North", "onboarding", "Fix 3 things", "¿qué?", "😀 emoji", "2027Q2", "2027-H1",
]


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.mark.parametrize("scalar", SCALARS)
def test_plain_scalar_reads_as_pyyaml_reads_it(scalar):
    text = f"value: {scalar}\nquoted: '{scalar}'\nlist:\n  - {scalar}\n"
    try:
        loaded = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # "-" alone is a syntax error; "=" is a tag PyYAML cannot build
        with pytest.raises(YamlProblem):
            parse(text)
        return
    expected = {k: _plain(v) if not isinstance(v, list) else [_plain(x) for x in v] for k, v in loaded.items()}
    got = parse(text).data
    assert got == expected
    assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]


def _tags(node):
    yield node.tag, node.start_mark.line, node.start_mark.column
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _tags(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _tags(key)
            yield from _tags(value)


def test_every_node_of_every_file_gets_pyyamls_tag_and_mark():
    """The sample, the valid fixture and every failing fixture: same tags, same places, node by node."""
    compared = 0
    for path, _kind in all_goal_files():
        try:
            text = decode(path.read_bytes())
            ours = yaml.compose(text, Loader=yaml_regular._Loader)
        except (YamlProblem, yaml.YAMLError):
            continue
        reference = yaml.compose(text, Loader=yaml.SafeLoader)  # pure Python, no shortcuts
        if reference is None:
            continue
        assert list(_tags(ours)) == list(_tags(reference)), path
        compared += 1
    assert compared > 50


def test_integers_keep_yaml_1_1_meaning():
    data = parse("a: 010\nb: 10\nc: 0\nd: 0x10\ne: 1_0\n").data
    assert data == {"a": 8, "b": 10, "c": 0, "d": 16, "e": 10}


def test_converting_values_does_not_keep_nodes_alive():
    parse("a: 1\nb: 2027-01-01\nc: 1.5\n")
    assert not yaml_regular._constructor.constructed_objects


@pytest.mark.parametrize("text", [
    "goals: " + "[" * 30000 + "]" * 30000 + "\n",  # PyYAML's C composer crashes on this (segmentation fault)
    "goals:\n" + "".join("  " * i + "- \n" for i in range(1500)) + "  " * 1500 + "- x\n",
    "a: " + "{b: " * 1000 + "1" + "}" * 1000 + "\n",  # deeper than our walk's recursion allows
])
def test_deep_nesting_is_refused_with_a_location_not_a_crash(text):
    # Who refuses it depends on the installed libyaml (0.2.6, bundled with PyYAML 6.0.4, has its own
    # limit and wording; older ones leave it to truenorth's walk): the behaviour is the same either way.
    with pytest.raises(YamlProblem) as problem:
        parse(text)
    assert problem.value.code == "TN001" and "nest" in problem.value.message.lower()
    assert problem.value.line >= 1 and problem.value.column > 1


def test_nesting_a_little_deeper_than_needed_is_still_read():
    assert parse("a: " + "[" * 150 + "1" + "]" * 150 + "\n").data["a"]


def test_a_long_ordinary_file_is_not_mistaken_for_deep_nesting():
    text = "goals:\n" + "".join(f"  - id: g{i}\n    title: 'Goal: {i} - a [b] {{c}}?'\n" for i in range(2000))
    assert len(parse(text).data["goals"]) == 2000


def _empty_the_plain_way(text: str) -> bool:
    """The definition the loader's shortcut must match: no line (as str.splitlines cuts them) but blanks and comments."""
    return not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def test_empty_file_shortcut_agrees_with_the_plain_definition():
    import random

    alphabet = ["#", "a", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85",
                "\u2028", "\u2029", "\u3000", "\xa0", ":", "-"]
    rng = random.Random(7)
    texts = ["", " ", "#", "# c\n", "# c\na: 1\n", "\n\n  # x\n\t#y", "\u3000# x", "# c\ra: 1", "# c\x0ba", "a"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    for text in texts:
        assert (yaml_nodes._CONTENT_LINE.search(text) is None) == _empty_the_plain_way(text), repr(text)
        if _empty_the_plain_way(text):
            with pytest.raises(YamlProblem) as info:
                parse(text)
            assert info.value.code == "TN003"


def test_model_locations_are_the_marks_of_their_paths():
    """read_fragment walks the mark tree directly; every location must be what Document.mark says for its path."""
    from pathlib import PurePosixPath

    from truenorth.load.organisation import read_file

    checked = 0
    for path, _kind in all_goal_files():
        raw = path.read_bytes()
        goals_dir = next(p for p in path.parents if p.name == "goals")
        rel = PurePosixPath(path.relative_to(goals_dir).as_posix())
        result = read_file(raw, rel, "x")
        if result.fragment is None:
            continue
        doc = parse(decode(raw))
        mark = lambda *p: ("x", *doc.mark(p))  # noqa: E731
        fragment = result.fragment
        goals = doc.data.get("goals") or []
        positions = {goal["id"]: i for i, goal in enumerate(goals) if isinstance(goal, dict) and "id" in goal}
        for goal in fragment.goals:
            i = positions[goal.id]
            assert tuple(goal.location) == mark("goals", i)
            assert tuple(goal.owner_location) == mark("goals", i, "owner")
            assert [tuple(s.location) for s in goal.supports] == [mark("goals", i, "supports", j)
                                                                  for j in range(len(goal.supports))]
            assert [tuple(k.location) for k in goal.key_results] == [mark("goals", i, "key_results", j)
                                                                     for j in range(len(goal.key_results))]
            assert (goal.plays_location is None) == ("plays" not in goals[i])
            if goal.plays_location is not None:
                assert tuple(goal.plays_location) == mark("goals", i, "plays")
            checked += 1
        if fragment.person is not None:
            assert tuple(fragment.person.location) == mark("person")
            assert tuple(fragment.person.department_location) == mark("person", "department")
        if fragment.department is not None:
            d = fragment.department
            assert (tuple(d.location), tuple(d.head_location)) == (mark("department"), mark("department", "head"))
            assert d.parent_location is None or tuple(d.parent_location) == mark("department", "parent")
        positions = {m.get("id"): i for i, m in enumerate(doc.data.get("metrics") or []) if isinstance(m, dict)}
        for metric in fragment.metrics:
            assert tuple(metric.location) == mark("metrics", positions[metric.id])
        if fragment.vision is not None:
            assert tuple(fragment.vision.location) == mark("vision")
    assert checked > 100
