"""Scores against the target as promised, read from a git history the test makes; review --at."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from tests.conftest import VALID_ORG
from tests.git.helpers import GitRepo
from truenorth.cli import cli

CAT = """person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    status: {status}
    key_results:
      - metric: csat
        baseline: 60
        target: {target}
        current: {current}
{extra}"""

LATE = """  - id: cat-late
    title: Added after the quarter began
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    key_results:
      - metric: csat
        baseline: 50
        target: {target}
        current: 55
"""


def _repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    shutil.copytree(VALID_ORG, repo.root, dirs_exist_ok=True)
    return repo


def _cat(target, current=65, status="active", extra=""):
    return {"goals/people/cat.yaml": CAT.format(target=target, current=current, status=status, extra=extra)}


def _review(root, *args):
    out = CliRunner().invoke(cli, ["review", "2027-Q1", "--root", str(root), "--today", "2027-04-02",
                                   "--format", "json", *args])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_a_lowered_target_is_scored_against_the_promise_and_the_move_is_shown(tmp_path):
    repo = _repo(tmp_path)
    repo.commit("plan the quarter", _cat(80), date="2026-12-15T10:00:00+00:00", author="Ann Example")
    repo.commit("progress", _cat(80, current=68), date="2027-01-20T10:00:00+00:00")
    repo.commit("lower the bar", _cat(70, current=68), date="2027-03-02T10:00:00+00:00", author="Bob Example")
    first = repo.commit("close out", _cat(70, current=68, status="partial"), date="2027-04-01T10:00:00+00:00")
    data = _review(repo.root)
    goal = next(g for g in data["goals"] if g["id"] == "cat-empathy")
    assert data["targets_from"] == ["git"]
    assert goal["score"] == 0.4  # (68 - 60) / (80 - 60): against the promised 80, not today's 70 (0.8)
    [moved] = goal["moved_targets"]
    assert moved["promised"] == 80 and moved["current"] == 70
    assert moved["moves"] == [{"date": "2027-03-02", "from": 80, "to": 70, "commit": moved["moves"][0]["commit"],
                               "author": "Bob Example"}]
    text = CliRunner().invoke(cli, ["review", "2027-Q1", "--root", str(repo.root), "--today", "2027-04-02"]).output
    assert "moved 80 → 70 on 2027-03-02" in text and "Bob Example" in text
    assert first  # (the commits are the test's own, with fixed dates)


def test_a_goal_added_after_the_period_began_is_held_to_its_first_committed_target(tmp_path):
    repo = _repo(tmp_path)
    repo.commit("plan", _cat(80), date="2026-12-15T10:00:00+00:00")
    repo.commit("add a goal", _cat(80, extra=LATE.format(target=90)), date="2027-01-10T10:00:00+00:00")
    repo.commit("lower it", _cat(80, extra=LATE.format(target=60)), date="2027-02-10T10:00:00+00:00")
    goal = next(g for g in _review(repo.root)["goals"] if g["id"] == "cat-late")
    assert goal["moved_targets"][0]["promised"] == 90
    assert goal["score"] == 0.125  # (55 - 50) / (90 - 50)


def test_without_git_the_current_targets_are_used_and_the_review_says_so(tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(VALID_ORG, root)
    (root / "goals/people/cat.yaml").write_text(_cat(70)["goals/people/cat.yaml"], encoding="utf-8")
    data = _review(root)
    assert data["targets_from"] == ["file"]
    assert next(g for g in data["goals"] if g["id"] == "cat-empathy")["score"] == 0.5
    text = CliRunner().invoke(cli, ["review", "2027-Q1", "--root", str(root)]).output
    assert "current targets" in text


def test_review_at_a_revision_reads_the_goals_as_they_were(tmp_path):
    repo = _repo(tmp_path)
    tag = repo.commit("q1 closed", _cat(80, current=70, status="missed"), date="2027-04-01T10:00:00+00:00")
    repo.commit("reopened by mistake", _cat(80, current=70, status="active"), date="2027-04-05T10:00:00+00:00")
    assert next(g for g in _review(repo.root)["goals"] if g["id"] == "cat-empathy")["outcome"] == "open"
    assert next(g for g in _review(repo.root, "--at", tag[:10])["goals"] if g["id"] == "cat-empathy")["outcome"] == "missed"
    out = CliRunner().invoke(cli, ["review", "2027-Q1", "--root", str(repo.root), "--at", "no-such-tag"])
    assert out.exit_code == 2 and "unknown revision" in out.output


def test_the_site_review_page_scores_against_the_promise_from_git(tmp_path):
    import datetime as _dt

    from truenorth.check import run_check
    from truenorth.config import load_config
    from truenorth.export import promises_of
    from truenorth.site import build_pages

    repo = _repo(tmp_path)
    repo.commit("plan the quarter", _cat(80), date="2026-12-15T10:00:00+00:00")
    repo.commit("lower the bar", _cat(70, current=68, status="partial"), date="2027-03-02T10:00:00+00:00",
                author="Bob Example")
    result = run_check(load_config(repo.root))
    page = build_pages(result, _dt.date(2027, 4, 2), promises=promises_of(repo.root, result))["cascade/reviews/2027-Q1.md"]
    assert "as it was promised" in page and "80 → 70 on 2027-03-02" in page and "Bob Example" in page
    assert "score 0.40" in page
    without = build_pages(result, _dt.date(2027, 4, 2))["cascade/reviews/2027-Q1.md"]
    assert "current targets" in without and "score 0.80" in without


def test_check_at_a_revision_honours_select_ignore_and_strict(tmp_path):
    repo = _repo(tmp_path)
    old = CAT.format(target=80, current=65, status="active", extra="").replace("period: 2027-Q1", "period: 2025-Q1")
    sha = repo.commit("a goal whose period ended long ago", {"goals/people/cat.yaml": old})
    def run(*args):
        return CliRunner().invoke(cli, ["check", "--at", sha, "--root", str(repo.root), "--format", "json", *args])
    plain = run()
    assert plain.exit_code == 0 and '"TN140"' in plain.output
    assert run("--strict").exit_code == 1
    ignored = run("--strict", "--ignore", "TN140")
    assert ignored.exit_code == 0 and '"TN140"' not in ignored.output
    assert '"TN140"' not in run("--select", "TN1", "--ignore", "period-ended-open").output
