"""Key-result history from git, on a repository the test makes (fixed dates and authors): each commit
that changed a key result's `current` is a reading with the commit's date and author; key results with
check-ins keep their check-ins; the answer is the same from the cache; and the site draws it."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from tests.conftest import VALID_ORG
from tests.git.helpers import GitRepo
from truenorth.analysis.history import as_of, key_result_history
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.export import check_root
from truenorth.site import build_pages
from truenorth.timeline.history import read_history

BOB = """person:
  id: bob
  name: Bob Example
  department: ops-team
goals:
  - id: bob-callbacks
    title: Same-day callbacks
    supports: [team-callbacks]
    owner: bob
    period: 2027-Q1
    key_results:
      - metric: aht
        baseline: 9
        target: {target}
        current: {aht}
      - metric: csat
        baseline: 70
        target: 80
{csat}"""


def bob(aht, target=8, csat=""):
    return BOB.format(aht=aht, target=target, csat=csat)


@pytest.fixture
def repo(tmp_path):
    git = GitRepo(tmp_path / "repo")
    shutil.copytree(VALID_ORG, git.root, dirs_exist_ok=True)
    git.commit("the organisation", date="2027-01-04T09:00:00+00:00")
    git.commit("aht 8.8", {"goals/people/bob.yaml": bob(8.8)}, date="2027-01-11T10:00:00+00:00", author="Bob Example")
    git.commit("a title, nothing measured", {"goals/people/bob.yaml": bob(8.8).replace("Same-day", "Same day")},
               date="2027-01-18T10:00:00+00:00")
    git.commit("aht 8.5, target moved", {"goals/people/bob.yaml": bob(8.5, target=7.5)},
               date="2027-02-01T10:00:00+00:00", author="Ann Example")
    git.commit("csat checked in", {"goals/people/bob.yaml": bob(8.5, target=7.5, csat=(
        "        check_ins:\n          - {date: 2027-02-02, value: 72}\n"))}, date="2027-02-03T10:00:00+00:00")
    return git


def test_each_commit_that_changed_current_is_a_reading_with_its_date_and_author(repo):
    org = run_check(load_config(repo.root)).org
    history = read_history(repo.root, "goals", org)
    aht = history[("bob-callbacks", 0)]
    # the first commit had current 8.5 (the fixture's): then 8.8, (a title change: no reading), 8.5
    assert [(r.date, r.value, r.by, r.note) for r in aht] == [
        (dt.date(2027, 1, 4), 8.5, "Ana Lima", "the organisation"),
        (dt.date(2027, 1, 11), 8.8, "Bob Example", "aht 8.8"),
        (dt.date(2027, 2, 1), 8.5, "Ann Example", "aht 8.5, target moved")]
    assert [r.target for r in aht] == [8, 8, 7.5]
    assert all(r.source == "git" and len(r.commit) == 7 for r in aht)
    # the target as promised at the period's start (the reusable question): 8, though it is 7.5 now
    assert as_of(aht, dt.date(2027, 1, 1)) is None and as_of(aht, dt.date(2027, 1, 15)).target == 8
    # a key result with check-ins keeps them; git is not asked for it
    assert ("bob-callbacks", 1) not in history
    goal = org.goals["bob-callbacks"]
    assert [(r.date, r.value, r.source) for r in key_result_history(goal, 1, history)] == [(dt.date(2027, 2, 2), 72, "check-in")]


def test_the_history_is_the_same_from_the_cache_and_after_a_new_commit(repo):
    org = run_check(load_config(repo.root)).org
    first = read_history(repo.root, "goals", org)
    assert read_history(repo.root, "goals", org) == first
    repo.commit("aht 8.1", {"goals/people/bob.yaml": bob(8.1, target=7.5, csat=(
        "        check_ins:\n          - {date: 2027-02-02, value: 72}\n"))}, date="2027-02-10T10:00:00+00:00")
    org = run_check(load_config(repo.root)).org
    again = read_history(repo.root, "goals", org)
    assert [r.value for r in again[("bob-callbacks", 0)]] == [8.5, 8.8, 8.5, 8.1]


def test_outside_git_there_is_no_history(tmp_path):
    root = tmp_path / "org"
    shutil.copytree(VALID_ORG, root)
    assert read_history(root, "goals", run_check(load_config(root)).org) == {}


def test_the_site_draws_the_git_history(repo):
    result = check_root(repo.root)
    pages = build_pages(result, dt.date(2027, 3, 1))
    bob_page = pages["cascade/people/bob.md"]
    assert "(from the history of its file in git)" in bob_page
    assert "8.5 min on 2027-01-04, 8.8 min on 2027-01-11, 8.5 min on 2027-02-01" in bob_page


def test_any_yaml_style_is_read(tmp_path):
    """Flow-style key results (and a goal written with its id last) are read as well as the block style."""
    git = GitRepo(tmp_path / "repo")
    shutil.copytree(VALID_ORG, git.root, dirs_exist_ok=True)
    flow = ("person: {id: bob, name: Bob Example, department: ops-team}\ngoals:\n"
            "  - title: Same-day callbacks\n    supports: [team-callbacks]\n    owner: bob\n    period: 2027-Q1\n"
            "    key_results: [{metric: aht, baseline: 9, target: 8, current: %s}]\n    id: bob-callbacks\n")
    git.commit("one", {"goals/people/bob.yaml": flow % "8.9"}, date="2027-01-04T09:00:00+00:00")
    git.commit("two", {"goals/people/bob.yaml": flow % "8.4"}, date="2027-01-20T09:00:00+00:00")
    org = run_check(load_config(git.root)).org
    assert [(r.date, r.value) for r in read_history(git.root, "goals", org)[("bob-callbacks", 0)]] == [
        (dt.date(2027, 1, 4), 8.9), (dt.date(2027, 1, 20), 8.4)]
