"""The check use case (truenorth.incremental.check_incrementally): which step of the ladder answers, and
that every step answers as a check without cache does; exit codes without patching click."""

from __future__ import annotations

import re
import time
import tomllib
from importlib import import_module
from pathlib import Path

import click
from click.testing import CliRunner

from truenorth.cli import cli
from truenorth.incremental import (FULL_CHECK, PERIOD_EDITS, RECORDED_ANSWER, RECORDED_REPORT, UNSEEN_EDITS,
                                   check_incrementally)
from truenorth.report import REPORTERS

REPO = Path(__file__).resolve().parents[2]


def _check(root: Path, fmt: str = "json", **options):
    return check_incrementally(root, fmt, lambda report: REPORTERS[fmt](report, color=False), **options)


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def test_each_step_of_the_ladder_answers_as_a_check_without_cache(org_factory):
    root = org_factory()
    person = next(p for p in sorted((root / "goals" / "people").rglob("*.yaml"))
                  if "current:" in p.read_text() and "period:" in p.read_text())
    time.sleep(2.1)  # older than the cache's racy window, as files in a repository are

    def answered(expected: str, fmt: str = "json"):
        outcome = _check(root, fmt)
        fresh = _check(root, fmt, use_cache=False)
        assert fresh.answered_by == FULL_CHECK
        assert (outcome.answered_by, outcome.output, outcome.exit_code) == (expected, fresh.output, fresh.exit_code)
        return outcome

    assert answered(FULL_CHECK).result is not None  # nothing on record
    assert answered(RECORDED_ANSWER).result is None  # nothing changed: the output on record
    answered(RECORDED_REPORT, "text")  # nothing changed, not yet printed this way
    answered(RECORDED_ANSWER, "text")
    _edit(person, r"current: (\d+)", r"current: \g<1>1")  # no rule reads it
    answered(UNSEEN_EDITS)
    _edit(person, r"period: \S+", "period: 2031")  # only TN113 reads periods
    assert '"TN113"' in answered(PERIOD_EDITS).output
    _edit(person, r"supports:", "supports:\n      - not a link")  # what rules read: TN008
    assert answered(FULL_CHECK).exit_code == 1


def test_after_a_progress_update_every_output_printed_for_the_report_still_serves(org_factory):
    """An edit no rule reads leaves the report as it was: the outputs printed for it (text and json here) are
    printed again for the edited files, the one asked for at once and the other replayed by the next check."""
    root = org_factory()
    person = next(p for p in sorted((root / "goals" / "people").rglob("*.yaml")) if "current:" in p.read_text())
    _edit(person, r"owner: \S+", "owner: nobody-we-know")  # a finding (TN107), so that there is something to print
    time.sleep(2.1)  # older than the cache's racy window, as files in a repository are
    for fmt in ("text", "json"):
        _check(root, fmt)
    _edit(person, r"current: (\d+)", r"current: \g<1>1")
    for fmt, expected in (("text", UNSEEN_EDITS), ("json", RECORDED_ANSWER)):
        outcome, fresh = _check(root, fmt), _check(root, fmt, use_cache=False)
        assert (outcome.answered_by, outcome.output, outcome.exit_code) == (expected, fresh.output, fresh.exit_code)
    assert "TN107" in fresh.output


def test_the_quick_path_stops_before_the_full_check_and_the_full_check_goes_on_from_there(org_factory):
    root = org_factory()
    assert _check(root).answered_by == FULL_CHECK
    person = sorted((root / "goals" / "people").rglob("*.yaml"))[0]
    _edit(person, r"supports:", "supports:\n      - not a link")
    unanswered = _check(root, full=False)
    assert unanswered.answered_by is None and unanswered.output == ""
    assert unanswered.cache is not None and unanswered.cache.key  # the files fingerprinted once
    done = _check(root, unanswered=unanswered)
    fresh = _check(root, use_cache=False)
    assert (done.answered_by, done.output, done.exit_code) == (FULL_CHECK, fresh.output, 1)
    assert _check(root).answered_by == RECORDED_ANSWER  # and recorded


def test_problems_exit_2_and_click_itself_is_left_as_it_is(org_factory):
    root = org_factory()
    done = CliRunner().invoke(cli, ["trace", "no-such-goal", "--root", str(root)])
    assert done.exit_code == 2 and "no goal, person or department has the id" in done.output
    (root / "pyproject.toml").write_text("[tool.truenorth]\nmax_goals_per_person = 'many'\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert done.exit_code == 2 and "max_goals_per_person" in done.output
    assert CliRunner().invoke(cli, ["check", "--no-such-option"]).exit_code == 2  # click's usage error
    assert click.ClickException("any other click app").exit_code == 1  # no process-wide patch


def test_the_console_script_names_the_entry_point():
    target = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["truenorth"]
    module, name = target.split(":")
    assert callable(getattr(import_module(module), name))
