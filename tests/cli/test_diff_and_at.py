"""`truenorth diff` and `--at REV` on check, tree and status, on a goals repository whose commits the test makes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.conftest import make_org
from tests.git.helpers import GitRepo
from truenorth.cli import cli

ANN_BROKEN = """person:
  id: ann
  name: Ann Example
  department: ops
goals:
  - id: ann-lead
    title: Take calls one morning a month
    supports: [ops-missing]
    owner: ann
"""

ANN_FIXED = ANN_BROKEN.replace("[ops-missing]", "[ops-first-contact]")


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def history(tmp_path):
    """main: the valid organisation with ann-lead linked to a goal that does not exist (rev one);
    branch `change` (checked out): one commit that re-links, re-titles, re-owns, moves a target,
    retires, adds and removes goals (rev two)."""
    root = make_org(tmp_path, files={"goals/people/ann.yaml": ANN_BROKEN})
    repo = GitRepo(root)
    one = repo.commit("the organisation")
    repo.git("checkout", "-q", "-b", "change")
    goals = root / "goals"
    (goals / "people" / "ann.yaml").write_text(ANN_FIXED, encoding="utf-8")
    _edit(goals / "corporate.yaml", "target: 80", "target: 75")
    _edit(goals / "departments" / "ops.yaml", "title: Weekly coaching for every agent",
          "title: \"Coaching | every week <b>@team</b>\"")
    _edit(goals / "departments" / "ops.yaml", "    owner: ann\n    period: 2027-H1", "    owner: bob\n    period: 2027-H1")
    _edit(goals / "people" / "bob.yaml", "supports: [team-callbacks]", "supports: [team-gone]")
    _edit(goals / "people" / "cat.yaml", "    owner: cat\n", "    owner: cat\n  - id: cat-new\n    title: Ask twice\n"
          "    supports: [team-callbacks]\n    owner: cat\n  - id: cat-secret\n    title: Secret plan\n"
          "    supports: [team-callbacks]\n    owner: cat\n    visibility: private\n")
    two = repo.commit("change the cascade", date="2027-02-01T09:00:00+00:00")
    return root, repo, one, two


def run(*args, root):
    return CliRunner().invoke(cli, [*args, "--root", str(root)], catch_exceptions=False)


def test_diff_names_relinks_moved_targets_line_of_sight_and_findings(history):
    root, _repo, one, two = history
    done = run("diff", one, two, root=root)
    assert done.exit_code == 0, done.output
    out = done.output
    assert out.startswith(f"Cascade diff {one[:7]} → {two[:7]}: ")
    assert "Goals added (2)\n  cat-new: Ask twice (cat), individual goal\n  1 private goal\n" in out
    assert "Secret plan" not in out and "cat-secret" not in out
    assert "Re-linked (parents before → after) (2)" in out
    assert "  ann-lead: Take calls one morning a month: ops-missing → ops-first-contact" in out
    assert "  bob-callbacks: Same-day callbacks: team-callbacks → team-gone" in out
    assert "  corp-satisfaction: Customers rate us highly: csat: target 80% → 75%" in out
    assert "  ops-coaching: 'Weekly coaching for every agent' → 'Coaching | every week <b>@team</b>'" in out
    assert "Re-owned (1)\n  ops-first-contact: Solve it on the first contact: ann → bob" in out
    assert ("Goals that gain their line of sight to the vision (1)\n"
            "  ann-lead: Take calls one morning a month (ann), individual goal") in out
    assert ("Goals that lose their line of sight to the vision (1)\n"
            "  bob-callbacks: Same-day callbacks (bob), individual goal") in out
    assert "Traced to the vision: 88% (7/8) → 90% (9/10)" in out
    introduced = out.split("Findings introduced")[1].split("Findings fixed")[0]
    fixed = out.split("Findings fixed")[1]
    assert "goals/people/bob.yaml:" in introduced and "team-gone" in introduced
    assert "goals/people/ann.yaml:" in fixed and "ops-missing" in fixed and "team-gone" not in fixed


def test_diff_json_and_markdown_say_the_same_and_markdown_cannot_be_broken_by_a_title(history):
    root, _repo, one, two = history
    data = json.loads(run("diff", one, two, "--format", "json", root=root).output)
    assert data["goalposts"] == [{"id": "corp-satisfaction", "title": "Customers rate us highly", "owner": "ann",
                                  "level": "corporate goal", "metric": "csat", "unit": "%", "field": "target",
                                  "before": 80, "after": 75}]
    assert [(e["id"], e["before"], e["after"]) for e in data["relinked"]] == [
        ("ann-lead", ["ops-missing"], ["ops-first-contact"]), ("bob-callbacks", ["team-callbacks"], ["team-gone"])]
    assert data["private"] == {"added": 1}
    assert data["traced"]["before"] == {"traced": 7, "goals": 8, "share": 0.875}
    assert [g["id"] for g in data["gained_sight"]] == ["ann-lead"]
    assert [g["id"] for g in data["lost_sight"]] == ["bob-callbacks"]

    markdown = run("diff", one, two, "--format", "markdown", root=root).output
    assert markdown.startswith(f"### Cascade diff `{one[:7]}` → `{two[:7]}`")
    assert "| corp-satisfaction: Customers rate us highly | csat | target 80% → **75%** |" in markdown.replace("\\", "")
    row = next(line for line in markdown.splitlines() if "Coaching" in line)
    assert row.count("|") - row.count("\\|") == 4  # the title's | cannot open a cell
    assert "<b>" not in row and "@team" not in row and "\\<b\\>" in row
    assert "Secret plan" not in markdown


def test_diff_defaults_to_the_merge_base_and_the_working_tree(history):
    root, _repo, one, _two = history
    _edit(root / "goals" / "people" / "cat.yaml", "title: Ask twice", "title: Ask three times")
    out = run("diff", root=root).output
    assert out.startswith(f"Cascade diff {one[:7]} → working tree: ")
    assert "  cat-new: Ask three times (cat), individual goal" in out


def test_diff_outside_a_repository_or_for_an_unknown_revision_exits_2_with_one_line(history, tmp_path):
    root, _repo, one, _two = history
    for args in (("diff", "nope"), ("diff", one, "v9.9")):
        done = CliRunner().invoke(cli, [*args, "--root", str(root)])
        assert done.exit_code == 2
        assert done.output.strip().count("\n") == 0 and "unknown revision" in done.output
    plain = make_org(tmp_path / "plain")
    done = CliRunner().invoke(cli, ["diff", "--root", str(plain)])
    assert done.exit_code == 2 and "not inside a git repository" in done.output
    done = CliRunner().invoke(cli, ["check", "--at", "HEAD", "--root", str(plain)])
    assert done.exit_code == 2 and "not inside a git repository" in done.output


def test_check_at_a_revision_reports_that_tree_with_repository_paths_and_leaves_the_cache_alone(history):
    root, _repo, one, _two = history
    cache = os.environ["TRUENORTH_CACHE_DIR"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    now = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root)], capture_output=True,
                         text=True, env=env)
    assert now.returncode == 1 and "team-gone" in now.stdout  # recorded in the cache for the working tree
    recorded = sorted(os.listdir(cache))
    before = {p: os.stat(os.path.join(cache, p)).st_mtime_ns for p in recorded}
    past = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), "--at", one],
                          capture_output=True, text=True, env=env)
    assert past.returncode == 1, past.stderr
    assert "goals/people/ann.yaml:" in past.stdout and "ops-missing" in past.stdout
    assert "team-gone" not in past.stdout
    assert sorted(os.listdir(cache)) == recorded
    assert {p: os.stat(os.path.join(cache, p)).st_mtime_ns for p in recorded} == before
    again = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root)], capture_output=True,
                           text=True, env=env)
    assert again.stdout == now.stdout
    data = json.loads(run("check", "--at", "main", "--format", "json", root=root).output)
    assert {f["path"] for f in data["findings"] if f["severity"] == "error"} == {"goals/people/ann.yaml"}


def test_at_reads_a_truenorth_root_below_the_repository_top(tmp_path):
    top = tmp_path / "top"
    root = make_org(top, files={"goals/people/ann.yaml": ANN_BROKEN})
    (root / "pyproject.toml").write_text("[tool.truenorth]\ngoals_dir = \"goals\"\n", encoding="utf-8")
    repo = GitRepo(top)
    first = repo.commit("org in a subfolder")
    (root / "goals" / "people" / "ann.yaml").write_text(ANN_FIXED, encoding="utf-8")
    done = run("check", "--at", first, root=root)
    assert done.exit_code == 1 and "goals/people/ann.yaml:" in done.output and "org/goals" not in done.output
    assert run("check", root=root).exit_code == 0


def test_tree_and_status_at_a_revision(history):
    root, _repo, one, _two = history
    tree = run("tree", "--at", one, root=root).output
    assert "cat-new" not in tree and "1 goal does not trace to the vision: ann-lead" in tree
    assert "cat-new" in run("tree", root=root).output
    status = json.loads(run("status", "--at", one, "--format", "json", "--today", "2027-12-31", root=root).output)
    assert status["unknown_last_update"] == 0  # the revision's commit dates are known
    assert status["stale"] and {(s["last_update"], s["source"]) for s in status["stale"]} == {("2027-01-04", "git")}
    assert "cat-new" not in {s["id"] for s in status["stale"]}


@pytest.mark.parametrize("workers", [False, True])
def test_trees_checked_together_reuse_parses_and_give_the_answers_of_separate_checks(history, monkeypatch, workers):
    from truenorth.revision import SharedParses, check_at, check_here, check_revisions

    root, _repo, one, two = history
    _edit(root / "goals" / "people" / "cat.yaml", "title: Ask twice", "title: Ask again")
    if workers:  # the worker processes' path, on a small organisation
        monkeypatch.setattr("truenorth.load.organisation.PARALLEL_MIN_FILES", 2)
    parses = SharedParses()
    together = [*check_revisions(root, [one, two], parses=parses, jobs=2 if workers else 1),
                check_here(root, parses=parses, jobs=2 if workers else 1)]
    apart = [check_at(root, one, jobs=1), check_at(root, two, jobs=1), check_here(root, jobs=1)]
    for a, b in zip(together, apart):
        assert a.result.findings == b.result.findings
        assert a.result.org.goals == b.result.org.goals and a.result.traced == b.result.traced
        assert a.result.summary == b.result.summary
    assert together[2].result.org.goals["cat-new"].title == "Ask again"
    assert together[0].result.org.goals["ann-lead"].supported_ids == ["ops-missing"]


def test_diff_from_a_revision_before_there_were_goals_lists_them_all_as_added(tmp_path):
    root = make_org(tmp_path)
    goals = root / "goals"
    goals.rename(tmp_path / "later")
    repo = GitRepo(root)
    repo.write({"README.md": "a repository without goals yet\n"})
    empty = repo.commit("no goals yet")
    (tmp_path / "later").rename(goals)
    data = json.loads(run("diff", empty, "--format", "json", root=root).output)
    assert len(data["added"]) == 8 and data["traced"]["before"] == {"traced": 0, "goals": 0, "share": 1.0}
    done = CliRunner().invoke(cli, ["check", "--at", empty, "--root", str(root)])
    assert done.exit_code == 2 and "no goals folder goals/ at revision" in done.output


def test_a_link_whose_target_changed_is_read_again_in_the_second_revision(tmp_path):
    from truenorth.revision import SharedParses, check_revisions

    root = make_org(tmp_path)
    people = root / "goals" / "people"
    (people / "shared").mkdir()
    (people / "cat.yaml").rename(people / "shared" / "cat.yaml")
    (people / "cat.yaml").symlink_to("shared/cat.yaml")  # a link to a file inside the goals folder is that file
    repo = GitRepo(root)
    one = repo.commit("one", remove=())
    _edit(people / "shared" / "cat.yaml", "title: Listen first", "title: Listen twice")
    two = repo.commit("two")
    _before, after = check_revisions(root, [one, two], parses=SharedParses(), jobs=1)
    alone = check_revisions(root, [two], jobs=1)[0]
    assert after.result.findings == alone.result.findings
    assert after.result.org.goals == alone.result.org.goals
