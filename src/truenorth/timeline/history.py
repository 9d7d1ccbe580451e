"""Key-result history from git: for each key result without `check_ins`, every commit that changed its
`current`, with the commit's date (authored) and author, and the target it had then.

One `git log` (Repository.versions) lists every version of every goals file; one `git cat-file --batch`
(Repository.read_blobs) reads the blobs not already known. What each blob says (per goal id, per key
result: current and target) is kept in the user's cache folder by blob id, which never changes meaning,
and the whole answer by the commit it was read at (HEAD), so a second build or command at the same
commit reads nothing from git but HEAD's id. Outside a git repository, or without git, the history is
empty: nothing fails.

The result is analysis.history's: {(goal id, key result index): [Reading, ...] oldest first}.
"""

from __future__ import annotations

import marshal
import os
import re
from functools import partial
from pathlib import Path

from truenorth.analysis.history import KrKey, Reading
from truenorth.model import Organisation

_FORMAT = 1
_MEMO: dict[tuple, dict] = {}  # (repository root, HEAD, goals path) -> blob id -> extracted: this process


def read_history(root: Path, goals_dir: str, org: Organisation) -> dict[KrKey, list[Reading]]:
    """The git readings of the organisation's key results that have no check-ins (see the module doc)."""
    from truenorth.git import GitError, Repository

    wanted: dict[str, list] = {}  # path relative to the repository root -> goals in it with such key results
    try:
        repo = Repository.discover(root)
        prefix = repo.relative(Path(root).resolve())
        goals_rel = "/".join(p for p in (prefix, goals_dir) if p)
        for goal in org.goals.values():
            if any(not kr.check_ins for kr in goal.key_results):
                path = "/".join(p for p in (prefix, goal.location.path) if p)
                wanted.setdefault(path, []).append(goal)
        if not wanted:
            return {}
        extracted = file_versions(repo, goals_rel)
    except GitError:
        return {}
    versions_of = extracted["versions"]
    values = extracted["values"]
    made = extracted.setdefault("readings", {})  # (path, goal id, index) -> readings: a rebuild reuses them
    result: dict[KrKey, list[Reading]] = {}
    for path, goals in wanted.items():
        timeline = versions_of.get(path)
        if not timeline:
            continue
        for goal in goals:
            for index, kr in enumerate(goal.key_results):
                if kr.check_ins:
                    continue
                key = (path, goal.id, index)
                readings = made.get(key)
                if readings is None:
                    readings = made[key] = _readings(timeline, values, goal.id, index)
                if readings:
                    result[(goal.id, index)] = list(readings)
    return result


def file_versions(repo, goals_rel: str, rev: str = "HEAD") -> dict:
    """What every version of every goals file at or below `goals_rel` says of its key results, as of `rev`:
    {"versions": path -> [(authored date, author, subject, short sha, blob, committed date), ...] oldest
    first, "values": blob -> {goal id: [(current, target) per key result]}}. One `git log`, one `git
    cat-file` for the blobs neither this process nor the user's blob cache knows; the answer is kept in
    this process by the commit `rev` names. The one reader of key results' history: read_history (the
    trends) and timeline/promises.py (the targets as promised) both use it. GitError from the git layer."""
    key = (str(repo.root), repo.resolve(rev), goals_rel)
    extracted = _MEMO.get(key)
    if extracted is None:
        extracted = _extract_all(repo, repo.versions(goals_rel, key[1]))
        _MEMO.clear()
        _MEMO[key] = extracted
    return extracted


def _readings(timeline: list[tuple], values: dict, goal_id: str, index: int) -> list[Reading]:
    """A reading at each version (oldest first) where the key result's current differs from the one before."""
    readings = []
    last = _NONE
    for date, author, subject, short, blob, _committed in timeline:
        goal_values = values.get(blob)
        goal_values = goal_values.get(goal_id) if goal_values is not None else None
        if goal_values is None or index >= len(goal_values):
            last = _NONE  # the goal (or the key result) was not there: a later one starts afresh
            continue
        current, target = goal_values[index]
        if current != last:
            readings.append(_reading((date, current, "git", author, subject, None, target, short)))
            last = current
    return readings


_NONE = object()
_reading = partial(tuple.__new__, Reading)  # Reading(...) without the named tuple's Python __new__: 700,000 at 10k


def _extract_all(repo, versions: dict[str, list]) -> dict:
    """{"versions": path -> [(date, author, subject, short sha, blob), ...] oldest first,
    "values": blob -> {goal id: [(current, target) per key result]}}, reading only unknown blobs."""
    timeline = {path: [(c.date.date(), c.author, c.subject, c.short, blob, c.committed.date())
                       for c, blob in reversed(entries)] for path, entries in versions.items()}
    blobs = {entry[4] for entries in timeline.values() for entry in entries if entry[4]}
    store = _BlobStore(repo.root)
    values = store.get(blobs)
    missing = blobs - values.keys()
    if missing:
        fresh = {sha: _values_of(data) for sha, data in repo.read_blobs(sorted(missing)).items()}
        values.update(fresh)
        store.put(fresh)
    return {"versions": timeline, "values": values}


