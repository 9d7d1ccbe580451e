"""The cache never changes an answer (issue 16, item 2): a report is recorded under the bytes that were
parsed, damaged or foreign cache files are ignored, killed writes leave nothing behind for long, and a
cache folder that is not the user's own is not used."""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from truenorth.cache import fingerprint as prints
from truenorth.cache import answer as quick_answer
from truenorth.cli import cli

BROKEN_LINK = ("supports: [ops-coaching]", "supports: [no-such-goal]")  # TN102: an error


def _check(root: Path, *extra: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", *extra])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done.exit_code, done.stdout


def _console_check(root: Path) -> tuple[int, str]:
    """The console script (its quick path first), as a pre-commit hook runs it."""
    done = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout


def _folder(root: Path) -> Path:
    return Path(quick_answer.cache_folder(os.path.realpath(root)))


# -- the key is that of the bytes parsed ------------------------------------------------------------

def _edit_undone_during_a_check(root: Path, monkeypatch) -> tuple[Path, str, str]:
    """A check that fingerprints ann.yaml with a broken link, then (pre-commit stashing the unstaged
    edit) parses it clean; afterwards the edit is back (the stash popped). (ann.yaml, clean, broken)."""
    ann = root / "goals/people/ann.yaml"
    clean = ann.read_text(encoding="utf-8")
    broken = clean.replace(*BROKEN_LINK)
    assert _check(root)[0] == 0  # the clean file on record
    ann.write_text(broken, encoding="utf-8")
    real = prints.fingerprint

    def stash_after_the_fingerprint(*args):
        found = real(*args)
        ann.write_text(clean, encoding="utf-8")
        return found

    with monkeypatch.context() as patched:
        patched.setattr(prints, "fingerprint", stash_after_the_fingerprint)
        during = _check(root)
    assert during == _check(root, "--no-cache") and during[0] == 0  # it parsed the clean file
    ann.write_text(broken, encoding="utf-8")  # stash pop
    return ann, clean, broken


def test_an_edit_undone_during_a_check_does_not_replay_its_report_for_the_other_content(org_factory, monkeypatch):
    root = org_factory()
    _edit_undone_during_a_check(root, monkeypatch)
    expected = _check(root, "--no-cache")
    assert expected[0] == 1 and '"TN102"' in expected[1]
    assert _console_check(root) == expected  # the quick path: nothing replayed for the broken file
    assert _check(root) == expected
    assert _console_check(root) == expected  # and now that answer is on record


def test_an_edit_undone_during_a_check_does_not_let_a_build_publish_errors(tmp_path, monkeypatch, caplog):
    from mkdocs.exceptions import Abort

    from tests.site_build import helpers

    root = helpers.small_org(tmp_path / "org")
    _edit_undone_during_a_check(root, monkeypatch)
    with pytest.raises(Abort):  # on_error: fail, the default
        helpers.build(root, tmp_path / "site")
    assert "TN102" in caplog.text
    assert not (tmp_path / "site" / "index.html").exists()


# -- damaged, truncated or crafted files ----------------------------------------------------------

def _damaged_cases(data: bytes):
    """(name, bytes) for the ways a cache file can be damaged or made up."""
    middle = len(data) // 2
    yield "empty", b""
    yield "truncated", data[:middle]
    yield "cut by one byte", data[:-1]
    yield "one more byte", data + b"\0"
    for at in (0, 9, 17, 20, middle, len(data) - 1):  # the magic, length, checksum, and the payload
        yield f"byte {at} flipped", data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1:]
    yield "a tuple of 2**31 items, in 5 bytes", b"(\xff\xff\xff\x7f"
    yield "a list of 2**31 items, in 5 bytes", b"[\xff\xff\xff\x7f"
    yield "plain marshal", marshal.dumps({"report_key": "x", "outputs": {"json": ("{}", 0)}})
    magic = quick_answer.MAGIC
    yield "a frame longer than the file", magic + (1 << 40).to_bytes(8, "little") + data[16:]
    bomb = b"(\xff\xff\xff\x7f"
    yield "a bomb with a wrong checksum", magic + len(bomb).to_bytes(8, "little") + b"\0\0\0\0" + bomb
    for value in (None, 5, "run", [], {"stats": 5}, {"report_key": 1, "outputs": []}, (1, 2, 3)):
        yield f"a value of another shape: {value!r}", quick_answer.pack(value)


@pytest.mark.parametrize("name", ["run.marshal", "report.marshal", "answer.marshal", "files.chunks"])
def test_a_damaged_or_made_up_cache_file_is_ignored(org_factory, name):
    root = org_factory()
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace(*BROKEN_LINK), encoding="utf-8")
    expected = _check(root, "--no-cache")
    assert expected[0] == 1
    assert _check(root) == expected
    path = _folder(root) / name
    original = path.read_bytes()
    for case, data in _damaged_cases(original):
        path.write_bytes(data)
        assert _check(root) == expected, case
        path.write_bytes(original)


