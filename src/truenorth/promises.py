"""The targets as promised: each key result's target as it stood when its period began, read from git.

A key result's promise is its `target` in the last version of its file committed on or before the
first day of its goal's period (analysis.status.effective_periods), or, for a goal added later, in
the first version committed after it; every later commit that changed the target is a TargetMove
(date, old, new, commit, author). analysis.scores measures against the promise, `truenorth review`
and the site's review pages show the moves.

Read once per command through the git layer: ONE `git log` for the versions of every goals file
(Repository.versions) and ONE `git cat-file --batch` for their bytes (read_blobs). Only the files that
hold goals with key results are read, and of each file's versions only those whose `target:` lines
differ from the version before are parsed, so a history of progress updates costs one parse a file.
Key results are matched by goal id and position; a goal whose key results were reordered since is
matched by position all the same (the move then names the metric's new target). Without a repository
(a copy of the files, not a clone) there is no promise: the current targets are used, and the review
says so.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
from pathlib import Path

import networkx as nx

from truenorth.analysis.periods import period_start
from truenorth.analysis.review import is_period
from truenorth.analysis.scores import Promise, Promises, TargetMove
from truenorth.analysis.status import effective_periods
from truenorth.git import GitError, Repository
from truenorth.model import Organisation

_TARGET_LINE = re.compile(rb"^\s*-?\s*target\s*:.*$|target\s*:\s*[^,}\s]+", re.M)


def read_promises(root: Path, org: Organisation, graph: nx.DiGraph, goals_dir: str, rev: str = "HEAD",
                  repository: Repository | None = None) -> Promises:
    """(goal id, key result index) -> Promise for every key result whose file git knows at `rev`; {} outside
    a repository or before the first commit (the callers then use the current targets)."""
    try:
        repo = repository or Repository.discover(root)
        prefix = repo.relative(root)
        where = posixpath.join(prefix, goals_dir) if prefix else goals_dir
        versions = repo.versions(where, rev)
    except GitError:
        return {}
    periods = effective_periods(org, graph)
    files: dict[str, list] = {}
    for goal in org.goals.values():
        if goal.key_results:
            files.setdefault(goal.location.path, []).append(goal)
    wanted = {}
    for path, goals in files.items():
        history = versions.get(posixpath.join(prefix, path) if prefix else path)
        if history:
            wanted[path] = list(reversed(history))  # oldest first
    blobs = repo.read_blobs({blob for history in wanted.values() for _, blob in history if blob})
    promises: dict = {}
    for path, history in wanted.items():
        targets = _targets_by_version(history, blobs)  # [(commit, {goal id: [target per key result]})]
        for goal in files[path]:
            period = periods.get(goal.id)
            start = period_start(period) if period and is_period(period) else None
            seen = [(c, t[goal.id]) for c, t in targets if goal.id in t]
            for index in range(len(goal.key_results)):
                promise = _promise(seen, index, start)
                if promise is not None:
                    promises[(goal.id, index)] = promise
    return promises


def _targets_by_version(history: list, blobs: dict[str, bytes]) -> list:
    """For each version (oldest first): (commit, {goal id: [its key results' targets]}); a version whose
    target lines are those of the version before reuses its parse."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = []
    last_lines, last_targets = None, None
    for commit, blob in history:
        raw = blobs.get(blob) if blob else None
        if raw is None:  # deleted in this commit
            last_lines, last_targets = None, None
            continue
        lines = _TARGET_LINE.findall(raw) + [raw.count(b"- id:"), raw.count(b"key_results")]
        if lines != last_lines:
            try:
                data = yaml.load(raw, Loader=loader)
            except yaml.YAMLError:
                data = None
            last_targets = _targets(data)
            last_lines = lines
        found.append((commit, last_targets))
    return found


def _targets(data) -> dict[str, list]:
    result: dict[str, list] = {}
    goals = data.get("goals") if isinstance(data, dict) else None
    for goal in goals if isinstance(goals, list) else ():
        if not isinstance(goal, dict) or not isinstance(goal.get("id"), str):
            continue
        krs = goal.get("key_results")
        result[goal["id"]] = [_number(kr.get("target")) if isinstance(kr, dict) else None
                              for kr in (krs if isinstance(krs, list) else ())]
    return result


def _number(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _promise(seen: list, index: int, start: _dt.date | None) -> Promise | None:
    """The promise of key result `index` from its goal's versions [(commit, targets)], oldest first."""
    versions = [(c, targets[index]) for c, targets in seen if index < len(targets)]
    if not versions:
        return None
    if start is None:
        base = 0
    else:
        before = [i for i, (c, _) in enumerate(versions) if c.committed.date() <= start]
        base = before[-1] if before else 0
    promised = versions[base][1]
    moves, last = [], promised
    for commit, target in versions[base + 1:]:
        if target != last:
            moves.append(TargetMove(commit.committed.date(), last, target, commit.short, commit.author))
            last = target
    return Promise(promised, "git", tuple(moves))
