"""`truenorth rules`: the listing (text and JSON) and one rule's documentation, by code or by name."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import make_org
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config
from truenorth.rules import ALL_RULES


def run(*args):
    return CliRunner().invoke(cli, ["rules", *args])


def test_the_listing_has_one_line_per_rule_and_json_for_tools():
    text = run()
    assert text.exit_code == 0
    assert [line.split()[0] for line in text.output.splitlines()] == [r.code for r in ALL_RULES]
    assert "TN119  department-cycle" in text.output
    listed = json.loads(run("--format", "json").output)
    assert [r["code"] for r in listed] == [r.code for r in ALL_RULES]
    orphan = next(r for r in listed if r["code"] == "TN101")
    assert orphan["name"] == "orphan" and orphan["severity"] == "error" and orphan["summary"]


@pytest.mark.parametrize("key", ["TN119", "tn119", "department-cycle"])
def test_a_rule_by_code_or_name_prints_its_documentation(key):
    out = run(key)
    assert out.exit_code == 0, out.output
    first, summary, fix = out.output.splitlines()[:3]
    assert first == "TN119 department-cycle (error by default)"
    assert summary == "Departments are their own ancestors: their parents form a loop."
    assert fix.startswith("Hint: Departments form a tree")
    assert "\nFAIL: `ops` names its own team as its parent" in out.output
    assert "\nPASS: " in out.output and "# goals/departments/ops.yaml\n" in out.output
    assert "About the examples:" in out.output and "`team-callbacks`" in out.output


def test_a_load_time_code_is_documented_too():
    out = run("duplicate-key")
    assert out.exit_code == 0
    assert out.output.startswith("TN004 duplicate-key (error by default)")
    assert "FAIL: the goal has two titles." in out.output and "    title: Call back the same day" in out.output


@pytest.mark.parametrize("key, suggestion", [("orphn", "'orphan'"), ("TN1190", "'TN119'"), ("cylce", "'cycle'")])
def test_an_unknown_rule_exits_2_with_a_suggestion(key, suggestion):
    out = run(key)
    assert out.exit_code == 2
    assert f"no rule has the code or name {key!r}" in out.output and f"did you mean {suggestion}" in out.output
    assert "Traceback" not in out.output


def test_json_of_one_rule_gives_examples_that_run(tmp_path):
    """The examples a tool reads from the JSON are files; written over the example organisation, the FAIL
    one makes the check report the rule."""
    doc = json.loads(run("TN113", "--format", "json").output)
    assert doc["code"] == "TN113" and doc["severity"] == "warning" and "period" in doc["explanation"]
    fail = next(e for e in doc["examples"] if e["verdict"] == "FAIL")
    result = run_check(load_config(make_org(tmp_path, files=fail["files"])))
    assert {f.code for f in result.findings} == {"TN113"}
