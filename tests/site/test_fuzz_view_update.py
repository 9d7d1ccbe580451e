"""site/view_update.py: after random edits of the sample organisation, the view made from the last one
equals a fresh build_view (assessments, what is owed, readings, findings, every index)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.site.reach_helpers import TODAY, edit, missed, sample
from tests.site.test_fuzz_reach import KINDS as REACH_KINDS
from tests.site.test_fuzz_reach import _person_files, _sub
from tests.site.test_fuzz_reach import apply as apply_reach_edit
from truenorth import export
from truenorth.config import load_config, playbook_plays
from truenorth.live import LiveCheck
from truenorth.site import view_page_jobs
from truenorth.site.reach import pages_reached
from truenorth.site.view import build_view
from truenorth.site.view_update import update_view

SKIPPED = {"basis", "_chains", "org", "graph"}
FOLLOWED: list[bool] = []  # per edit: whether update_view followed it (not build_view whole)


def assert_same_view(made, fresh) -> None:
    for f in dataclasses.fields(fresh):
        if f.name in SKIPPED:
            continue
        a, b = getattr(made, f.name), getattr(fresh, f.name)
        assert a == b, f.name
        if isinstance(b, dict):
            assert list(a) == list(b), f"{f.name}: order"
    assert made.org is fresh.org
    assert sorted(made.graph.edges(data=True)) == sorted(fresh.graph.edges(data=True))
    for goal_id, goal in fresh.goals.items():
        assert made.goals[goal_id] is goal  # the new objects, not equal old ones
    # (pages tell things apart by identity: every goal, person and department is the organisation's own object)
    org = fresh.org
    for name in ("goals_of_department", "goals_of_person", "goals_owned_by", "goals_of_metric", "goals_of_play"):
        for goals in getattr(made, name).values():
            assert all(org.goals[goal.id] is goal for goal in goals), name
    assert all(org.goals[goal.id] is goal for goal in [*made.corporate, *made.other_goals])
    for people in made.people_of_department.values():
        assert all(org.people[person.id] is person for person in people)
    for departments in made.subdepartments.values():
        assert all(org.departments[dept.id] is dept for dept in departments)
    assert made.vision is org.vision


class Views:
    """The organisation at root, checked as the preview checks it; each edit's view made both ways, and
    the pages made from each."""

    def __init__(self, root: Path) -> None:
        self.live = LiveCheck(root)
        self.plays = {play: play for play in sorted(playbook_plays(load_config(root).playbook_path) or ())}
        self.result = self.check()
        self.view = build_view(self.result, TODAY, self.plays)
        self.pages = self.pages_of(self.view)

    def check(self):
        return self.live.check()

    def pages_of(self, view) -> dict[str, str]:
        jobs, _ = view_page_jobs(view, plays=self.plays)
        return {path: make() for path, make in jobs}

    def after_edit(self):
        result = self.result = self.check()
        made = update_view(self.view, result, TODAY, self.plays)
        fresh = build_view(result, TODAY, self.plays)
        assert_same_view(made, fresh)
        pages = self.pages_of(made)  # (the review pages: from the last view's reviews where they can)
        assert pages == self.pages_of(fresh)
        assert reviews(made) == reviews(fresh)
        # and site/reach.py, told by the view which goals may differ, reaches every page that changed
        changed = {path for path in pages.keys() | self.pages.keys() if pages.get(path) != self.pages.get(path)}
        assert missed(changed, pages_reached(self.view, made)) == []
        self.view, self.pages = made, pages
        FOLLOWED.append(bool(made.basis.get("followed")))
        return made


def reviews(view) -> dict:
    """The reviews of the periods (analysis.review.Review) the review pages were made from."""
    store = view.basis.get("reviews", {})
    return {key: found for key, found in store.items() if key.startswith("review:period=")}


def apply(root: Path, kind: str, a: int, b: int) -> None:
    people = _person_files(root)
    person = people[a % len(people)]
    files = people + [root / "goals/corporate.yaml"] + sorted((root / "goals/departments").glob("*.yaml"))
    anywhere = files[a % len(files)]
    if kind == "period":
        _sub(anywhere, r"^    period: .*$", lambda m: "    period: " + ["2027-Q1", "2027-H2", "2026", "2027-Q3"][b % 4], b)
    elif kind == "no-period":
        _sub(anywhere, r"^    period: .*\n", lambda m: "", b)
    elif kind == "status":
        _sub(anywhere, r"^    title: .*$", lambda m: m.group(0) + "\n    status: "
             + ["achieved", "partial", "missed", "dropped"][b % 4], b)
    elif kind == "target":
        _sub(anywhere, r"^        target: .*$", lambda m: f"        target: {b % 200}", b)
    elif kind == "current-anywhere":
        _sub(anywhere, r"^        current: .*$", lambda m: f"        current: {b % 150}", b)
    elif kind == "weight":
        goals = re.findall(r"^  - id: (\S+)$", (root / "goals/corporate.yaml").read_text(encoding="utf-8"), re.M)
        _sub(person, r"^    supports: .*$",
             lambda m: f"    supports:\n      - goal: {goals[b % len(goals)]}\n        weight: {1 + b % 3}", b)
    elif kind == "drop-goal":
        text = person.read_text(encoding="utf-8")
        items = list(re.finditer(r"^  - id: .*?(?=^  - id: |\Z)", text, flags=re.M | re.S))
        if len(items) > 1:
            m = items[b % len(items)]
            person.write_text(text[:m.start()] + text[m.end():], encoding="utf-8")
    else:
        apply_reach_edit(root, kind, a, b)


KINDS = [*REACH_KINDS, "period", "no-period", "status", "target", "current-anywhere", "weight", "drop-goal"]


def rolled_up(root: Path) -> None:
    """The departments' and corporate goals without key results: their progress is their supporters'
    (analysis.rollup), up to the vision, so that an edit below moves the goals above it."""
    for path in [root / "goals/corporate.yaml", *sorted((root / "goals/departments").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^    key_results:\n(?:      .*\n|\s*\n)*", "", text, flags=re.M), encoding="utf-8")


@settings(max_examples=30)
@given(edits=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000), st.integers(0, 10_000)),
                      min_size=1, max_size=4), rollup=st.booleans())
def test_random_edits_view_made_from_the_last_equals_a_fresh_one(tmp_path_factory, edits, rollup):
    root = tmp_path_factory.mktemp("fuzz-view") / "repo"
    sample(root)
    if rollup:
        rolled_up(root)
    views = Views(root)
    try:
        for kind, a, b in edits:
            apply(root, kind, a, b)
            views.after_edit()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_an_edited_title_current_value_and_period_are_followed_not_built_again(tmp_path):
    """The common edits take the short way (the view says which goals it worked out again), and still equal
    a fresh view: a title, a current value (its goal and those above it assessed again), a period (the goals
    below it too)."""
    root = sample(tmp_path / "repo")
    views = Views(root)
    person = _person_files(root)[3]
    edit(person, r"^    title: .*$", "    title: A new title")
    made = views.after_edit()
    assert made.basis.get("followed"), "a title edit is followed"
    assert made.basis["reassessed"] == [made.vision.id]  # (nothing else changed its assessment)
    edit(person, r"^        current: .*$", "        current: 1")
    made = views.after_edit()
    assert made.basis.get("followed")
    edit(root / "goals/corporate.yaml", r"^    period: .*$", "    period: 2027-Q3")
    made = views.after_edit()
    assert made.basis.get("followed")
    assert "corp-solve-first-time" in made.basis["reassessed"]


def test_the_random_edits_mostly_take_the_short_way():
    """(Run after the fuzz test above, in this module's order) the fuzz compared views made the short way."""
    if len(FOLLOWED) < 10:
        return  # (the fuzz test was not run: deselected)
    assert sum(FOLLOWED) >= len(FOLLOWED) // 4, FOLLOWED


def _git(root: Path, *args: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], cwd=root, env=env,
                   check=True, capture_output=True)