def test_a_flipped_byte_in_the_recorded_answer_is_not_replayed(org_factory):
    root = org_factory()
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace(*BROKEN_LINK), encoding="utf-8")
    expected = _check(root, "--no-cache")
    assert _console_check(root) == expected and _console_check(root) == expected  # recorded, then replayed
    answer = _folder(root) / "answer.marshal"
    data = answer.read_bytes()
    at = data.index(b"no-such-goal")
    answer.write_bytes(data[:at] + b"m" + data[at + 1:])  # "mo-such-goal"
    assert _console_check(root) == expected
    at = data.index(b"\xe9\x01\x00\x00\x00")  # the exit code, marshalled: 1
    answer.write_bytes(data[:at + 1] + b"\x00" + data[at + 2:])
    assert _console_check(root) == expected


def test_chunks_with_a_damaged_frame_are_not_used_and_are_written_again(org_factory, monkeypatch):
    from truenorth.load import organisation

    monkeypatch.setattr(organisation, "CHUNK_FILES", 2)  # several frames
    root = org_factory()
    expected = _check(root, "--no-cache")
    _check(root)
    chunks = _folder(root) / "files.chunks"
    data = bytearray(chunks.read_bytes())
    data[-3] ^= 0xFF  # in the last links frame
    chunks.write_bytes(bytes(data))
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace(*BROKEN_LINK), encoding="utf-8")  # read by a rule
    assert _check(root) == _check(root, "--no-cache") != expected
    assert chunks.read_bytes() != bytes(data)  # written again, whole


# -- temporary files of killed writes -------------------------------------------------------------

@pytest.mark.parametrize("way", ["full command", "console script"])
def test_temporary_files_of_killed_writes_are_removed_by_the_next_check_that_finds_a_change(org_factory, way):
    root = org_factory()
    _check(root)
    folder = _folder(root)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    stale = [folder / f".run.{dead}.123", folder / f".files.{dead}.456", folder / ".files.k2j4h5"]
    old = [folder / f".run.{os.getpid()}.789"]  # a process that runs, but an hour old: its id was reused
    writing = folder / f".answer.{os.getpid()}.1011"  # of a process that runs: left alone
    for path in [*stale, *old, writing]:
        path.write_bytes(b"partial")
    for path in [stale[2], *old]:
        os.utime(path, (0, 0))
    (root / "goals/people/ann.yaml").write_text((root / "goals/people/ann.yaml").read_text() + "# edited\n")
    (_check if way == "full command" else _console_check)(root)
    left = {p.name for p in folder.iterdir()}
    assert writing.name in left and not left & {p.name for p in [*stale, *old]}
    assert not [name for name in left if name.startswith(".") and name != writing.name]


# -- a folder that is not the user's own ----------------------------------------------------------

def test_the_cache_folders_are_private(org_factory):
    root = org_factory()
    os.rmdir(quick_answer.cache_root())  # (each test's own, made by the test fixture)
    _check(root)
    for folder in (Path(quick_answer.cache_root()), _folder(root)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_an_older_cache_folder_open_to_others_reading_is_made_private(org_factory):
    root = org_factory()
    _check(root)
    _folder(root).chmod(0o755)
    (root / "goals/people/ann.yaml").write_text((root / "goals/people/ann.yaml").read_text() + "# edited\n")
    _check(root)
    assert stat.S_IMODE(_folder(root).stat().st_mode) == 0o700


@pytest.mark.parametrize("which", ["the cache root", "the repository's folder"])
def test_a_cache_folder_others_may_write_in_is_not_used(org_factory, which):
    root = org_factory()
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace(*BROKEN_LINK), encoding="utf-8")
    expected = _check(root, "--no-cache")
    _check(root)
    folder = _folder(root)
    answer = folder / "answer.marshal"
    answer.write_bytes(quick_answer.pack({"report_key": quick_answer.read(str(folder), "run")["report_key"],
                                          "outputs": {"json": ("planted by another user\n", 0)}}))
    (folder.parent if which == "the cache root" else folder).chmod(0o777)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert _console_check(root) == expected
    done = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json"])
    assert (done.exit_code, done.stdout) == expected and "not using the cache" in done.stderr
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before  # nothing written there


def test_a_cache_folder_of_another_user_is_not_used(org_factory, monkeypatch):
    root = org_factory()
    expected = _check(root, "--no-cache")
    _check(root)
    folder = _folder(root)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)  # as another user sees it
    (root / "goals/people/ann.yaml").write_text((root / "goals/people/ann.yaml").read_text() + "# edited\n")
    assert _check(root) == expected
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
