"""The organisation as it stood at a git revision, checked: `check --at`, `tree --at`, `status --at`,
`diff`, and later `review --at`, all go through `check_at`.

The revision's settings (pyproject.toml), goals folder and playbook plays are written into a
temporary folder (truenorth.git's tree_at), at the same places relative to the truenorth root as in
the repository, and checked there without the check cache (it is neither read nor written: a past
tree must not replace the working tree's record). The findings' locations are relative to that root,
so they name the repository's paths ("goals/people/ana.yaml:4:3"); the folder is gone when
check_at returns (the result is plain data).

`SharedParses` lets one process check several trees (`diff`: before and after) and parse each
file's content once: a file whose bytes are the same in a later tree reuses the earlier parse (the
loader's KnownFiles protocol, as the check cache does), so the second tree costs what its changed
files cost.
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from truenorth.check import run_check
from truenorth.config import Config, ConfigError, load_config
from truenorth.findings import CheckResult
from truenorth.git import GitError, Repository
from truenorth.load import files

__all__ = ["Checked", "GitError", "NoGoals", "SharedParses", "check_at", "check_here", "check_revisions",
           "commit_dates_at"]


class NoGoals(Exception):
    """The tree has no goals folder: a usage problem (exit 2), not a finding."""


@dataclass(slots=True)
class Checked:
    """One tree checked: its `result`, its settings (`config`; for a revision, `config.root` is the
    temporary folder, gone by now), and which tree: `sha` (None for the working tree) and `label`."""

    result: CheckResult
    config: Config
    sha: str | None
    label: str
    repository: Repository | None = None
    prefix: str = ""  # the truenorth root relative to the repository's top ("" when they are the same)


def check_at(root: Path, rev: str, *, jobs: int | None = None, parses: SharedParses | None = None,
             repository: Repository | None = None) -> Checked:
    """The goals of the repository at `root` as they stood at revision `rev`, checked (see the module's
    docstring). GitError (not a repository, unknown revision), ConfigError (its settings), NoGoals."""
    return check_revisions(root, [rev], jobs=jobs, parses=parses, repository=repository)[0]


def check_revisions(root: Path, revs: list[str], *, jobs: int | None = None, parses: SharedParses | None = None,
                    repository: Repository | None = None, missing_ok: bool = False) -> list[Checked]:
    """check_at for several revisions in turn, in one temporary folder: the first revision's files are
    written, then only the files that differ in the next (with `parses`, only those are parsed again).
    missing_ok: a revision without a goals folder is an empty organisation (`diff` from before there
    were goals), not NoGoals."""
    repo = repository or Repository.discover(root)
    prefix = repo.relative(root)
    shas = [repo.resolve(rev) for rev in revs]
    settings = posixpath.join(prefix, "pyproject.toml") if prefix else "pyproject.toml"

    def wanted(sha: str) -> list[str]:
        return [settings, *(posixpath.join(prefix, f) if prefix else f for f in _folders_named(repo.show(sha, settings)))]

    checked: list[Checked] = []
    entries = repo.files_at(shas[0], wanted(shas[0]))
    with repo.tree_of(entries) as top:
        for n, (rev, sha) in enumerate(zip(revs, shas)):
            changed = None
            if n:
                now = repo.files_at(sha, wanted(sha))
                changed = repo.update_tree(top, entries, now)
                entries = now
            if parses is not None:  # the files whose bytes git says are the same need no reading to tell
                parses.changed = None if changed is None else {_below(path, prefix) for path in changed}
            try:
                checked.append(_check_tree(top / prefix if prefix else top, rev, sha, jobs, parses, repo, prefix))
            except NoGoals:
                if not missing_ok:
                    raise
                checked.append(_nothing(sha, repo, prefix))
    return checked


def _below(path: str, prefix: str) -> str:
    return path[len(prefix) + 1:] if prefix and path.startswith(prefix + "/") else path


def _nothing(sha: str, repo: Repository, prefix: str) -> Checked:
    """A revision with no goals folder, as an organisation with no goals."""
    from truenorth.analysis.graph import build_graph
    from truenorth.findings import Summary
    from truenorth.model import Organisation

    org = Organisation()
    return Checked(CheckResult(org, build_graph(org), set(), [], Summary(0, 0, 0, 0, 0)), Config(), sha, sha[:7],
                   repo, prefix)


def _check_tree(tree_root: Path, rev: str, sha: str, jobs: int | None, parses: SharedParses | None,
                repo: Repository, prefix: str) -> Checked:
    tree_root.mkdir(parents=True, exist_ok=True)
    try:
        config = load_config(tree_root)
    except ConfigError as exc:
        raise ConfigError(f"{str(exc).replace(str(tree_root) + os.sep, '')} (at {sha[:7]})") from None
    if not config.goals_path.is_dir():
        raise NoGoals(f"no goals folder {config.goals_dir}/ at revision {rev} ({sha[:7]})")
    return Checked(_run(config, parses, jobs), config, sha, sha[:7], repo, prefix)


def check_here(root: Path, *, jobs: int | None = None, parses: SharedParses | None = None) -> Checked:
    """The working tree's goals checked like a revision's (no check cache; `parses` shared)."""
    config = load_config(root)
    if not config.goals_path.is_dir():
        raise NoGoals(f"no goals folder at {config.goals_path} (use --root to point at the repository)")
    return Checked(_run(config, parses, jobs), config, None, "working tree")


def _run(config: Config, parses: SharedParses | None, jobs: int | None) -> CheckResult:
    if parses is not None:
        parses.prepare(config.goals_path, config.goals_dir)
    return run_check(config, cache=parses, jobs=jobs)  # (parses stands in for the check cache: see there)


def commit_dates_at(checked: Checked) -> dict[str, _dt.date]:
    """{path relative to the truenorth root: date of the last commit that touched it} for the goals
    files in the history of the checked revision (what `status` judges staleness by)."""
    if checked.repository is None or checked.sha is None:
        return {}
    goals = posixpath.join(checked.prefix, checked.config.goals_dir) if checked.prefix else checked.config.goals_dir
    dates: dict[str, _dt.date] = {}
    cut = len(checked.prefix) + 1 if checked.prefix else 0
    for commit in checked.repository.log(paths=[goals], rev=checked.sha):
        for path in commit.paths:
            dates.setdefault(path[cut:], commit.committed.date())
    return dates


def _folders_named(pyproject: bytes | None) -> list[str]:
    """The goals folder and the playbook's plays a revision's settings name (the defaults when none):
    what is copied out of it. A value that could lead out is left for load_config to refuse."""
    import tomllib

    section: dict = {}
    if pyproject is not None:
        try:
            data = tomllib.loads(pyproject.decode("utf-8"))
            tool = data.get("tool", {})
            section = tool.get("truenorth", {}) if isinstance(tool, dict) else {}
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            section = {}  # load_config says what is wrong with it
        if not isinstance(section, dict):
            section = {}
    found = []
    for key, default, below in (("goals_dir", "goals", None), ("playbook_dir", "playbook", "plays")):
        value = section.get(key, default)
        if not isinstance(value, str) or not value or "\0" in value:
            continue
        parts = PurePosixPath(value.replace("\\", "/")).parts
        if not parts or parts[0] == "/" or any(p in ("..", ".") for p in parts):
            continue
        found.append("/".join([*parts, below] if below else parts))
    return found


# ------------------------------------------------------------------------ parses shared between trees


def _no_view(_record) -> str:
    return ""


def _no_frame(_items) -> bytes:
    return b""


class _Sink:
    def __init__(self, chunks: list) -> None:
        self.chunks = chunks

    def add(self, chunk: bytes, extra: bytes) -> None:
        self.chunks.append((chunk, extra))

    def finish(self, keep: bool = True) -> None:
        if not keep:
            self.chunks.clear()


class SharedParses:
    """The loader's KnownFiles for several trees checked in one process: each load keeps its files'
    records (in memory), and the next load takes those whose content is byte for byte the same (by
    its content digest) instead of parsing them again. It stands in for the check cache in
    check.run_check, recording nothing anywhere (no report is kept: every check runs its rules)."""

    key = ""
    stats = None
    report = None
    report_key = None
    view_of = staticmethod(_no_view)  # module-level functions: the loader sends them to its workers
    frame_of = staticmethod(_no_frame)

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        self._earlier: list = []  # the last load's chunks: (marshalled records, extra frame)
        self._earlier_dir: str | None = None
        self._current: list = []
        self._goals_dir: str = ""
        self._earlier_digests: dict[str, str] = {}
        self._listing: list = []
        self.changed: set[str] | None = None  # set by check_revisions before a load (see prepare)

    def list_files(self) -> list[tuple[str, tuple | str | None]]:
        return self._listing

    def prepare(self, goals_path: Path, goals_dir: str) -> None:
        """Before loading `goals_path`: list it, and digest each readable file, so that the loader can
        tell which of the earlier records still hold. With `changed` (paths relative to the truenorth
        root that differ from the last tree, as git tells), the others keep their last digests unread."""
        self._listing = files.goal_file_stats(str(goals_path), with_stats=False)
        changed, self.changed = self.changed, None
        self.digests = {}
        if self._earlier_dir != goals_dir:
            self._earlier = []
        self._goals_dir = goals_dir
        if not self._earlier:
            return  # nothing to reuse: no digest is asked for
        top = str(goals_path)
        if changed is not None:
            previous = self._earlier_digests
            self.digests = {rel: previous[rel] for rel, _ in self._listing
                            if rel in previous and f"{goals_dir}/{rel}" not in changed}
            return
        for rel, state in self._listing:
            if files.problem_of(state):
                continue
            try:
                raw = files.read_goal_file(f"{top}{os.sep}{rel}", within=top)
            except OSError:
                continue
            if raw.__class__ is bytes:
                self.digests[rel] = files.content_digest(raw)

    def stored_chunks(self):
        import marshal

        for chunk, extra in self._earlier:
            yield marshal.loads(chunk), chunk, extra

    def chunk_writer(self) -> _Sink:
        self._current = []
        return _Sink(self._current)

    def key_of(self, _loaded) -> str:
        return ""

    def save(self, loaded, _key: str, _report) -> None:
        """After a load: its records are what the next load may reuse."""
        self._earlier, self._earlier_dir, self._earlier_digests = self._current, self._goals_dir, loaded.digests
        self._current = []
