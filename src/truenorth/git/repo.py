"""Repository: one git work tree, and every question truenorth asks it."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from truenorth.git import blobs as _blobs, log as _log, tree as _tree
from truenorth.git.log import Commit
from truenorth.git.runner import GitError, run


class Repository:
    """A git work tree. Paths given to and returned by its methods are relative to `root` and
    '/'-separated; revisions are anything git names a commit by (a sha, a branch, a tag, HEAD~2)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"Repository({str(self.root)!r})"

    @classmethod
    def discover(cls, start: Path | str = ".") -> Repository:
        """The work tree that holds `start` (a folder or a file in it); GitError when there is none."""
        start = Path(start)
        folder = start if start.is_dir() else start.parent
        if not start.exists() or not folder.is_dir():
            raise GitError(f"no such folder: {start}")
        done = run(["rev-parse", "--show-toplevel"], folder)
        top = os.fsdecode(done.stdout.rstrip(b"\n"))
        if not top:
            raise GitError(f"not inside a git work tree: {start}")
        return cls(Path(top))

    def relative(self, path: Path | str) -> str:
        """`path` (absolute, or relative to the current folder) relative to the root, '/'-separated
        ("" for the root itself); GitError when it lies outside the work tree."""
        real, top = os.path.realpath(path), os.path.realpath(self.root)
        if real == top:
            return ""
        if not real.startswith(os.path.join(top, "")):
            raise GitError(f"{path} is outside the git repository at {self.root}")
        return Path(os.path.relpath(real, top)).as_posix()

    # ------------------------------------------------------------------------------ revisions

    def resolve(self, rev: str) -> str:
        """The full sha of the commit `rev` names; GitError "unknown revision 'x'" when none."""
        if not rev or "\0" in rev or "\n" in rev:
            raise GitError(f"unknown revision {rev!r}")
        done = run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], self.root,
                   ok=(0, 1, 128))
        sha = done.stdout.decode("ascii", "replace").strip()
        if done.returncode != 0 or not sha:
            raise GitError(f"unknown revision {rev!r}: no branch, tag or commit of that name in {self.root}")
        return sha

    def default_base(self) -> str:
        """The sha a change is compared with by default: the merge base of HEAD with the default branch
        (origin/HEAD, else main, else master, locally or on origin), else HEAD's parent."""
        try:
            head = self.resolve("HEAD")
        except GitError:
            raise GitError(f"the repository at {self.root} has no commits yet: nothing to compare with") from None
        for ref in self._default_branches():
            done = run(["merge-base", head, ref], self.root, ok=(0, 1))
            base = done.stdout.decode("ascii").strip()
            if done.returncode == 0 and base:
                return base
        try:
            return self.resolve("HEAD~1")
        except GitError:
            raise GitError("no base to compare with: no default branch (origin/HEAD, main or master) and HEAD "
                           "has no parent commit; name the base revision") from None

    def _default_branches(self) -> list[str]:
        done = run(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], self.root, ok=(0, 1, 128))
        found = [done.stdout.decode("utf-8", "replace").strip()] if done.returncode == 0 else []
        refs = ["refs/heads/main", "refs/heads/master", "refs/remotes/origin/main", "refs/remotes/origin/master"]
        done = run(["for-each-ref", "--format=%(refname)", *refs], self.root)
        existing = set(done.stdout.decode("utf-8", "replace").split())
        return [ref for ref in found if ref] + [ref for ref in refs if ref in existing]

    # ------------------------------------------------------------------------------ files

    def show(self, rev: str, path: str) -> bytes | None:
        """The bytes of file `path` as it was at `rev`; None when it was not a file there."""
        sha = self.resolve(rev)
        _tree.safe_parts(path)
        entries = _tree.parse_ls_tree(run(["ls-tree", "-z", "--full-tree", sha, "--", path], self.root).stdout)
        blob = next((obj for mode, obj, name in entries if name == path and mode != _tree.SYMLINK), None)
        return None if blob is None else self.read_blobs([blob])[blob]

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """{sha: bytes} for many blobs through one `git cat-file --batch`; ids that are not blobs of
        this repository are left out."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        done = run(["cat-file", "--batch"], self.root, input=_blobs.batch_input(wanted))
        return _blobs.parse_batch(done.stdout)

    def files_at(self, rev: str, paths: Iterable[str]) -> list[tuple[str, str, str]]:
        """(mode, blob sha, path) of every file at or below `paths` at `rev` (submodules left out)."""
        sha = self.resolve(rev)
        wanted = [p.rstrip("/") if p != "/" else p for p in paths]
        for path in wanted:
            _tree.safe_parts(path)
        if not wanted:
            return []
        return _tree.parse_ls_tree(run(["ls-tree", "-r", "-z", "--full-tree", sha, "--", *wanted], self.root).stdout)

    def update_tree(self, folder: Path, old: list[tuple[str, str, str]], new: list[tuple[str, str, str]]
                    ) -> set[str]:
        """Turn a folder written from `old` entries (files_at) into one holding `new`: only the files that
        differ are removed or written (a second revision costs what changed). Returns the paths that
        differ (removed, changed or added)."""
        before = {path: (mode, blob) for mode, blob, path in old}
        after = {path: (mode, blob) for mode, blob, path in new}
        for path, entry in before.items():
            if after.get(path) != entry:
                target = folder.joinpath(*_tree.safe_parts(path))
                if target.is_symlink() or target.is_file():
                    target.unlink()
        changed = [(mode, blob, path) for path, (mode, blob) in after.items() if before.get(path) != (mode, blob)]
        _tree.write_tree(folder, changed, self.read_blobs(blob for _, blob, _ in changed))
        return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}

    @contextmanager
    def tree_at(self, rev: str, paths: Iterable[str]) -> Iterator[Path]:
        """A temporary folder holding `paths` (files or folders) as they were at `rev`, at the same
        relative places (a path that did not exist there is simply absent); removed on leaving.
        Written safely: see truenorth.git.tree."""
        with self.tree_of(self.files_at(rev, paths)) as folder:
            yield folder

    @contextmanager
    def tree_of(self, entries: list[tuple[str, str, str]]) -> Iterator[Path]:
        """tree_at for entries already listed by files_at (mode, blob sha, path)."""
        contents = self.read_blobs(blob for _, blob, _ in entries)
        folder = Path(tempfile.mkdtemp(prefix="truenorth-at-", dir=_scratch()))
        try:
            _tree.write_tree(folder, entries, contents)
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------------------ history

    def log(self, paths: Iterable[str] | None = None, since: _dt.date | _dt.datetime | None = None,
            rev: str = "HEAD") -> list[Commit]:
        """The commits reachable from `rev` (that changed `paths`, when given; committed at or after
        `since`, when given: a date means its start in UTC, a naive datetime is UTC), newest first;
        each Commit's `paths` are the files it changed among `paths`."""
        sha = self.resolve(rev)
        done = run(_log.log_args(sha, _paths(paths), _as_datetime(since)), self.root)
        return [commit for commit, _ in _log.parse(done.stdout)]

    def versions(self, pathspec: str | Iterable[str], rev: str = "HEAD"
                 ) -> dict[str, list[tuple[Commit, str | None]]]:
        """Every version of every file at or below `pathspec` (a path or paths) in the history of `rev`,
        from ONE `git log`: {path: [(commit, blob sha after it, or None when it deleted the file), ...]},
        newest first. Renames count as a deletion and an addition. Read the bytes with read_blobs."""
        sha = self.resolve(rev)
        paths = [pathspec] if isinstance(pathspec, str) else list(pathspec)
        done = run(_log.log_args(sha, _paths(paths), None), self.root)
        history: dict[str, list[tuple[Commit, str | None]]] = {}
        for commit, changes in _log.parse(done.stdout):
            for path, blob in changes:
                history.setdefault(path, []).append((commit, blob))
        return history


def _paths(paths: Iterable[str] | None) -> list[str] | None:
    if paths is None:
        return None
    cleaned = [p.rstrip("/") if p not in ("", "/") else p or "." for p in paths]
    for path in cleaned:
        if path != ".":
            _tree.safe_parts(path)
    return cleaned


def _as_datetime(since: _dt.date | _dt.datetime | None) -> _dt.datetime | None:
    if since is None or isinstance(since, _dt.datetime):
        return since if since is None or since.tzinfo else since.replace(tzinfo=_dt.timezone.utc)
    return _dt.datetime(since.year, since.month, since.day, tzinfo=_dt.timezone.utc)


def _scratch() -> str | None:
    """Where trees are written: $TMPDIR when set, else /dev/shm when there is one (memory: thousands of
    small files are written much faster than to a disk), else the system's temporary folder."""
    if os.environ.get("TMPDIR"):
        return None
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None
