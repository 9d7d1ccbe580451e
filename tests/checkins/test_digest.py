"""`truenorth digest` and the site's What changed page and Atom feed, on a git repository the test makes
(fixed dates and authors): goals added, achieved, retired, re-linked, key results that moved with their
notes, status changes, goals gone stale, who is overdue; private goals counted, never named."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.dom.minidom

import pytest
from click.testing import CliRunner

from tests.conftest import VALID_ORG
from tests.git.helpers import GitRepo
from truenorth import export
from truenorth.cli import cli
from truenorth.report.escape import markdown_text
from truenorth.site import build_pages

CAT = """person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    updated: 2027-05-01
    key_results:
      - metric: csat
        baseline: 70
        target: 80
        check_ins:
          - {{date: 2027-04-01, value: 72, confidence: high}}
{more}"""
NEW_GOAL = """  - id: cat-new
    title: A <b>new</b> goal
    supports: [team-callbacks]
    owner: cat
    updated: 2027-05-10
  - id: cat-secret
    title: Secret plan
    supports: [team-callbacks]
    owner: cat
    visibility: private
"""
TODAY = dt.date(2027, 5, 15)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUENORTH_TODAY", TODAY.isoformat())
    git = GitRepo(tmp_path / "repo")
    shutil.copytree(VALID_ORG, git.root, dirs_exist_ok=True)
    git.commit("the organisation", {"goals/people/cat.yaml": CAT.format(more="")}, date="2027-04-02T09:00:00+00:00")
    git.tag = git.git("rev-parse", "HEAD").strip()
    ann = (VALID_ORG / "goals/people/ann.yaml").read_text().replace("supports: [ops-coaching]", "supports: [ops-first-contact]")
    bob = (VALID_ORG / "goals/people/bob.yaml").read_text().replace("    period: 2027-Q1\n", "    period: 2027-Q1\n    status: achieved\n")
    cat = CAT.format(more="          - {date: 2027-05-08, value: 75, confidence: low, note: \"Rota <script> change\"}\n"
                     + NEW_GOAL)
    git.commit("a week of changes", {"goals/people/ann.yaml": ann, "goals/people/bob.yaml": bob,
                                     "goals/people/cat.yaml": cat}, date="2027-05-12T09:00:00+00:00")
    return git


def digest(repo, *args):
    return CliRunner().invoke(cli, ["digest", "--root", str(repo.root), "--since", repo.tag, *args],
                              catch_exceptions=False)


def test_the_digest_names_every_kind_of_change(repo):
    result = digest(repo, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["base"] == repo.tag and data["today"] == "2027-05-15"
    kinds = {(c["kind"], c["goal"]) for c in data["changes"]}
    assert ("added", "cat-new") in kinds
    assert ("achieved", "bob-callbacks") in kinds
    assert ("relinked", "ann-lead") in kinds
    moved = next(c for c in data["changes"] if c["kind"] == "moved")
    assert moved["goal"] == "cat-empathy" and moved["text"] == "csat: 72% -> 75% (target 80%)"
    assert moved["notes"] == ["2027-05-08: Rota <script> change"]
    status = next(c for c in data["changes"] if c["kind"] == "status" and c["goal"] == "cat-empathy")
    assert "-> off-track" in status["text"]  # the low confidence of the new check-in
    assert all(c["goal"] != "cat-secret" and "Secret" not in c["title"] for c in data["changes"])
    assert data["private"] == 1


def test_stale_and_overdue(repo):
    # judged on 2027-06-20, cat-empathy's last check-in (2027-05-08) is 43 days old: it went stale (on
    # track at the base, 2027-04-02, by the check-in of the day before); cat-new is overdue too
    later = CliRunner().invoke(cli, ["digest", "--root", str(repo.root), "--since", repo.tag, "--today", "2027-06-20",
                                     "--format", "json"], catch_exceptions=False)
    data = json.loads(later.output)
    stale = {c["goal"] for c in data["changes"] if c["kind"] == "stale"}
    assert "cat-empathy" in stale
    overdue = [c for c in data["changes"] if c["kind"] == "overdue"]
    assert overdue and overdue[0]["person"] == "cat"
    assert overdue[0]["text"] == "2 overdue check-ins: cat-empathy, cat-new"


def test_markdown_and_text_escape_what_users_wrote(repo):
    md = digest(repo).output
    assert md.startswith(f"## What changed since {repo.tag}")
    assert markdown_text("A <b>new</b> goal") in md and "**Goals added (1)**" in md
    assert "  - note 2027-05-08: Rota <script> change" in md.replace("\\", "") and "\\<script\\>" in md
    text = digest(repo, "--format", "text").output
    assert "Goals added (1)" in text and "A <b>new</b> goal [cat-new] (cat)" in text


def test_since_days_takes_the_last_commit_before_the_window(repo):
    from truenorth.git import Repository
    from truenorth.timeline.digest import base_revision

    git = Repository.discover(repo.root)
    now = dt.datetime(2027, 5, 15, tzinfo=dt.timezone.utc)
    assert base_revision(git, "7d", now)[0] == repo.tag
    assert base_revision(git, "60d", now)[0] is None  # before the first commit: everything is new
    assert base_revision(git, "1d", now)[0] == git.resolve("HEAD")


def test_a_bad_revision_exits_2(repo):
    result = CliRunner().invoke(cli, ["digest", "--root", str(repo.root), "--since", "no-such-tag"])
    assert result.exit_code == 2 and "no-such-tag" in result.output


def test_the_site_has_a_what_changed_page_and_a_valid_atom_feed(repo):
    result = export.check_root(repo.root)
    export.site_digest(repo.root, result, TODAY, since=repo.tag)
    pages = build_pages(result, TODAY)
    page = pages["changes.md"]
    assert "## Goals added (1)" in page and "A &lt;b&gt;new&lt;/b&gt; goal" in page
    assert "Rota &lt;script&gt; change" in page and "<script>" not in page and "Secret plan" not in page
    feed = export.feed_of(result, TODAY, "https://goals.example.org/")
    dom = xml.dom.minidom.parseString(feed)
    root = dom.documentElement
    assert root.tagName == "feed" and root.getAttribute("xmlns") == "http://www.w3.org/2005/Atom"
    for name in ("id", "title", "updated"):
        assert root.getElementsByTagName(name)
    entries = root.getElementsByTagName("entry")
    assert len(entries) == len(result.digest.changes)
    ids = [e.getElementsByTagName("id")[0].firstChild.data for e in entries]
    assert len(set(ids)) == len(ids)
    contents = [e.getElementsByTagName("content")[0].firstChild.data for e in entries]
    assert any("note 2027-05-08: Rota <script> change" in c for c in contents)  # escaped in the XML, text again
    assert "Secret" not in feed


def test_digest_answers_on_the_sample():
    result = CliRunner().invoke(cli, ["digest", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["today"] == "2027-05-15"
