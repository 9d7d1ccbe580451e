"""One broken file, findings in that file (issue 18, item 4): what follows only from a file that could not
be read is folded into one note on it, counted, its locations kept as `related` (truenorth.absence)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import FAILING
from truenorth.cli import cli

BROKEN_DEPARTMENT = FAILING / "tn001-broken-department"  # ops-team.yaml: a key indented one space too far


def check(root, *args):
    return CliRunner().invoke(cli, ["check", "--root", str(root), *args])


def test_a_broken_department_file_is_the_only_file_with_findings(org_factory):
    root = org_factory(BROKEN_DEPARTMENT)
    out = check(root, "--format", "json")
    assert out.exit_code == 1
    report = json.loads(out.output)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("goals/departments/ops-team.yaml", "TN001")]
    note = report["findings"][0]
    assert "3 files name this department or its goals: their 7 findings wait until this file reads" in note["message"]
    # what waits: bob's and cat's department (TN108), their goals' links to team-callbacks (TN102), the goals
    # (TN101), and the ops goal team-callbacks supported, which has nothing else to show its progress (TN204)
    assert sorted((r["path"], r["line"]) for r in note["related"]) == [
        ("goals/departments/ops.yaml", 6), ("goals/people/bob.yaml", 4), ("goals/people/bob.yaml", 6), ("goals/people/bob.yaml", 8),
        ("goals/people/cat.yaml", 4), ("goals/people/cat.yaml", 6), ("goals/people/cat.yaml", 8)]
    assert report["summary"]["errors"] == 1


def test_github_annotations_only_on_the_broken_file(org_factory):
    out = check(org_factory(BROKEN_DEPARTMENT), "--format", "github")
    annotations = [line for line in out.output.splitlines() if line.startswith("::")]
    assert len(annotations) == 1 and "file=goals/departments/ops-team.yaml," in annotations[0]


def test_the_findings_come_back_once_the_file_reads(org_factory):
    """Nothing is lost: with the typo fixed, a person who names a department that really is missing is reported."""
    root = org_factory(BROKEN_DEPARTMENT)
    (root / "goals/departments/ops-team.yaml").write_text(
        (root / "goals/departments/ops-team.yaml").read_text().replace("   name:", "  name:").replace("id: ops-team", "id: ops-tea"),
        encoding="utf-8")
    codes = {(f["path"], f["code"]) for f in json.loads(check(root, "--format", "json").output)["findings"]}
    assert ("goals/people/bob.yaml", "TN108") in codes and ("goals/departments/ops-team.yaml", "TN009") in codes


def test_what_does_not_follow_from_the_absence_is_still_reported(org_factory):
    """ann is in another department: her dangling link is her own mistake, not the broken file's."""
    ann = ("person:\n  id: ann\n  name: Ann Example\n  department: ops\ngoals:\n"
           "  - id: ann-lead\n    title: Take calls\n    supports: [ops-coachign]\n    owner: ann\n")
    out = check(org_factory(BROKEN_DEPARTMENT, {"goals/people/ann.yaml": ann}), "--format", "json")
    found = {(f["path"], f["code"]) for f in json.loads(out.output)["findings"]}
    assert found == {("goals/departments/ops-team.yaml", "TN001"), ("goals/people/ann.yaml", "TN102"),
                     ("goals/people/ann.yaml", "TN101")}


@pytest.mark.parametrize(("broken", "expected_note"), [
    # bob heads ops-team and owns team-callbacks, both in ops-team.yaml
    ("goals/people/bob.yaml", "1 file names this person: its 2 findings wait"),
    ("goals/metrics.yaml", "files use its metrics"),
    ("goals/corporate.yaml", "files support its goals"),
])
def test_other_kinds_of_file(org_factory, broken, expected_note):
    out = check(org_factory(files={broken: "key: [unclosed\n"}), "--format", "json")
    findings = json.loads(out.output)["findings"]
    assert {f["path"] for f in findings} == {broken}, findings
    assert expected_note in findings[0]["message"] and findings[0]["related"]


def test_a_file_left_out_for_a_schema_error_keeps_its_findings_apart(org_factory):
    """Its message is published on the site, where a count could include private goals' findings."""
    root = org_factory()
    path = root / "goals/departments/ops-team.yaml"
    path.write_text(path.read_text().replace("  head: bob", "  hed: bob"), encoding="utf-8")
    findings = json.loads(check(root, "--format", "json").output)["findings"]
    assert ("goals/people/bob.yaml", "TN108") in {(f["path"], f["code"]) for f in findings}
    assert not any("wait" in f["message"] for f in findings)


def test_which_public_findings_wait_does_not_depend_on_private_goals(org_factory):
    """A public goal below a private one that links into the broken file is not folded through it."""
    dan = ("person:\n  id: dan\n  name: Dan Example\n  department: ops-team\ngoals:\n"
           "  - id: dan-secret\n    title: Secret\n    supports: [team-callbacks]\n    owner: dan\n"
           "    visibility: private\n"
           "  - id: dan-open\n    title: Open\n    supports: [dan-secret]\n    owner: dan\n")
    out = check(org_factory(BROKEN_DEPARTMENT, {"goals/people/dan.yaml": dan}), "--format", "json")
    found = {(f["path"], f["line"], f["code"]) for f in json.loads(out.output)["findings"]}
    assert ("goals/people/dan.yaml", 11, "TN101") in found  # dan-open: reported where it is
    assert not {("goals/people/dan.yaml", 4, "TN108"), ("goals/people/dan.yaml", 6, "TN101"),
                ("goals/people/dan.yaml", 8, "TN102")} & found  # dan's department, dan-secret's link: they wait


def test_the_cached_answer_is_the_fresh_one(org_factory):
    root = org_factory(BROKEN_DEPARTMENT)
    fresh = check(root, "--no-cache").output
    assert check(root).output == fresh and check(root).output == fresh  # recorded, then answered from the cache
    assert "their 7 findings wait" in fresh


def test_when_the_broken_file_error_is_off_nothing_is_folded(org_factory):
    root = org_factory(BROKEN_DEPARTMENT)
    (root / "pyproject.toml").write_text('[tool.truenorth.severity]\nTN001 = "off"\n', encoding="utf-8")
    found = {(f["path"], f["code"]) for f in json.loads(check(root, "--format", "json").output)["findings"]}
    assert ("goals/people/bob.yaml", "TN108") in found and ("goals/people/cat.yaml", "TN101") in found


def test_a_visibility_edit_is_checked_again_not_replayed(org_factory):
    """Which findings wait goes through public goals, so visibility is part of what the cache compares:
    after `private` becomes `internal` the cached answer is still the fresh one."""
    dan = ("person:\n  id: dan\n  name: Dan Example\n  department: ops-team\ngoals:\n"
           "  - id: dan-secret\n    title: Secret\n    supports: [team-callbacks]\n    owner: dan\n"
           "    visibility: private\n"
           "  - id: dan-open\n    title: Open\n    supports: [dan-secret]\n    owner: dan\n")
    root = org_factory(BROKEN_DEPARTMENT, {"goals/people/dan.yaml": dan})
    assert check(root).output == check(root, "--no-cache").output  # recorded
    path = root / "goals/people/dan.yaml"
    path.write_text(dan.replace("visibility: private", "visibility: internal"), encoding="utf-8")
    fresh = check(root, "--no-cache").output
    assert "dan.yaml:11:5: TN101" not in fresh  # dan-open waits now, below a public goal that links into the file
    assert check(root).output == fresh
