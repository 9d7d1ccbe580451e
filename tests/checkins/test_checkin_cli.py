"""`truenorth checkin`: one check-in recorded through the edit engine (comments and layout kept, checked
before writing, refused with the finding and nothing written when it would bring an error)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.checkins.orgs import FILES
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config

BOB_TWO = FILES["goals/people/bob.yaml"].replace("    period: 2027-Q1\n", "    # the team's quarter\n    period: 2027\n") \
    + "      - metric: csat  # asked after each call\n        baseline: 70\n        target: 80\n        current: 72\n"


@pytest.fixture
def org(org_factory):
    files = dict(FILES)
    files["goals/people/bob.yaml"] = BOB_TWO
    files["goals/departments/ops-team.yaml"] = FILES["goals/departments/ops-team.yaml"].replace("2027-H1", "2027")
    files["goals/departments/ops.yaml"] = (
        "department:\n  id: ops\n  name: Operations\n  head: ann\ngoals:\n"
        "  - id: ops-first-contact\n    title: Solve it on the first contact\n    supports: [corp-satisfaction]\n"
        "    owner: ann\n    period: 2027\n    plays: [voice]\n"
        "  - id: ops-coaching\n    title: Weekly coaching for every agent\n    supports: [corp-people]\n"
        "    owner: ann\n    period: 2027\n")
    return org_factory(files=files)


def checkin(org, *args):
    return CliRunner().invoke(cli, ["checkin", *args, "--root", str(org)], catch_exceptions=False)


def test_a_check_in_is_appended_with_comments_kept_and_current_updated(org):
    before = (org / "goals/people/bob.yaml").read_text()
    result = checkin(org, "bob-callbacks", "--kr", "csat", "--value", "74", "--confidence", "medium",
                     "--note", "New script: fewer transfers", "--date", "2027-05-02")
    assert result.exit_code == 0, result.output
    assert result.output == "checked in on bob-callbacks (csat): 2027-05-02 74, confidence medium\n"
    after = (org / "goals/people/bob.yaml").read_text()
    assert "    # the team's quarter\n" in after and "- metric: csat  # asked after each call\n" in after
    assert after.replace("current: 74", "current: 72").startswith(before)  # only additions below, current moved
    kr = run_check(load_config(org)).org.goals["bob-callbacks"].key_results[1]
    assert kr.current == 74
    assert [(c.date.isoformat(), c.value, c.confidence, c.note) for c in kr.check_ins] == [
        ("2027-05-02", 74, "medium", "New script: fewer transfers")]


def test_the_key_result_by_number_and_the_only_one_without_kr(org):
    assert checkin(org, "bob-callbacks", "--kr", "1", "--value", "8.2", "--date", "2027-05-03").exit_code == 0
    kr = run_check(load_config(org)).org.goals["bob-callbacks"].key_results[0]
    assert kr.check_ins[-1].value == 8.2 and kr.current == 8.2  # (no current written: the last check-in's)
    assert checkin(org, "cat-empathy", "--value", "73", "--date", "2027-05-12").exit_code == 0  # one key result


def test_a_check_in_that_would_bring_an_error_is_refused_and_nothing_is_written(org):
    before = (org / "goals/people/bob.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["checkin", "bob-callbacks", "--kr", "csat", "--value", "74", "--date",
                                      "2026-12-01", "--root", str(org)])
    assert result.exit_code == 1
    assert "TN130" in result.output and "goals/people/bob.yaml:" in result.output
    assert (org / "goals/people/bob.yaml").read_bytes() == before


def test_dry_run_shows_the_diff_and_writes_nothing(org):
    before = (org / "goals/people/bob.yaml").read_bytes()
    result = checkin(org, "bob-callbacks", "--kr", "2", "--value", "75", "--date", "2027-05-02", "--dry-run")
    assert result.exit_code == 0
    assert "+          - date: 2027-05-02\n" in result.output and "+            value: 75\n" in result.output
    assert (org / "goals/people/bob.yaml").read_bytes() == before


@pytest.mark.parametrize("args, words", [
    (["bob-callbacks", "--value", "1"], "choose one with --kr: 1 (aht), 2 (csat)"),
    (["bob-callbacks", "--kr", "3", "--value", "1"], "--kr 3"),
    (["bob-callbacks", "--kr", "nps", "--value", "1"], "no key result on that metric"),
    (["bob-callbacks", "--kr", "1", "--value", "1", "--confidence", "1.5"], "0 to 1, or low, medium or high"),
    (["bob-calbacks", "--value", "1"], "did you mean 'bob-callbacks'"),
    (["ann-lead", "--value", "1"], "no key results"),
    (["bob-callbacks", "--kr", "1", "--value", "1", "--date", "15/05/2027"], "YYYY-MM-DD"),
])
def test_bad_input_exits_2_with_one_clear_line(org, args, words):
    before = (org / "goals/people/bob.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["checkin", *args, "--root", str(org)])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert (org / "goals/people/bob.yaml").read_bytes() == before
