"""What the check refuses in the goals folder (issue 16, item 3): a name that is not UTF-8, a link out of
the folder or to nothing, a pipe or socket, folders a thousand deep, a 2 GB file. Each is a finding at its
path, the same with or without the C walk and the cache; nothing is read that should not be, nothing
waits on a pipe, and no traceback is printed."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import make_org
from tests.load import awkward_trees

MEMORY_LIMIT = 1024 ** 3  # less than the 2 GB file: reading it would fail


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def check(root: Path, *args: str, env: dict | None = None, user: int | None = None):
    """`python -m truenorth check` (the console script's path: the cache's quick try first), in a process
    that cannot hold the 2 GB file in memory."""
    def setup() -> None:
        _limited()
        if user is not None:
            os.setgid(user)
            os.setuid(user)

    return subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120, preexec_fn=setup,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("make", awkward_trees.MAKERS, ids=lambda make: make.__name__)
def test_each_refusal_is_a_finding_at_its_path_with_either_walk_and_the_cache(tmp_path, make):
    root = make_org(tmp_path)
    cache = {"TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}
    try:
        named = make(root)
        first = check(root, env=cache)
        again = check(root, env=cache)  # answered from the cache (cache.replay)
        in_python = check(root, "--no-cache", env={**cache, "TRUENORTH_NO_ACCELERATOR": "1"})
    finally:
        awkward_trees.remove_deep(root)  # (always: pytest's own clean-up would hit Python's recursion limit)
    for done in (first, again, in_python):
        assert "Traceback" not in done.stderr + done.stdout
        assert done.returncode == 1 and done.stderr == ""
        assert done.stdout == first.stdout
        assert awkward_trees.SECRET not in done.stdout
    for rel, code in named:
        assert f"goals/{rel}:1:1: {code} error:" in first.stdout, (rel, first.stdout)
    if make is awkward_trees.too_large:
        assert "2,147,483,648 bytes" in first.stdout


def test_a_file_that_grows_past_the_limit_after_a_cached_check_is_refused_by_its_size(tmp_path):
    root = make_org(tmp_path)
    cache = {"TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}
    assert check(root, env=cache).returncode == 0
    os.truncate(root / "goals" / "people" / "ann.yaml", awkward_trees.BIG)  # the fingerprint must not hash it
    for done in (check(root, env=cache), check(root, "-q", env=cache), check(root, "--format", "json", env=cache)):
        assert "Traceback" not in done.stderr and done.returncode == 1
        assert "2,147,483,648 bytes" in done.stdout and "TN011" in done.stdout


def test_a_file_turned_into_a_link_out_after_a_cached_check_is_not_read(tmp_path):
    root = make_org(tmp_path)
    cache = {"TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}
    assert check(root, env=cache).returncode == 0
    (root / "secret.yaml").write_text(f"person: {{id: ann\n# {awkward_trees.SECRET}\n", encoding="utf-8")
    (root / "goals" / "people" / "ann.yaml").unlink()
    (root / "goals" / "people" / "ann.yaml").symlink_to(root / "secret.yaml")
    done = check(root, env=cache)
    assert done.returncode == 1 and awkward_trees.SECRET not in done.stdout
    assert "goals/people/ann.yaml:1:1: TN012 error: the link leads out of the goals folder" in done.stdout


# -- what only an unprivileged user meets: folders that cannot be read ---------------------------

def _unprivileged() -> int | None:
    """The user to run as: none when not root; nobody's id when root (who reads any folder)."""
    if os.geteuid() != 0:
        return None
    try:
        import pwd

        nobody = pwd.getpwnam("nobody").pw_uid
    except (ImportError, KeyError):
        pytest.skip("running as root, and there is no user 'nobody' to run as")
    try:
        check(Path("/"), "--help", user=nobody)  # (a Python under /root cannot be run by nobody)
    except PermissionError:
        pytest.skip("running as root, and nobody cannot run this Python")
    return nobody


