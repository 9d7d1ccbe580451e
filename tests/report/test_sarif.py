"""`truenorth check --format sarif`: a SARIF 2.1.0 log that validates against the official schema, with a
reportingDescriptor per rule and a result per finding at its repository-relative place."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import FAILING
from tests.report.sarif_schema import SCHEMA, is_uri_reference, path_of, validate
from truenorth.cli import cli
from truenorth.findings import Finding, Report, Severity, Summary
from truenorth.model import Location
from truenorth.report import REPORTERS
from truenorth.rules import ALL_RULES


def sarif_of(root, *extra):
    out = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "sarif", *extra])
    return out.exit_code, json.loads(out.output)


def test_the_vendored_schema_is_the_official_one_and_refuses_a_broken_log():
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    _, log = sarif_of(FAILING / "tn102-dangling-reference")  # any log; then break it as a tool could
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"] = [{"message": {"text": "x"}, "level": "fatal"}]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = copy.deepcopy(log)
    broken["version"] = "2.0.0"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


@pytest.mark.parametrize("fixture", ["tn102-dangling-reference", "tn106-skipped-level", "tn001-invalid-yaml"])
def test_findings_as_sarif_validate_and_say_what_the_json_report_says(org_factory, fixture):
    root = org_factory(FAILING / fixture)
    code, log = sarif_of(root, "--no-cache")
    as_json = json.loads(CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", "--no-cache"]).output)
    validate(log)
    assert code == (1 if as_json["summary"]["errors"] else 0)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in ALL_RULES]  # one descriptor per rule
    results = run["results"]
    assert len(results) == len(as_json["findings"]) > 0
    for result, finding in zip(results, as_json["findings"]):
        assert result["ruleId"] == finding["code"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == finding["severity"]
        assert result["message"]["text"].startswith(finding["message"])
        assert finding["hint"] and finding["hint"] in result["message"]["text"]
        assert result["properties"]["hint"] == finding["hint"]
        place = result["locations"][0]["physicalLocation"]
        assert place["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert path_of(place["artifactLocation"]["uri"]) == finding["path"]
        assert not place["artifactLocation"]["uri"].startswith("/")  # relative to the repository root
        assert (place["region"]["startLine"], place["region"]["startColumn"]) == (finding["line"], finding["column"])


def test_each_rule_is_described_with_its_name_level_and_help(org_factory):
    _, log = sarif_of(org_factory())
    validate(log)
    assert log["runs"][0]["results"] == []
    by_id = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in ALL_RULES:
        described = by_id[rule.code]
        assert described["name"] == rule.name
        assert described["defaultConfiguration"]["level"] == rule.severity.value
        assert described["shortDescription"]["text"] == rule.summary
        assert rule.hint in described["help"]["text"]
        assert f"reference/rules/{rule.code.lower()}/" in described["help"]["text"]
        assert f"truenorth rules {rule.code}" in described["help"]["markdown"]


def test_a_rule_set_to_warning_keeps_its_default_level_and_its_results_are_warnings(org_factory):
    root = org_factory(FAILING / "tn102-dangling-reference")
    (root / "pyproject.toml").write_text('[tool.truenorth]\ngoals_dir = "goals"\n[tool.truenorth.severity]\nTN102 = "warning"\n')
    _, log = sarif_of(root, "--no-cache")
    validate(log)
    run = log["runs"][0]
    tn102 = [r for r in run["results"] if r["ruleId"] == "TN102"]
    assert tn102 and all(r["level"] == "warning" for r in tn102)
    assert run["tool"]["driver"]["rules"][tn102[0]["ruleIndex"]]["defaultConfiguration"]["level"] == "error"


def test_hostile_paths_and_text_stay_inside_their_strings():
    nasty = 'a "quoted"\n::error::forged\u202e %41 é/../b\udcff?#.yaml'
    report = Report([Finding("TN107", "unknown-owner", Severity.ERROR, 'owner "x"\n}]}, {"forged": 1',
                             Location(f"goals/{nasty}", 2, 3), hint="\x1b[31mred\u2028next",
                             related=(Location("goals/b c.yaml", 4, 5),))], Summary(1, 1, 1, 1, 0))
    output = REPORTERS["sarif"](report)
    assert all(ord(c) >= 0x20 or c == "\n" for c in output) and "\u202e" not in output and "\u2028" not in output
    log = json.loads(output)
    validate(log)
    result = log["runs"][0]["results"][0]
    assert result["message"]["text"] == 'owner "x"\n}]}, {"forged": 1\nhint: \x1b[31mred\u2028next'
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert is_uri_reference(uri) and path_of(uri) == f"goals/{nasty}"
    assert path_of(result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == "goals/b c.yaml"
