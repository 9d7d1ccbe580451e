"""An exempt goal (a reviewed `standalone_reason`) is shown as standalone, with its reason, by every
command and by the site: the sample's `it-pci-compliance` (issue 18, item 3)."""

from __future__ import annotations

import datetime as _dt
import json
import re

import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config
from truenorth.site import build_pages

GOAL = "it-pci-compliance"
REASON_START = "Regulatory obligation under the card schemes' PCI DSS rules."


def run(*args):
    return CliRunner().invoke(cli, [*args, "--root", str(REPO_ROOT)])


def test_check_counts_it_as_standalone_not_as_traced():
    text = run("check", "--no-cache")
    assert text.exit_code == 0, text.output
    line = text.output.strip()
    assert ", 1 standalone (reviewed standalone_reason); no problems" in line
    goals, traced = map(int, re.search(r"\((\d+)/(\d+)\)", line).groups()[::-1])
    assert traced == goals - 1 and "100%" not in line
    summary = json.loads(run("check", "--no-cache", "--format", "json").output)["summary"]
    assert (summary["standalone"], summary["traced"]) == (1, summary["goals"] - 1)


def test_tree_lists_it_as_standalone_with_its_reason_not_as_untraced():
    out = run("tree")
    assert out.exit_code == 0, out.output
    assert "do not trace" not in out.output and "does not trace" not in out.output
    section = out.output.split("Standalone by a reviewed reason (1)", 1)[1]
    assert f"{GOAL}: Keep card payments" in section and f"reason: {REASON_START}" in section


def test_trace_shows_it_as_standalone_and_exits_0():
    out = CliRunner().invoke(cli, ["trace", GOAL, "--root", str(REPO_ROOT)])
    assert out.exit_code == 0, out.output
    assert "standalone" in out.output and REASON_START in out.output
    assert "truenorth check" not in out.output


def test_gaps_lists_standalone_goals_with_their_reason():
    out = run("gaps")
    assert out.exit_code == 0, out.output
    section = out.output.split("Standalone goals: no line of sight to the vision, by a reviewed reason (1)", 1)[1]
    assert GOAL in section and REASON_START in section
    payload = json.loads(run("gaps", "--format", "json").output)
    assert payload["standalone_goals"] == [GOAL]


def test_impact_says_it_stands_alone_with_its_reason():
    out = CliRunner().invoke(cli, ["impact", GOAL, "--root", str(REPO_ROOT)])
    assert out.exit_code == 0, out.output
    assert f"it stands alone by a reviewed reason: {REASON_START}" in out.output
    assert "does not trace to the vision today" not in out.output
    payload = json.loads(CliRunner().invoke(cli, ["impact", GOAL, "--root", str(REPO_ROOT), "--format", "json"]).output)
    assert payload["standalone"] is True and payload["reaches_vision"] is False


def test_status_lists_standalone_goals_with_their_reason():
    out = run("status", "--today", "2027-05-15")
    assert out.exit_code == 0, out.output
    section = out.output.split("Standalone goals: no line of sight to the vision, by a reviewed reason (1)", 1)[1]
    assert GOAL in section and REASON_START in section
    payload = json.loads(run("status", "--today", "2027-05-15", "--format", "json").output)
    assert [g["id"] for g in payload["standalone"]] == [GOAL]
    assert payload["standalone"][0]["standalone_reason"].startswith(REASON_START)


@pytest.fixture(scope="module")
def sample_pages():
    result = run_check(load_config(REPO_ROOT), cache=None)
    return build_pages(result, _dt.date(2027, 5, 15))


def test_the_site_shows_it_as_standalone_everywhere(sample_pages):
    home = sample_pages["index.md"]
    assert "trace to the vision (99%); 1 stands alone by a reviewed reason" in home
    alignment = sample_pages["cascade/alignment.md"]
    section = alignment.split("## Standalone goals {#standalone-goals}", 1)[1].split("\n## ", 1)[0]
    assert GOAL in section and "Standalone: Regulatory obligation" in section
    department = sample_pages["cascade/departments/it.md"]
    assert "<strong>Standalone:</strong> Regulatory obligation" in department
    assert "Does not reach the vision" not in department
    assert "compliant &#40;standalone&#41;" in department  # its box in the diagram of the department's goals
