"""`truenorth close` and `truenorth plan` on a copy of the sample: only the intended lines change, the
check stays clean, and a refused or dry run leaves every file as it was."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from truenorth.cli import cli


@pytest.fixture
def sample(tmp_path) -> Path:
    root = tmp_path / "sample"
    for name in ("goals", "playbook"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copy(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _run(root, *args):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "goals").rglob("*.yaml"))}


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    return [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_close_writes_the_status_and_retrospective_and_nothing_else(sample):
    path = "goals/people/contact-centre/sofia-marquez.yaml"
    before = _snapshot(sample)
    out = _run(sample, "close", "sofia-marquez-aht-off-scorecards", "--as", "achieved", "--note",
               "Handle time left every scorecard in April.")
    assert out.exit_code == 0, out.output
    assert "closed out as achieved" in out.output
    after = _snapshot(sample)
    assert {p for p in before if before[p] != after[p]} == {path}
    assert _changed_lines(before[path], after[path]) == [
        "+    status: achieved", "+    retrospective: Handle time left every scorecard in April."]
    assert _run(sample, "check").exit_code == 0
    review = _run(sample, "review", "2027-H1", "--format", "json")
    assert '"sofia-marquez-aht-off-scorecards"' in review.output


def test_closing_an_ended_goal_silences_its_warning(sample):
    person = sample / "goals/people/contact-centre-home/marcus-reid.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("    status: missed\n", "", 1), encoding="utf-8")
    assert "TN140" in _run(sample, "check").output
    assert _run(sample, "close", "marcus-reid-moving-home-checklist", "--as", "missed").exit_code == 0
    out = _run(sample, "check")
    assert out.exit_code == 0 and "TN140" not in out.output


def test_close_refuses_unknown_retired_and_draft_goals_writing_nothing(sample):
    before = _snapshot(sample)
    out = _run(sample, "close", "sofia-marquez-decision-right", "--as", "achieved")
    assert out.exit_code == 2 and "did you mean 'sofia-marquez-decision-rights'" in out.output
    out = _run(sample, "close", "cc-aht-under-five-minutes", "--as", "missed")
    assert out.exit_code == 2 and "is retired" in out.output
    assert _run(sample, "plan", "2027-Q2", "--from", "2027-Q1").exit_code == 0
    drafted = _snapshot(sample)
    out = _run(sample, "close", "marcus-reid-moving-home-checklist-2027-q2", "--as", "achieved")
    assert out.exit_code == 2 and "is a draft" in out.output
    assert _snapshot(sample) == drafted
    out = _run(sample, "close", "tom-whitaker-weekend-callbacks", "--as", "missed", "--dry-run")
    assert out.exit_code == 0
    assert "-    status: dropped" in out.output and "+    status: missed" in out.output
    assert _snapshot(sample) == drafted and drafted != before


def test_plan_drafts_the_unfinished_goals_once_and_the_check_stays_clean(sample):
    before = _snapshot(sample)
    dry = _run(sample, "plan", "2027-Q2", "--from", "2027-Q1", "--dry-run")
    assert dry.exit_code == 0 and "status: draft" in dry.output and _snapshot(sample) == before
    out = _run(sample, "plan", "2027-Q2", "--from", "2027-Q1")
    assert out.exit_code == 0, out.output
    assert "marcus-reid-moving-home-checklist-2027-q2" in out.output  # missed: carried
    assert "sofia-marquez-decision-rights-2027-q2" in out.output  # partial: carried
    assert "tom-whitaker-weekend-callbacks" not in out.output  # dropped: not carried
    assert "priya-raman-launch-scorecard" not in out.output  # achieved: not carried
    after = _snapshot(sample)
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {"goals/people/contact-centre-home/marcus-reid.yaml",
                       "goals/people/contact-centre/sofia-marquez.yaml"}
    for path in changed:  # lines added at the end of the file, none changed or removed
        assert all(line.startswith("+") for line in _changed_lines(before[path], after[path]))
    assert "carried_from: marcus-reid-moving-home-checklist" in after["goals/people/contact-centre-home/marcus-reid.yaml"].decode()
    assert _run(sample, "check").exit_code == 0
    again = _run(sample, "plan", "2027-Q2", "--from", "2027-Q1")
    assert again.exit_code == 0 and "Nothing to carry" in again.output and _snapshot(sample) == after


def test_plan_needs_a_later_period(sample):
    out = _run(sample, "plan", "2027-Q1", "--from", "2027-Q2")
    assert out.exit_code == 2 and "does not come after" in out.output
    out = _run(sample, "plan", "2027-Q7", "--from", "2027-Q1")
    assert out.exit_code == 2 and "is not a period" in out.output


def test_close_and_plan_answer_scripts_in_json(sample):
    import json

    out = _run(sample, "close", "sofia-marquez-aht-off-scorecards", "--as", "partial", "--format", "json", "--dry-run")
    data = json.loads(out.output)
    assert out.exit_code == 0 and data["id"] == "sofia-marquez-aht-off-scorecards" and data["status"] == "partial"
    assert data["written"] is False and "+    status: partial" in data["diff"]
    out = _run(sample, "plan", "2027-Q2", "--from", "2027-Q1", "--format", "json")
    data = json.loads(out.output)
    assert data["written"] is True
    assert {d["carried_from"] for d in data["drafts"]} == {"marcus-reid-moving-home-checklist",
                                                           "sofia-marquez-decision-rights"}
    again = json.loads(_run(sample, "plan", "2027-Q2", "--from", "2027-Q1", "--format", "json").output)
    assert again["drafts"] == [] and again["written"] is False
