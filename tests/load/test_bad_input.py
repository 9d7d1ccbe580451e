"""Bad input gets a located finding and an exit code, never a traceback; the other files are still checked."""

from __future__ import annotations

import json
import resource
import time

import pytest
from click.testing import CliRunner

from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config
from truenorth.load.yaml_nodes import YamlProblem, decode, parse

PERSON = "person:\n  id: cat\n  name: {name}\n  department: ops-team\ngoals:\n  - id: cat-empathy\n    title: {title}\n    supports: [team-callbacks]\n    owner: cat\n"


def codes_at(root):
    result = run_check(load_config(root))
    return result, [(f.code, f.location.path, f.location.line, f.location.column) for f in result.findings]


def test_non_utf8_file_points_at_the_bad_byte(org_factory):
    raw = PERSON.format(name="Cat", title="Listen first").encode().replace(b"Cat", b"C\xe9t", 1)
    root = org_factory(files={"goals/people/cat.yaml": raw})
    result, found = codes_at(root)
    assert found == [("TN002", "goals/people/cat.yaml", 3, 10)]
    assert "0xe9" in result.findings[0].message


def test_billion_laughs_is_refused_quickly_and_in_small_memory(org_factory):
    bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 12):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    root = org_factory(files={"goals/people/cat.yaml": "\n".join(bomb) + "\n"})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    _, found = codes_at(root)
    assert time.process_time() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB
    assert found == [("TN006", "goals/people/cat.yaml", 1, 5)]  # the anchor of the first list reused


def test_one_megabyte_title_is_reported_with_its_length_not_its_text(org_factory):
    title = "x" * 1_048_576
    root = org_factory(files={"goals/people/cat.yaml": PERSON.format(name="Cat", title=title)})
    result, found = codes_at(root)
    assert ("TN008", "goals/people/cat.yaml", 7, 12) in found
    message = next(f.message for f in result.findings if f.code == "TN008")
    assert "1,048,576 characters" in message and len(message) < 200


def test_missing_vision_is_reported(org_factory, tmp_path):
    root = org_factory()
    (root / "goals/vision.yaml").unlink()
    _, found = codes_at(root)
    assert ("TN010", "goals/vision.yaml", 1, 1) in found


def test_a_broken_file_does_not_stop_the_others_from_being_checked(org_factory):
    root = org_factory(files={
        "goals/people/cat.yaml": "person: [unclosed\n",
        "goals/people/dan.yaml": "person:\n  id: dan\n  name: Dan\n  department: ops\ngoals:\n"
                                 "  - {id: dan-x, title: X, supports: [no-such-goal], owner: dan}\n",
    })
    _, found = codes_at(root)
    codes = {c for c, *_ in found}
    assert "TN001" in codes and "TN102" in codes


@pytest.mark.parametrize("text, code, line", [
    ("a: 1\na: 2\n", "TN004", 2),
    ("a: !!python/object:os.system x\n", "TN005", 1),
    ("a: !!binary aGVsbG8=\n", "TN005", 1),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", "TN006", 3),
    ("a: 1\n---\nb: 2\n", "TN001", 2),
    ("a: [1, 2\n", "TN001", 2),
    ("\n\n# only a comment\n", "TN003", 1),
    ("title: x\ndue: 2027-02-30\n", "TN001", 2),  # a date that does not exist
    ("title: x\ntarget: " + "9" * 5000 + "\n", "TN001", 2),  # beyond Python's limit on int digits
    ("title: x\n" + "9" * 5000 + ": y\n", "TN001", 2),  # the same, as a key
])
def test_parse_refuses_unsafe_or_broken_yaml_with_a_location(text, code, line):
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert info.value.code == code
    assert info.value.line == line


def test_parse_keeps_exact_locations_for_values_and_keys():
    doc = parse("goals:\n  - id: a\n    supports:\n      - vision\n      - b\n")
    assert doc.data == {"goals": [{"id": "a", "supports": ["vision", "b"]}]}
    assert doc.mark(("goals", 0, "supports", 1)) == (5, 9)
    assert doc.mark(("goals", 0, "supports"), key=True) == (3, 5)
    assert doc.mark(("goals", 0, "supports")) == (4, 7)
    assert doc.mark(("goals", 0, "supports", 7)) == (4, 7)  # not written: its nearest written ancestor
    assert doc.mark(("goals", 0, "owner"), key=True) == (2, 5)  # no such key: where its mapping starts
    assert doc.mark(("goals", 0, "id", "x"), key=True) == (2, 5)  # below a text: the key of that text
    assert doc.mark(("goals", "id")) == (2, 3)  # a key where a list is: the list
    assert doc.mark(()) == (1, 1) and doc.mark((), key=True) == (1, 1)


def test_dates_and_numbers_become_plain_values():
    doc = parse("updated: 2027-02-14\nperiod: 2027\nscore: 7.5\n")
    assert doc.data == {"updated": "2027-02-14", "period": 2027, "score": 7.5}


def test_decode_accepts_a_byte_order_mark():
    assert decode("\ufeffa: 1".encode("utf-8")) == "a: 1"


@pytest.mark.parametrize("case", ["tn001-tab-indentation", "tn005-python-tag", "tn008-path-traversal-id",
                                  "tn008-supports-string", "tn004-duplicate-key", "tn007-misplaced-file"])
def test_cli_reports_bad_input_with_exit_1_and_no_traceback(org_factory, case):
    from tests.conftest import FAILING

    root = org_factory(FAILING / case)
    out = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert out.exit_code == 1, out.output
    assert "Traceback" not in out.output
    expected = (FAILING / case / "expected.txt").read_text().split()[0]
    assert expected.rsplit(":", 0)[0] in out.output  # path:line:col


def test_progress_is_reported_once_per_file(org_factory):
    from truenorth.load import load_organisation

    ticks = []
    result = load_organisation(org_factory(), progress=ticks.append)
    assert sum(ticks) == result.files == 8
