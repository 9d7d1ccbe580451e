"""Fuzz: a check with the cache answers exactly as one without (`--no-cache`), whatever happened between
runs: edits of every kind (progress, periods, errors made and mended, files added and removed, an edit
made during a check and undone after it), and damage to the cache's files (cut short, flipped bytes,
lengths beyond the file, files replaced by other marshal data, values of another type with a valid
checksum, leftover temporaries). Runs go through the console script's quick path and through the full
command line. A longer run: TRUENORTH_FUZZ=long scripts/test.sh tests -k fuzz (tests/conftest.py)."""

from __future__ import annotations

import marshal
import os
import random
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import VALID_ORG
from truenorth.cache import fingerprint as prints
from truenorth.cache import answer as quick_answer
from truenorth.cli import cli, quick
from truenorth.cli.app import Program

EDITS = ("progress", "period", "break a link", "bad yaml", "schema error", "mend", "add", "remove", "comment",
         "undone during a check")
DAMAGE = ("truncate", "flip", "oversize", "plain marshal", "retype", "delete", "temporary")
CACHE_FILES = ("run.marshal", "run-edits.marshal", "report.marshal", "answer.marshal", "files.chunks")
PERIODS = ("2026", "2027", "2028", "2027-H1", "2027-H2", "2027-Q1", "2027-Q4")

steps = st.lists(st.tuples(st.sampled_from(EDITS + DAMAGE), st.integers(0, 2**32),
                           st.sampled_from(("quick", "full")), st.sampled_from(("json", "text"))),
                 min_size=1, max_size=6)


@given(steps=steps)
def test_a_cached_check_always_answers_as_a_check_without_cache(steps, monkeypatch, capsys):
    monkeypatch.setattr(quick, "exit_without_teardown", _raise_exit)  # in this process, not os._exit
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        shutil.copytree(VALID_ORG, root)
        cache_dir = Path(tmp) / "cache"
        cache_dir.mkdir(mode=0o700)
        monkeypatch.setenv("TRUENORTH_CACHE_DIR", str(cache_dir))
        originals = {p: p.read_text(encoding="utf-8") for p in (root / "goals").rglob("*.yaml")}
        _run(root, "quick", "json", capsys)  # a cache on record
        for n, (step, seed, way, fmt) in enumerate(steps):
            rng = random.Random(seed)
            if step == "undone during a check":
                _edit_undone_during_a_check(root, rng, originals, way, fmt, capsys, monkeypatch)
            elif step in EDITS:
                _edit(root, step, rng, originals)
            else:
                _damage(Path(quick_answer.cache_folder(os.path.realpath(root))), step, rng)
            expected = _run(root, "no cache", fmt, capsys)
            assert _run(root, way, fmt, capsys) == expected, f"step {n}: {step}"


def _raise_exit(code: int) -> None:
    raise SystemExit(code)


def _run(root: Path, way: str, fmt: str, capsys) -> tuple[int, str]:
    """(exit code, output) of a check: the console script's way (its quick path, then the full command
    with what the quick path handed over), the full command alone, or without cache."""
    args = ["check", "--root", str(root), "--format", fmt, "-q"]
    if way == "quick":
        capsys.readouterr()
        try:
            unanswered = quick.answer_from_cache(args)
        except SystemExit as answered:
            return answered.code, capsys.readouterr().out
        done = CliRunner().invoke(cli, args, obj=Program(unanswered))  # as truenorth.cli.entry goes on
        assert done.exception is None or isinstance(done.exception, SystemExit), repr(done.exception)
        return done.exit_code, done.stdout
    if way == "no cache":
        args.append("--no-cache")
    done = CliRunner().invoke(cli, args)
    assert done.exception is None or isinstance(done.exception, SystemExit), repr(done.exception)
    return done.exit_code, done.stdout


# -- edits -----------------------------------------------------------------------------------------

def _goal_files(root: Path) -> list[Path]:
    return sorted((root / "goals").rglob("*.yaml"))


def _edited(text: str, step: str, rng: random.Random) -> str:
    if step == "progress":
        return re.sub(r"current: [\d.]+", f"current: {rng.randint(0, 99)}", text, count=1) + \
            f"# {'x' * rng.randint(0, 3)}\n"
    if step == "period":
        spots = list(re.finditer(r"period: \S+", text))
        if spots:
            spot = rng.choice(spots)
            return text[:spot.start()] + f"period: {rng.choice(PERIODS)}" + text[spot.end():]
        return text
    if step == "break a link":
        return re.sub(r"supports: \[[^\]\n]*\]", "supports: [no-such-goal]", text, count=1)
    if step == "bad yaml":
        return text + "goals: [\n"
    if step == "schema error":
        return text.replace("owner:", "owner: [1, 2]\n    x:", 1)
    return text + "# a comment\n"


