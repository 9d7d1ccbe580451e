"""`truenorth owe`: what each person owes, for one person, a department or everyone, in three formats."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.checkins.orgs import FILES
from truenorth.cli import cli
from truenorth.report.escape import markdown_text


@pytest.fixture
def org(org_factory):
    return org_factory(files=FILES)


def owe(*args):
    return CliRunner().invoke(cli, ["owe", *args], catch_exceptions=False)


def test_a_person_owes_a_stale_check_in_a_target_and_the_finding_on_it(org):
    result = owe("cat", "--root", str(org))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Owed on 2027-05-15 (4)"
    assert "Cat Example (cat)" in lines
    # cat-forgotten: updated 2027-02-01, more than the 14 days between check-ins of an individual goal
    assert any(line.startswith("  overdue check-in: cat-forgotten: check in: no check-in for 103 days") for line in lines)
    assert "  no target: cat-forgotten: set a target for the key result on 'csat'" in lines
    assert "  no current value: cat-forgotten: record a current value for the key result on 'csat'" in lines
    assert any(line.startswith("  finding: cat-forgotten: TN115 key-result-without-target:") for line in lines)
    # cat-empathy was checked in 5 days ago: due by 2027-05-24, more than a week away
    assert "cat-empathy" not in result.output


def test_a_period_that_ended_without_a_close_out_is_owed(org):
    result = owe("bob", "--root", str(org), "--format", "json")
    data = json.loads(result.output)
    kinds = {(o["goal"], o["kind"]) for o in data["people"][0]["owes"]}
    assert ("bob-callbacks", "close") in kinds and ("bob-callbacks", "stale") in kinds
    close = next(o for o in data["people"][0]["owes"] if o["kind"] == "close")
    assert close["due"] == "2027-03-31" and "2027-Q1" in close["text"]


def test_a_department_lists_everyone_who_owes_and_all_lists_everyone(org):
    data = json.loads(owe("--department", "ops", "--root", str(org), "--format", "json").output)
    # ann (ops: owns corp-satisfaction, never checked in), bob and cat (ops-team is below ops)
    assert [p["person"] for p in data["people"]] == ["ann", "bob", "cat"]
    everyone = json.loads(owe("--all", "--root", str(org), "--format", "json").output)
    assert {p["person"] for p in everyone["people"]} >= {"bob", "cat"}


def test_markdown_escapes_what_users_wrote(org_factory):
    files = dict(FILES)
    files["goals/people/cat.yaml"] = FILES["goals/people/cat.yaml"].replace("name: Cat Example",
                                                                             'name: "Cat *bold* <b>\\n- forged"')
    root = org_factory(files=files)
    result = owe("cat", "--root", str(root), "--format", "markdown")
    assert result.exit_code == 0
    assert "**" + markdown_text("Cat *bold* <b>\n- forged (cat)") + "**" in result.output
    assert not any(line.startswith("- forged") for line in result.output.splitlines())


@pytest.mark.parametrize("args, words", [(["nobody"], "no person 'nobody'"), (["--department", "opz"], "'ops'"),
                                         ([], "name one PERSON"), (["cat", "--all"], "name one PERSON")])
def test_bad_arguments_exit_2_with_a_clear_line(org, args, words):
    result = owe(*args, "--root", str(org))
    assert result.exit_code == 2 and words in result.output


def test_owe_answers_on_the_sample():
    result = owe("--all", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["today"] == "2027-05-15" and data["people"]