class GitViews(Views):
    """Views, with the key results' readings and the promised targets read from git, as a site build reads them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(root)

    def check(self):
        return export.check_root(self.root, self.live)

    def pages_of(self, view) -> dict[str, str]:
        jobs, _ = view_page_jobs(view, plays=self.plays, promises=export.promises_of(self.root, self.result))
        return {path: make() for path, make in jobs}


def test_readings_and_promised_targets_from_git_follow_an_edit(tmp_path):
    """With history in git (readings of key results without check-ins, targets as promised), the view and the
    review pages made from the last ones still equal fresh ones."""
    root = sample(tmp_path / "repo")
    person = root / "goals/people/contact-centre-business/laila-hassan.yaml"
    _git(root, "init", "-q", date="2027-01-04T10:00:00")
    _git(root, "add", "-A", date="2027-01-04T10:00:00")
    _git(root, "commit", "-q", "-m", "goals", date="2027-01-04T10:00:00")
    edit(person, r"^        current: .*$", "        current: 79")
    edit(person, r"^        target: .*$", "        target: 85")
    _git(root, "commit", "-q", "-am", "progress, and a target moved", date="2027-03-01T10:00:00")
    views = GitViews(root)
    assert any(key[0].startswith("laila-hassan") for key in views.view.history)  # (the readings from git)
    edit(person, r"^    title: .*$", "    title: Lift my web-chat CSAT, retitled")
    made = views.after_edit()
    assert made.basis.get("followed")
    edit(person, r"^        current: .*$", "        current: 80")
    made = views.after_edit()
    assert made.basis.get("followed")
    _git(root, "commit", "-q", "-am", "more progress", date="2027-04-01T10:00:00")  # (new readings in git)
    views.after_edit()