def _edit(root: Path, step: str, rng: random.Random, originals: dict) -> None:
    files = _goal_files(root)
    if step == "mend":
        path = rng.choice(sorted(originals))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(originals[path], encoding="utf-8")
    elif step == "add":
        source = rng.choice(sorted(originals))
        name = rng.choice(["dan", "eve", "ann2"])
        text = originals[source].replace("id: ann", f"id: {name}").replace("ann-lead", f"{name}-lead")
        (root / "goals" / "people" / f"{name}.yaml").write_text(text, encoding="utf-8")
    elif step == "remove":
        if files:
            rng.choice(files).unlink()
    elif files:
        path = rng.choice(files)
        path.write_text(_edited(path.read_text(encoding="utf-8"), step, rng), encoding="utf-8")


def _edit_undone_during_a_check(root, rng, originals, way, fmt, capsys, monkeypatch) -> None:
    """A check during which a file changes after its fingerprint (pre-commit's stash, an editor's
    save), and which is changed back after the check (the stash popped, undo)."""
    files = _goal_files(root)
    if not files:
        return
    path = rng.choice(files)
    before = path.read_text(encoding="utf-8")
    during = _edited(before, rng.choice(("break a link", "bad yaml", "period", "progress", "comment")), rng)
    if rng.random() < 0.5:  # or the other way round: the edit is what the fingerprint saw
        path.write_text(during, encoding="utf-8")
        before, during = during, before
    real = prints.fingerprint

    def edit_after_the_fingerprint(*args):
        found = real(*args)
        path.write_text(during, encoding="utf-8")
        return found

    with monkeypatch.context() as patched:
        patched.setattr(prints, "fingerprint", edit_after_the_fingerprint)
        _run(root, way, fmt, capsys)  # (which content it answers for depends on when it read)
    path.write_text(before, encoding="utf-8")


# -- damage to the cache's files -------------------------------------------------------------------

def _damage(folder: Path, step: str, rng: random.Random) -> None:
    present = [folder / name for name in CACHE_FILES if (folder / name).is_file()]
    if step == "temporary":
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f".run.{rng.randint(10**6, 10**7)}.{rng.randint(0, 10**9)}").write_bytes(b"partial")
        return
    if not present:
        return
    path = rng.choice(present)
    data = path.read_bytes()
    if step == "delete":
        path.unlink()
    elif step == "truncate":
        path.write_bytes(data[:rng.randrange(len(data))] if data else b"")
    elif step == "flip" and data:
        at = rng.randrange(len(data))
        new = data[at] ^ (1 << rng.randrange(8))  # any bit; or one that leaves marshal data valid:
        letters = [i for i, b in enumerate(data) if chr(b).isalnum()]
        numbers = [i + 1 for i in range(len(data) - 4) if data[i] in (0x69, 0xE9) and data[i + 1] < 2]
        if letters and rng.random() < 0.4:  # a letter in a text (an output, a message, a digest)
            at = rng.choice(letters)
            new = ord(rng.choice([c for c in "abcdefxyz0189" if ord(c) != data[at]]))
        elif numbers and rng.random() < 0.4:  # a small number (an exit code, a count, a line) 0 <-> 1
            at = rng.choice(numbers)
            new = data[at] ^ 1
        path.write_bytes(data[:at] + bytes([new]) + data[at + 1:])
    elif step == "oversize":
        frames = _frame_offsets(data)
        at = rng.choice(frames) if frames else len(quick_answer.MAGIC)
        size = rng.choice([2**31 - 1, 2**40, len(data), quick_answer.MAX_FRAME_BYTES + 1])
        path.write_bytes(data[:at] + size.to_bytes(8, "little") + data[at + 8:])
    elif step == "plain marshal":
        path.write_bytes(rng.choice([b"(\xff\xff\xff\x7f", b"[\xff\xff\xff\x7f", b"\xdb\xff\xff\xff\x7f",
                                     marshal.dumps({"report_key": "", "outputs": {}}), marshal.dumps([1, "a"]),
                                     os.urandom(rng.randint(0, 64))]))
    elif step == "retype":
        _retype_a_value(path, data, rng)


def _frame_offsets(data: bytes) -> list[int]:
    """Where each frame's head starts, in a cache file written as it should be."""
    at, offsets = len(quick_answer.MAGIC), []
    while at + quick_answer.FRAME_HEAD <= len(data):
        offsets.append(at)
        at += quick_answer.FRAME_HEAD + int.from_bytes(data[at:at + 8], "little")
    return offsets


