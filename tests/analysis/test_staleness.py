"""Stale goals: `updated`, else the last commit of the goal's file (one git log for the folder)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from truenorth.analysis.staleness import (StaleGoal, git_last_commits, goal_files, last_updates,
                                          stale_goals, unknown_updates)
from truenorth.model import Goal, Level, Location, Organisation

D = dt.date
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def goal(id, path, updated=None, status="active"):
    return Goal(id, id.title(), "owner", Level.INDIVIDUAL, [], Location(path), updated=updated, status=status)


def org_of(*goals):
    return Organisation(goals={g.id: g for g in goals})


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    if when:
        env.update(GIT_AUTHOR_DATE=f"{when}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{when}T12:00:00+00:00")
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True,
                   capture_output=True)


def commit(repo: Path, files: dict[str, str], when: str) -> None:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"change on {when}", when=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    commit(tmp_path, {"goals/people/ana.yaml": "a1", "goals/people/bo.yaml": "b1", "README.md": "r"}, "2027-01-10")
    commit(tmp_path, {"goals/people/ana.yaml": "a2"}, "2027-03-01")
    commit(tmp_path, {"goals/people/café.yaml": "c1", "notes/x.yaml": "n"}, "2027-02-01")
    return tmp_path


@needs_git
def test_git_last_commits_one_date_per_file(repo):
    assert git_last_commits(repo) == {
        "goals/people/ana.yaml": D(2027, 3, 1),
        "goals/people/bo.yaml": D(2027, 1, 10),
        "goals/people/café.yaml": D(2027, 2, 1),  # no octal quoting of non-ASCII names
    }


@needs_git
def test_git_last_commits_from_a_subfolder_of_the_repository(repo):
    commit(repo, {"org/goals/vision.yaml": "v"}, "2027-04-04")
    assert git_last_commits(repo / "org") == {"goals/vision.yaml": D(2027, 4, 4)}


@needs_git
def test_git_last_commits_runs_git_a_fixed_number_of_times_whatever_the_files(repo, monkeypatch):
    """The dates of the whole folder come from one `git log` (plus finding the repository), never a process
    per file: ten more files, the same number of git processes."""
    from truenorth.git import runner

    calls = []
    real = runner.subprocess.run

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(runner.subprocess, "run", counting)
    git_last_commits(repo)
    few = len(calls)
    commit(repo, {f"goals/people/p{n}.yaml": "x" for n in range(10)}, "2027-04-01")
    calls.clear()
    assert len(git_last_commits(repo)) == 13
    assert len(calls) == few <= 4 and all(call[0] == "git" for call in calls)


@needs_git
def test_outside_a_repository_nothing_is_known(tmp_path):
    (tmp_path / "goals").mkdir()
    assert git_last_commits(tmp_path) == {}


@needs_git
def test_empty_repository(tmp_path):
    git(tmp_path, "init", "-q")
    assert git_last_commits(tmp_path) == {}


def test_without_git(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the path
    assert git_last_commits(tmp_path) == {}


def test_updated_wins_over_git_and_git_fills_in():
    org = org_of(goal("a", "goals/people/ana.yaml", updated=D(2027, 6, 1)), goal("b", "goals/people/bo.yaml"),
                 goal("c", "goals/people/new.yaml"))
    commits = {"goals/people/ana.yaml": D(2027, 1, 1), "goals/people/bo.yaml": D(2027, 2, 2)}
    assert last_updates(org, goal_files(org), commits) == {
        "a": (D(2027, 6, 1), "updated"), "b": (D(2027, 2, 2), "git"), "c": None}


@needs_git
def test_stale_goals_with_a_real_repository(repo):
    org = org_of(
        goal("ana-1", "goals/people/ana.yaml"),                        # last commit 2027-03-01
        goal("ana-2", "goals/people/ana.yaml", updated=D(2027, 6, 20)),  # reviewed recently
        goal("bo-1", "goals/people/bo.yaml"),                          # last commit 2027-01-10
        goal("bo-2", "goals/people/bo.yaml", updated=D(2026, 12, 1)),  # `updated` older than the commit: it wins
        goal("bo-old", "goals/people/bo.yaml", status="achieved"),     # done: never stale
        goal("bo-gone", "goals/people/bo.yaml", status="retired"),
        goal("new", "goals/people/new.yaml"),                          # not committed: unknown
    )
    commits = git_last_commits(repo)
    stale = stale_goals(org, goal_files(org), commits, today=D(2027, 7, 1), days=120)
    assert stale == [
        StaleGoal("bo-2", D(2026, 12, 1), "updated", 212),
        StaleGoal("bo-1", D(2027, 1, 10), "git", 172),
        StaleGoal("ana-1", D(2027, 3, 1), "git", 122),
    ]
    assert unknown_updates(org, goal_files(org), commits) == ["new"]


@pytest.mark.parametrize("days,expected", [(121, []), (120, ["a"]), (0, ["a"])])
def test_stale_means_strictly_more_than_the_limit(days, expected):
    org = org_of(goal("a", "goals/a.yaml", updated=D(2027, 1, 1)))
    today = D(2027, 1, 1) + dt.timedelta(days=121)
    assert [s.goal_id for s in stale_goals(org, goal_files(org), {}, today, days)] == expected


def test_updated_today_is_not_stale_even_with_zero_days():
    org = org_of(goal("a", "goals/a.yaml", updated=D(2027, 1, 1)))
    assert stale_goals(org, goal_files(org), {}, D(2027, 1, 1), 0) == []


def test_goal_files_normalises_paths():
    org = org_of(goal("a", "./goals\\people\\ana.yaml"))
    assert goal_files(org) == {"a": "goals/people/ana.yaml"}
    assert last_updates(org, goal_files(org), {"goals/people/ana.yaml": D(2027, 1, 1)}) == {
        "a": (D(2027, 1, 1), "git")}
