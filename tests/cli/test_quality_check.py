"""Issue 24, item 2: `check --select/--ignore/--strict` and inline suppressions, through the command line,
with the cache on (each answer compared with `--no-cache`: the cache may only save work)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.conftest import FAILING
from truenorth.cli import cli

CAT = """\
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy{comment}
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    period: {period}
    key_results:
      - {{metric: csat, target: 80}}
"""
TEAM = """\
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks{comment}
    title: Launch the callback service
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
"""


def cat(comment: str = "", period: str = "2027-Q1") -> str:
    return CAT.format(comment=comment, period=period)


def team(comment: str = "") -> str:
    return TEAM.format(comment=comment)


def run(root, *args):
    result = CliRunner().invoke(cli, ["check", "--root", str(root), *args])
    return result.exit_code, result.output


def codes(output: str) -> list[str]:
    return [f["code"] for f in json.loads(output)["findings"]]


@pytest.fixture
def quality_org(org_factory):
    """TN205 on the team's goal (ops-team.yaml) and TN201 on cat's key result (no baseline)."""
    return org_factory(files={"goals/departments/ops-team.yaml": team(), "goals/people/cat.yaml": cat()})


def test_warnings_pass_and_strict_makes_them_errors(quality_org):
    code, out = run(quality_org)
    assert code == 0 and "TN205 warning" in out and "TN201 warning" in out
    assert "; 0 errors, 2 warnings;" in out
    code, out = run(quality_org, "--strict")
    assert code == 1 and "TN205 error" in out and "TN201 error" in out
    assert "; 2 errors, 0 warnings;" in out
    code, out = run(quality_org, "--strict", "--format", "json")
    assert code == 1 and {f["severity"] for f in json.loads(out)["findings"]} == {"error"}


@pytest.mark.parametrize("args, shown", [
    (["--select", "TN205"], ["TN205"]),
    (["--select", "tn2"], ["TN205", "TN201"]),  # a prefix, any case
    (["--select", "TN2", "--ignore", "unmeasurable-key-result"], ["TN205"]),  # a name
    (["--select", "TN201,output-as-outcome"], ["TN205", "TN201"]),  # several, comma-separated
    (["--select", "TN201", "--select", "TN205"], ["TN205", "TN201"]),  # the option again
    (["--ignore", "TN2"], []),
    (["--select", "TN1"], []),
])
def test_select_and_ignore_take_codes_prefixes_and_names(quality_org, args, shown):
    code, out = run(quality_org, "--format", "json", *args)
    assert code == 0
    assert codes(out) == shown  # (in file order: ops-team.yaml, then people/cat.yaml)
    summary = json.loads(out)["summary"]
    assert summary["warnings"] == len(shown) and summary["errors"] == 0
    strict_code, _ = run(quality_org, "--strict", *args)
    assert strict_code == (1 if shown else 0)  # strict fails only on what is selected


def test_a_code_that_names_no_rule_is_a_usage_error(quality_org):
    code, out = run(quality_org, "--select", "TN9")
    assert code == 2 and "--select 'TN9' names no rule" in out
    code, out = run(quality_org, "--ignore", "no-such-rule")
    assert code == 2 and "--ignore 'no-such-rule' names no rule" in out


def test_problems_reading_the_files_are_always_reported(org_factory):
    root = org_factory(FAILING / "tn001-invalid-yaml")
    code, out = run(root, "--select", "TN205", "--format", "json")
    assert code == 1 and "TN001" in codes(out)


def test_a_suppression_with_its_reason_silences_that_rule_on_that_goal_and_is_counted(org_factory):
    root = org_factory(files={
        "goals/departments/ops-team.yaml": team("  # truenorth: ignore[TN205] the launch date is the promise"),
        "goals/people/cat.yaml": cat("  # truenorth: ignore[TN205] wrong rule for this goal").replace(
            "{metric: csat, target: 80}", "{metric: csat, baseline: 70, target: 80, description: Launch surveys}")})
    code, out = run(root, "--format", "json")
    report = json.loads(out)
    # the team's title is silenced; cat's key result (inside her goal, which silences TN205 too) as well
    assert code == 0 and codes(out) == [] and report["summary"]["suppressed"] == 2
    code, text = run(root)
    assert re.search(r"; no problems, 2 suppressed; alignment health \d+/100$", text.rstrip())


def test_a_suppression_is_scoped_to_its_goal_and_its_code(org_factory):
    root = org_factory(files={
        "goals/departments/ops-team.yaml": team("  # truenorth: ignore[TN201] not this rule"),
        "goals/people/cat.yaml": cat("  # truenorth: ignore[TN205] not this goal's problem")})
    code, out = run(root, "--format", "json")
    assert codes(out) == ["TN205", "TN201"]  # neither silenced: the codes are on the other goal
    assert json.loads(out)["summary"]["suppressed"] == 0


def test_a_suppression_without_a_reason_is_a_warning_of_its_own(org_factory):
    root = org_factory(files={"goals/departments/ops-team.yaml": team("  # truenorth: ignore[TN205]")})
    code, out = run(root, "--format", "json")
    findings = json.loads(out)["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("TN210", 7, 25)]
    assert "gives no reason" in findings[0]["message"]
    assert json.loads(out)["summary"]["suppressed"] == 1  # it still works: the reason is asked for
    assert run(root, "--strict")[0] == 1


def test_an_error_is_never_silenced_inline(org_factory):
    root = org_factory(files={"goals/departments/ops-team.yaml": team(
        "  # truenorth: ignore[TN102, TN205] we know").replace("[ops-first-contact]", "[ops-first-contactt]")})
    code, out = run(root, "--format", "json")
    assert code == 1
    assert "TN102" in codes(out) and "TN210" in codes(out) and "TN205" not in codes(out)


def _console(root, *args, env):
    done = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=120)
    return done.returncode, done.stdout


@pytest.mark.parametrize("how", ["click", "console script"])
def test_comment_only_edits_that_add_or_remove_a_suppression_change_the_cached_answer(org_factory, tmp_path, how):
    root = org_factory(files={"goals/departments/ops-team.yaml": team()})
    env = {**os.environ, "TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}

    def check(*args):
        return _console(root, *args, env=env) if how == "console script" else run(root, *args)

    path = root / "goals/departments/ops-team.yaml"
    for comment in ("", "  # truenorth: ignore[TN205] the launch date is the promise", "",
                    "  # truenorth: ignore[TN205]", "  # truenorth: ignore[TN205] reason given now", ""):
        path.write_text(team(comment))
        for args in ((), ("--strict",), ("--format", "json")):
            cached = check(*args)
            assert cached == check(*args, "--no-cache"), (comment, args)
            assert cached == check(*args), (comment, args)  # the recorded answer, replayed
        silenced = "TN205" not in codes(cached[1])
        assert silenced == bool(comment), comment
        assert json.loads(cached[1])["summary"]["suppressed"] == (1 if comment else 0)


def test_replaying_a_cached_report_honours_select_ignore_and_strict(quality_org):
    plain = run(quality_org)
    assert plain[0] == 0  # the report is on record now
    for args in (("--strict",), ("--select", "TN201"), ("--ignore", "TN201", "--strict"), ("--select", "TN1"),
                 ("--select", "TN201", "--format", "json"), ()):
        fresh = run(quality_org, *args, "--no-cache")
        assert run(quality_org, *args) == fresh, args  # the recorded report, narrowed
        assert run(quality_org, *args) == fresh, args  # the recorded answer for this selection
    assert run(quality_org, "--strict")[0] == 1 and run(quality_org)[0] == 0


def test_the_recorded_report_answers_a_new_selection_without_a_full_check(quality_org):
    """The steps that answered (truenorth.incremental): a selection never forces the full check."""
    from truenorth.incremental import FULL_CHECK, RECORDED_ANSWER, RECORDED_REPORT, check_incrementally
    from truenorth.report import REPORTERS
    from truenorth.report.selection import selection

    def answer(chosen):
        return check_incrementally(quality_org, chosen.variant("text"), REPORTERS["text"],
                                   narrow=None if chosen.is_default else chosen.apply)

    assert answer(selection()).answered_by == FULL_CHECK
    strict = answer(selection(strict=True))
    assert (strict.answered_by, strict.exit_code) == (RECORDED_REPORT, 1)
    again = answer(selection(strict=True))
    assert (again.answered_by, again.exit_code, again.output) == (RECORDED_ANSWER, 1, strict.output)
    ignored = answer(selection(ignore=("TN2",), strict=True))
    assert (ignored.answered_by, ignored.exit_code) == (RECORDED_REPORT, 0)
    assert answer(selection()).exit_code == 0


def test_a_period_edit_on_a_goal_with_a_suppression_is_checked_as_a_fresh_check_would(org_factory):
    """The period re-check (cache/period_edits.py) stands aside when suppressions are written: TN113 may be
    the code silenced."""
    comment = "  # truenorth: ignore[TN113] the pilot runs on after the team's quarter, agreed with Bob"
    root = org_factory(files={"goals/people/cat.yaml": cat(comment).replace("{metric: csat, target: 80}",
                                                                            "{metric: csat, baseline: 70, target: 80}")})
    assert run(root) == run(root, "--no-cache")
    path = root / "goals/people/cat.yaml"
    path.write_text(path.read_text().replace("period: 2027-Q1", "period: 2027"))  # outlives team-callbacks
    cached = run(root, "--format", "json")
    assert cached == run(root, "--format", "json", "--no-cache")
    assert codes(cached[1]) == [] and json.loads(cached[1])["summary"]["suppressed"] == 1


def test_the_settings_choose_the_key_result_range_and_the_delivery_words(org_factory):
    root = org_factory(files={"goals/departments/ops-team.yaml": team()})
    assert codes(run(root, "--format", "json")[1]) == ["TN205"]
    (root / "pyproject.toml").write_text('[tool.truenorth]\nkey_results_per_goal = [1, 1]\n'
                                         'output_words = ["Take", "call back"]\n', encoding="utf-8")
    code, out = run(root, "--format", "json")
    found = {(f["code"], f["path"]) for f in json.loads(out)["findings"]}
    # bob's two key results are one too many; "Take calls one morning a month" (ann) starts with a word of
    # the list now, and "Launch the callback service" no longer does
    assert found == {("TN203", "goals/people/bob.yaml"), ("TN205", "goals/people/ann.yaml")}, out


def test_only_a_goals_first_line_carries_a_suppression_and_one_comment_may_name_several_codes(org_factory):
    root = org_factory(files={
        "goals/departments/ops-team.yaml": team().replace(
            "    title: Launch the callback service\n",
            "    title: Launch the callback service  # truenorth: ignore[TN205] not on the goal's first line\n"),
        "goals/people/cat.yaml": cat("  # truenorth: ignore[TN201, output-as-outcome] both, for a reason")})
    code, out = run(root, "--format", "json")
    findings = json.loads(out)["findings"]
    # the title line's comment is not read; cat's comment silences TN201 and names a rule by its name,
    # not its code: TN210 says so (codes only, as ruff takes them)
    assert [(f["code"], f["path"]) for f in findings] == [
        ("TN205", "goals/departments/ops-team.yaml"), ("TN210", "goals/people/cat.yaml")]
    assert "'output-as-outcome' is a rule's name: write its code, TN205" in findings[1]["message"]
    assert json.loads(out)["summary"]["suppressed"] == 1


def test_a_flow_style_goal_takes_its_suppression_on_its_line(org_factory):
    root = org_factory(files={"goals/people/cat.yaml": cat().split("goals:")[0] + (
        "goals:\n  - {id: cat-empathy, title: Roll out listening, supports: [team-callbacks], owner: cat}"
        "  # truenorth: ignore[TN205] the rollout is the goal this quarter\n")})
    code, out = run(root, "--format", "json")
    assert codes(out) == [] and json.loads(out)["summary"]["suppressed"] == 1