def _retype_a_value(path: Path, data: bytes, rng: random.Random) -> None:
    """One value in the file replaced by one of another type, written with a valid checksum: what the
    cache reads must be checked for its shape, not only for damage. In files.chunks, down to a file's
    record's parts and a links frame's entries (within a record, the checksum is the guard)."""
    offsets = _frame_offsets(data)
    if not offsets:
        return
    at = rng.choice(offsets[1:] or offsets) if path.name == "files.chunks" else offsets[0]
    size = int.from_bytes(data[at:at + 8], "little")
    body = data[at + quick_answer.FRAME_HEAD:at + quick_answer.FRAME_HEAD + size]
    try:
        value = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return  # (damaged by an earlier step)
    depth = 3 if path.name == "files.chunks" else 8
    places = list(_places(value, (), depth))
    if not places:
        return
    value = _replaced(value, rng.choice(places))
    body = marshal.dumps(value)
    path.write_bytes(data[:at] + quick_answer.frame_head(body) + body + data[at + quick_answer.FRAME_HEAD + size:])


def _places(value, where: tuple, depth: int):
    """Paths to the values inside `value` (dict values, list and tuple items), down to `depth`."""
    if where:
        yield where
    if len(where) >= depth:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*where, key), depth)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _places(item, (*where, i), depth)


def _replaced(value, where: tuple):
    if not where:
        return _other_type(value)
    key, rest = where[0], where[1:]
    if isinstance(value, dict):
        return {**value, key: _replaced(value[key], rest)}
    items = list(value)
    items[key] = _replaced(items[key], rest)
    return items if isinstance(value, list) else tuple(items)


def _other_type(value):
    """The value as one of another type, never back to a type it had with another value (retyped twice,
    a text must not become a number again: that would be a made-up value, which no check can tell)."""
    if isinstance(value, bool) or value is None:
        return b""
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return list(value.items())
    return None


@pytest.mark.parametrize("name", CACHE_FILES)
def test_every_value_of_a_cache_file_retyped_is_refused_or_harmless(org_factory, name, monkeypatch, capsys):
    """Each value of each cache file in turn replaced by one of another type (with a valid checksum):
    the answer is still that of a check without cache."""
    monkeypatch.setattr(quick, "exit_without_teardown", _raise_exit)
    root = org_factory()
    person = root / "goals/people/bob.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("period: 2027-Q1", "period: 2028"),
                      encoding="utf-8")  # a warning on record (TN113)
    _run(root, "full", "json", capsys)
    person.write_text(person.read_text(encoding="utf-8").replace("current: 8.5", "current: 8.6"), encoding="utf-8")
    _run(root, "full", "json", capsys)  # a progress update: run-edits written too
    folder = Path(quick_answer.cache_folder(os.path.realpath(root)))
    path = folder / name
    data = path.read_bytes()
    offsets = _frame_offsets(data)
    expected = _run(root, "no cache", "json", capsys)
    saved = {p: p.read_bytes() for p in folder.iterdir()}
    tried = 0
    for at in (offsets[1:] or offsets) if name == "files.chunks" else offsets[:1]:
        size = int.from_bytes(data[at:at + 8], "little")
        value = marshal.loads(data[at + quick_answer.FRAME_HEAD:at + quick_answer.FRAME_HEAD + size])
        for where in _places(value, (), 3 if name == "files.chunks" else 8):
            body = marshal.dumps(_replaced(value, where))
            for p, content in saved.items():
                p.write_bytes(content)
            path.write_bytes(data[:at] + quick_answer.frame_head(body) + body
                             + data[at + quick_answer.FRAME_HEAD + size:])
            if name != "answer.marshal":  # an edit, so that the check reads more than the answer file:
                text = person.read_text(encoding="utf-8")  # after a comment, the run record; after a period,
                if tried % 3 == 1:  # the links frames too; after a link, the records of the other files
                    text = re.sub(r"period: \S+", f"period: {PERIODS[tried % len(PERIODS)]}", text, count=1)
                elif tried % 3 == 2:
                    text = text.replace("[team-callbacks]", "[ops-first-contact]") if "[team-callbacks]" in text \
                        else text.replace("[ops-first-contact]", "[team-callbacks]")
                person.write_text(text + "#", encoding="utf-8")
            assert _run(root, "quick", "json", capsys) == _run(root, "no cache", "json", capsys), (at, where)
            tried += 1
    assert tried >= 5 and expected[0] == 0 and '"TN113"' in expected[1]
