"""Stale goals: goals nobody has reviewed for a while.

A goal's last update is its `updated` field or, when that is absent, the date of
the last git commit that touched its file. The commit dates of the whole goals
folder come from a single `git log` call (never one process per file); without
git, outside a repository, or for a file git does not track, the last update is
unknown (None) and the goal is not reported as stale, only counted as unknown.

A goal is stale when more than `days` days passed between its last update and
`today`. Retired and achieved goals are never stale: nobody needs to review them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from truenorth.model import Organisation

@dataclass(frozen=True)
class StaleGoal:
    goal_id: str
    last_update: _dt.date
    source: str  # "updated" (the goal's field) or "git" (the file's last commit)
    age_days: int


def _norm(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def git_last_commits(root: Path | str, goals_dir: str = "goals") -> dict[str, _dt.date]:
    """{path relative to `root`: date of the last commit that touched it} for files under `root/goals_dir`.

    One `git log` through the git layer (truenorth.git). Empty when git is missing, `root` is not in a
    work tree, or nothing is committed.
    """
    from truenorth.git import GitError, Repository

    try:
        repo = Repository.discover(root)
        prefix = repo.relative(Path(root).resolve())
        commits = repo.log(paths=["/".join(p for p in (prefix, goals_dir) if p)])
    except GitError:
        return {}
    dates: dict[str, _dt.date] = {}
    cut = len(prefix) + 1 if prefix else 0
    for commit in commits:  # newest first: a path's first date is its last commit's
        for path in commit.paths:
            dates.setdefault(_norm(path[cut:]), commit.committed.date())
    return dates


def goal_files(org: Organisation) -> dict[str, str]:
    """{goal id: path of the file that holds it, relative to the repository root}."""
    return {goal_id: _norm(goal.location.path) for goal_id, goal in org.goals.items()}


def last_updates(org: Organisation, goal_files: dict[str, str],
                 last_commit: dict[str, _dt.date]) -> dict[str, tuple[_dt.date, str] | None]:
    """{goal id: (date, "updated" | "git")} or None when unknown."""
    result: dict[str, tuple[_dt.date, str] | None] = {}
    for goal_id, goal in org.goals.items():
        if goal.updated is not None:
            result[goal_id] = (goal.updated, "updated")
            continue
        path = goal_files.get(goal_id)
        when = last_commit.get(_norm(path)) if path else None
        result[goal_id] = (when, "git") if when is not None else None
    return result


def _reviewable(org: Organisation) -> list[str]:
    return [goal_id for goal_id, goal in org.goals.items() if goal.status not in ("retired", "achieved")]


def stale_goals(org: Organisation, goal_files: dict[str, str], last_commit: dict[str, _dt.date],
                today: _dt.date, days: int) -> list[StaleGoal]:
    """Active goals whose last update is more than `days` days before `today`, oldest first."""
    updates = last_updates(org, goal_files, last_commit)
    stale = []
    for goal_id in _reviewable(org):
        known = updates.get(goal_id)
        if known is None:
            continue
        when, source = known
        age = (today - when).days
        if age > days:
            stale.append(StaleGoal(goal_id, when, source, age))
    return sorted(stale, key=lambda s: (s.last_update, s.goal_id))


def unknown_updates(org: Organisation, goal_files: dict[str, str], last_commit: dict[str, _dt.date]) -> list[str]:
    """Active goals whose last update is unknown (no `updated`, file not in git history), sorted."""
    updates = last_updates(org, goal_files, last_commit)
    return sorted(goal_id for goal_id in _reviewable(org) if updates.get(goal_id) is None)
