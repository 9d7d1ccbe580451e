"""Fuzzing the loader (issue 16, item 8): damaged goals files never raise, and both parsers agree.

Each example takes a valid file of tests/fixtures/valid-org/goals and damages it: bytes inserted,
deleted or replaced, YAML punctuation, line breaks (with U+0085, U+2028 and U+2029 among them), byte
order marks, invalid UTF-8, deep nesting, huge numbers, tabs and NULs. Whatever comes out, reading it
gives a document or a located problem, never an exception; the C accelerator and PyYAML alone give
the same values, marks and problems; and `truenorth check` exits 0, 1 or 2 without a traceback.

The suite runs a bounded number of examples; `TRUENORTH_FUZZ=long pytest tests/load/test_fuzz_loader.py`
runs thousands.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import event, given, settings, strategies as st

from tests.conftest import VALID_ORG
from truenorth.cli import cli
from truenorth.load import yaml_nodes
from truenorth.load.organisation import load_organisation
from truenorth.load.yaml_nodes import YamlProblem, decode, parse

GOALS = VALID_ORG / "goals"
FILES = {p.relative_to(GOALS).as_posix(): p.read_bytes() for p in sorted(GOALS.rglob("*.yaml"))}

TOKENS = [
    b":", b": ", b"- ", b"-", b"[", b"]", b"{", b"}", b",", b"&a ", b"*a", b"!!python/object:os.system ", b"!x ",
    b"!!str ", b"? ", b"|", b">-", b"'", b'"', b"#", b" # c", b"%YAML 1.1\n", b"---\n", b"...\n", b"<<: *a", b"~",
    b"=", b"\\", b"  ", b"\t", b"\x00", b"\x07", b"\x1b[31m", b"\r", b"\r\n", b"\n", b"\n  ", b"\n- ", b"\nx: ",
    "\x85".encode(), "\u2028".encode(), "\u2029".encode(), b"\x85",  # line breaks YAML sees and editors don't
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff", b"\xc3", b"\xed\xa0\x80",  # byte order marks, invalid UTF-8
    "é".encode(), "😀".encode(), "\ufeff".encode(), "\u202e".encode(),
    b"9" * 400, b"-0.5e400", b"1e400", b"0x1F", b"0o17", b"017", b"0b101", b"1_000", b"2027-02-30", b"2027-05-01",
    b"12:30:00", b".inf", b".nan", b"yes", b"off", b"null", b"~", b"2027-Q1",
    b"[" * 120, b"- " * 120, b"{a: " * 120, b"[" * 6000,  # nesting past the accelerator's limit and past MAX_DEPTH
]
piece = st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=4))
position = st.integers(0, 10**6)  # taken modulo the length
mutation = st.one_of(
    st.tuples(st.just("insert"), position, piece),
    st.tuples(st.just("delete"), position, st.integers(1, 12)),
    st.tuples(st.just("replace"), position, piece),
    st.tuples(st.just("start"), st.just(0), piece),  # where a byte order mark or a directive goes
    st.tuples(st.just("swap lines"), position, position),
    st.tuples(st.just("repeat line"), position, st.integers(2, 3)),
)


def mutated(raw: bytes, mutations) -> bytes:
    for kind, at, arg in mutations:
        at %= len(raw) + 1
        if kind == "insert":
            raw = raw[:at] + arg + raw[at:]
        elif kind == "delete":
            raw = raw[:at] + raw[at + arg:]
        elif kind == "replace":
            raw = raw[:at] + arg + raw[at + len(arg):]
        elif kind == "start":
            raw = arg + raw
        else:
            lines = raw.split(b"\n")
            i = at % len(lines)
            if kind == "swap lines":
                j = arg % len(lines)
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i:i + 1] = [lines[i]] * arg
            raw = b"\n".join(lines)
    return raw


damaged = st.tuples(st.sampled_from(sorted(FILES)), st.lists(mutation, min_size=1, max_size=5)).map(
    lambda case: (case[0], mutated(FILES[case[0]], case[1])))


def editor_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def outcome(raw: bytes, accelerated: bool, monkeypatch: pytest.MonkeyPatch):
    """What reading `raw` gives, comparable across the two parsers (types of values included)."""
    with monkeypatch.context() as patch:
        if not accelerated:
            patch.setattr(yaml_nodes, "_fastyaml", None)
        try:
            doc = parse(decode(raw))
        except YamlProblem as exc:
            return ("problem", exc.code, exc.message, exc.line, exc.column, exc.hint)
    return ("document", repr(doc.data), repr(doc.marks))


@given(case=damaged)
def test_a_damaged_file_reads_as_a_document_or_a_located_problem_the_same_with_both_parsers(case, monkeypatch):
    _name, raw = case
    found = outcome(raw, False, monkeypatch)  # anything but a YamlProblem fails the test here
    event(found[0] if found[0] == "document" else found[1])  # --hypothesis-show-statistics: what was tried
    if yaml_nodes._fastyaml is not None:
        assert outcome(raw, True, monkeypatch) == found
    if found[0] == "problem":
        code, line, column = found[1], found[3], found[4]
        assert code.startswith("TN0") and line >= 1 and column >= 1
        if code != "TN002":  # the line and column exist in the file as an editor shows it
            lines = editor_lines(decode(raw))
            assert line <= len(lines) and column <= len(lines[line - 1]) + 1, (line, column)


def loaded(root: Path, accelerated: bool, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        if not accelerated:
            patch.setattr(yaml_nodes, "_fastyaml", None)
        result = load_organisation(root, jobs=1)
    findings = [(f.code, f.severity, f.message, tuple(f.location), f.hint) for f in result.findings]
    return findings, repr(result.org)


def org_with(tmp: str, name: str, raw: bytes) -> Path:
    root = Path(tmp) / "org"
    shutil.copytree(VALID_ORG, root)
    (root / "goals" / name).write_bytes(raw)
    return root


@settings(max_examples=settings().max_examples // 2)  # each example loads a whole organisation twice
@given(case=damaged)
def test_an_organisation_with_a_damaged_file_loads_the_same_with_both_parsers(case, monkeypatch):
    name, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        root = org_with(tmp, name, raw)
        findings, org = loaded(root, False, monkeypatch)
        assert all(loc[0] and loc[1] >= 1 and loc[2] >= 1 for *_, loc, _hint in findings)
        if yaml_nodes._fastyaml is not None:
            assert loaded(root, True, monkeypatch) == (findings, org)


@settings(max_examples=max(5, settings().max_examples // 8))  # a few whole runs of the command
@given(case=damaged, fmt=st.sampled_from(["text", "json", "github"]))
def test_check_on_a_damaged_file_exits_0_1_or_2_without_a_traceback(case, fmt):
    name, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        root = org_with(tmp, name, raw)
        out = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", fmt, "--no-cache"])
    assert out.exception is None or isinstance(out.exception, SystemExit), out.exc_info
    assert out.exit_code in (0, 1, 2) and "Traceback" not in out.output
