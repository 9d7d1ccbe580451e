"""The targets as promised: each key result's target as it stood when its period began, read from git.

A key result's promise is its `target` in the last version of its file committed on or before the
first day of its goal's period (analysis.status.effective_periods), or, for a goal added later, in
the first version committed after it; every later commit that changed the target is a TargetMove
(date, old, new, commit, author). analysis.scores measures against the promise, `truenorth review`
and the site's review pages show the moves.

Read from the one reader of key results' history (timeline.history.file_versions: one `git log`, one
`git cat-file` for the blobs not already in the user's blob cache), so a build that shows trends and
reviews reads git once. Key results are matched by goal id and position; a goal whose key results were
reordered since is matched by position all the same. Without a repository (a copy of the files, not a
clone) there is no promise: the current targets are used, and the review says so.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
from pathlib import Path

import networkx as nx

from truenorth.analysis.periods import period_start
from truenorth.analysis.review import is_period
from truenorth.analysis.scores import Promise, Promises, TargetMove
from truenorth.analysis.status import effective_periods
from truenorth.git import GitError, Repository
from truenorth.model import Organisation
from truenorth.timeline.history import file_versions


def read_promises(root: Path, org: Organisation, graph: nx.DiGraph, goals_dir: str, rev: str = "HEAD") -> Promises:
    """(goal id, key result index) -> Promise for every key result whose file git knows at `rev`; {} outside
    a repository or before the first commit (the callers then use the current targets)."""
    try:
        repo = Repository.discover(root)
        prefix = repo.relative(Path(root).resolve())
        extracted = file_versions(repo, posixpath.join(prefix, goals_dir) if prefix else goals_dir, rev)
    except GitError:
        return {}
    versions, values = extracted["versions"], extracted["values"]
    periods = effective_periods(org, graph)
    promises: dict = {}
    for goal in org.goals.values():
        if not goal.key_results:
            continue
        timeline = versions.get(posixpath.join(prefix, goal.location.path) if prefix else goal.location.path)
        if not timeline:
            continue
        period = periods.get(goal.id)
        start = period_start(period) if period and is_period(period) else None
        seen = []  # (committed date, short sha, author, [target per key result]) of the versions holding the goal
        for _date, author, _subject, short, blob, committed in timeline:
            said = values.get(blob, {}).get(goal.id) if blob else None
            if said is not None:
                seen.append((committed, short, author, [target for _current, target in said]))
        for index in range(len(goal.key_results)):
            promise = _promise(seen, index, start)
            if promise is not None:
                promises[(goal.id, index)] = promise
    return promises


def _promise(seen: list, index: int, start: _dt.date | None) -> Promise | None:
    """The promise of key result `index` from its goal's versions, oldest first."""
    versions = [(committed, short, author, targets[index]) for committed, short, author, targets in seen
                if index < len(targets)]
    if not versions:
        return None
    before = [i for i, version in enumerate(versions) if start is not None and version[0] <= start]
    base = before[-1] if before else 0
    promised = versions[base][3]
    moves, last = [], promised
    for committed, short, author, target in versions[base + 1:]:
        if target != last:
            moves.append(TargetMove(committed, last, target, short, author))
            last = target
    return Promise(promised, "git", tuple(moves))