_GOAL_ITEM = re.compile(r"^(\s*)- id: *([a-z0-9][a-z0-9-]*) *$")
_KR_ITEM = re.compile(r"^(\s*)- metric: *\S")
_KR_FIELD = re.compile(r"^(\s*)(current|target): *(-?[0-9][0-9_.eE+-]*) *(?:#.*)?$")


def _values_of(data: bytes) -> dict[str, tuple]:
    """{goal id: ((current, target) of each key result, ...)} of one version of a goals file ({} if
    unreadable). Files written in the plain block style of the sample and the generator are read line by
    line (ten times faster than YAML; the same answer); anything else goes to the YAML parser."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    found = _scan(text) if "\t" not in text else None
    return found if found is not None else _parsed(text)


def _scan(text: str) -> dict[str, tuple] | None:
    """The block-style reading of _values_of, or None when a line is not what it expects."""
    found: dict[str, list] = {}
    goal_indent, goal, krs, kr_indent, kr = None, None, None, None, None
    in_goals = False
    for line in text.split("\n"):
        if line[:1] not in ("", " ", "#", "-"):  # a top-level key: the goals list, or not
            in_goals = line.rstrip() == "goals:"
            goal = None
            continue
        if not in_goals:
            continue
        stripped = line.lstrip()
        if stripped[:3] in ("- {", "- [", "-{", "-[") or stripped in ("-", "- ") or stripped[:2] in ("? ", "<<") \
                or ("key_results:" in line and not line.rstrip().endswith("key_results:")):
            return None  # flow style, complex keys or merges: the parser reads those
        if "- id:" in line:
            match = _GOAL_ITEM.match(line)
            if match is not None and (goal_indent is None or len(match.group(1)) == goal_indent):
                goal_indent, goal = len(match.group(1)), match.group(2)
                if goal in found:
                    return None  # a duplicate id: the parser decides which counts
                krs = found[goal] = []
                kr = None
                continue
        if goal is None:
            continue
        if "- metric:" in line:
            match = _KR_ITEM.match(line)
            if match is not None:
                if kr_indent is None:
                    kr_indent = len(match.group(1))
                if len(match.group(1)) == kr_indent:
                    kr = [None, None]
                    krs.append(kr)
                    continue
        if kr is not None and ("current:" in line or "target:" in line):
            match = _KR_FIELD.match(line)
            if match is None:
                return None
            if len(match.group(1)) == kr_indent + 2:
                try:
                    number = float(match.group(3).replace("_", ""))
                except ValueError:
                    return None
                kr[0 if match.group(2) == "current" else 1] = int(number) if number.is_integer() and "." not in match.group(3) and "e" not in match.group(3).lower() else number
    return {goal_id: tuple(map(tuple, items)) for goal_id, items in found.items()}


def _parsed(text: str) -> dict[str, tuple]:
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        doc = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return {}
    goals = doc.get("goals") if isinstance(doc, dict) else None
    found: dict[str, list[tuple]] = {}
    for goal in goals if isinstance(goals, list) else ():
        if not isinstance(goal, dict) or not isinstance(goal.get("id"), str):
            continue
        krs = goal.get("key_results")
        found[goal["id"]] = tuple((_number(kr.get("current")), _number(kr.get("target"))) if isinstance(kr, dict)
                                  else (None, None) for kr in (krs if isinstance(krs, list) else ()))
    return found


def _number(value: object) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class _BlobStore:
    """What each blob says, by blob id, in the user's cache folder (one marshal file per repository):
    a blob id names the same bytes forever, so an entry never goes stale."""

    def __init__(self, repo_root: Path) -> None:
        from truenorth.cache.answer import cache_folder, private_folder

        folder = cache_folder(str(Path(repo_root).resolve()))
        self.path = os.path.join(folder, "history-blobs.marshal") if private_folder(folder) else None
        self._known: dict | None = None

    def _load(self) -> dict:
        if self._known is None:
            self._known = {}
            if self.path is not None:
                try:
                    with open(self.path, "rb") as handle:
                        stored = marshal.load(handle)
                    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _FORMAT and isinstance(stored[1], dict):
                        self._known = stored[1]
                except (OSError, EOFError, ValueError, TypeError):
                    pass
        return self._known

    def get(self, blobs: set[str]) -> dict:
        known = self._load()
        return {sha: known[sha] for sha in blobs if sha in known}

    def put(self, fresh: dict) -> None:
        if self.path is None or not fresh:
            return
        known = self._load()
        known.update(fresh)
        try:
            os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
            temporary = f"{self.path}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                marshal.dump((_FORMAT, known), handle)
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            pass