@pytest.fixture
def shared_tmp():
    """A folder the unprivileged user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="truenorth-refused-"))
    folder.chmod(0o777)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def test_a_folder_that_cannot_be_read_is_a_finding_with_either_walk(shared_tmp):
    user = _unprivileged()
    root = make_org(shared_tmp)
    locked = root / "goals" / "people" / "locked"
    locked.mkdir()
    (locked / "zed.yaml").write_text("person: {id: zed}\n", encoding="utf-8")
    locked.chmod(0)
    (root / "goals" / "people" / "bob.yaml").chmod(0)  # a file that cannot be read: TN001, as before
    cache = {"TRUENORTH_CACHE_DIR": str(shared_tmp / "cache")}
    (shared_tmp / "cache").mkdir(mode=0o777)
    (shared_tmp / "cache").chmod(0o777)
    runs = [check(root, env=cache, user=user), check(root, env=cache, user=user),
            check(root, "--no-cache", env={**cache, "TRUENORTH_NO_ACCELERATOR": "1"}, user=user)]
    for done in runs:
        assert "Traceback" not in done.stderr and done.returncode == 1, done.stderr
        assert done.stdout == runs[0].stdout
    assert ("goals/people/locked:1:1: TN012 error: cannot read the folder: Permission denied"
            in runs[0].stdout), runs[0].stdout
    assert "goals/people/bob.yaml:1:1: TN001 error: cannot read the file: Permission denied" in runs[0].stdout


def test_a_goals_folder_that_cannot_be_read_exits_2_in_one_line(shared_tmp):
    user = _unprivileged()
    root = make_org(shared_tmp)
    # the user's own cache folder, made by truenorth itself (0700, theirs): one that others may write in is
    # not used, and the note saying so would be a second line
    cache = {"TRUENORTH_CACHE_DIR": str(shared_tmp / "cache")}
    assert check(root, env=cache, user=user).returncode == 0  # recorded: the quick path must not answer
    (root / "goals").chmod(0o311)  # it can be passed through, not listed
    for done in (check(root, env=cache, user=user), check(root, "--no-cache", env=cache, user=user)):
        assert done.returncode == 2 and done.stdout == "", done.stdout
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "cannot read" in done.stderr and "goals" in done.stderr and "Permission denied" in done.stderr


def test_a_folder_the_walk_cannot_open_is_a_finding_not_a_traceback(org_factory, monkeypatch):
    """Where the tests above cannot run (as root, with a Python nobody may run), the same failure,
    made for the Python walk in this process: opening one folder fails as a locked one would."""
    from click.testing import CliRunner

    from truenorth.load import files
    from truenorth.cli import cli

    root = org_factory(files={"goals/people/locked/zed.yaml": "person: {id: zed}\n"})
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if path == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(files, "_fastwalk", None)
    monkeypatch.setattr(files.os, "open", refusing)
    for args in (["--no-cache"], [], []):
        done = CliRunner().invoke(cli, ["check", "--root", str(root), *args])
        assert done.exit_code == 1 and isinstance(done.exception, (SystemExit, type(None))), done.output
        assert "goals/people/locked:1:1: TN012 error: cannot read the folder: Permission denied" in done.output
        assert "zed" not in done.output


def test_a_goals_folder_the_walk_cannot_open_exits_2_in_one_line(org_factory, monkeypatch):
    """The same, for the goals folder itself (tested for real above where it can be)."""
    from click.testing import CliRunner

    from truenorth.load import files
    from truenorth.cli import cli

    root = org_factory()
    goals = str(root / "goals")
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if str(path) == goals:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    assert CliRunner().invoke(cli, ["check", "--root", str(root)]).exit_code == 0  # recorded in the cache
    monkeypatch.setattr(files.os, "open", refusing)
    monkeypatch.setattr(files, "_fastwalk", None)  # (the C walk hands such a folder back to it)
    for args in ([], ["--no-cache"]):
        done = CliRunner().invoke(cli, ["check", "--root", str(root), *args])
        assert done.exit_code == 2 and isinstance(done.exception, SystemExit), done.output
        assert done.output == f"Error: cannot read {goals}: Permission denied\n"
