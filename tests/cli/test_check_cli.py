"""`truenorth check`, `trace`, `tree`, `rules`: exit codes, formats, configuration."""

from __future__ import annotations

import json
import os

import pytest

from click.testing import CliRunner

from tests.conftest import FAILING, REPO_ROOT
from truenorth.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_clean_organisation_exits_0_with_a_summary(org_factory):
    out = run("check", "--root", str(org_factory()))
    assert out.exit_code == 0
    assert out.output.strip() == "8 goals in 8 files, 100% traced to the vision (8/8); no problems; alignment health 88/100"


def test_the_sample_organisation_passes_with_no_finding():
    out = run("check", "--root", str(REPO_ROOT), "--format", "json")
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert payload["findings"] == []
    s = payload["summary"]
    assert s["goals"] >= 100 and s["traced"] + s["standalone"] == s["goals"] and s["skipped"] == 0


def test_error_exits_1_and_text_groups_by_file_with_hint(org_factory):
    out = run("check", "--root", str(org_factory(FAILING / "tn102-dangling-reference")))
    assert out.exit_code == 1
    lines = out.output.splitlines()
    assert lines[0].startswith("goals/people/cat.yaml:6:5: TN101 error:")
    assert any(line.startswith("goals/people/cat.yaml:8:16: TN102 error: 'cat-empathy' supports 'team-callback'")
               for line in lines)
    assert any("hint: Replace it with 'team-callbacks'." in line for line in lines)
    assert lines[-1].endswith("; 2 errors, 0 warnings; alignment health 82/100")


def test_warnings_alone_exit_0(org_factory):
    out = run("check", "--root", str(org_factory(FAILING / "tn106-skipped-level")))
    assert out.exit_code == 0
    assert "TN106 warning" in out.output


def test_json_format(org_factory):
    out = run("check", "--root", str(org_factory(FAILING / "tn107-unknown-owner")), "--format", "json")
    assert out.exit_code == 1
    finding = json.loads(out.output)["findings"][0]
    assert (finding["code"], finding["path"], finding["line"], finding["column"]) == (
        "TN107", "goals/people/cat.yaml", 9, 12)
    assert finding["name"] == "unknown-owner" and finding["severity"] == "error"


def test_github_format_escapes_and_annotates(org_factory):
    out = run("check", "--root", str(org_factory(FAILING / "tn107-unknown-owner")), "--format", "github")
    first = out.output.splitlines()[0]
    assert first.startswith("::error file=goals/people/cat.yaml,line=9,col=12,title=TN107 unknown-owner::")
    assert "%0A" in first  # the hint travels on a second line of the annotation


def test_severity_can_be_configured_by_code_or_name(org_factory):
    root = org_factory(FAILING / "tn107-unknown-owner",
                       files={"pyproject.toml": '[tool.truenorth.severity]\nunknown-owner = "warning"\n'})
    out = run("check", "--root", str(root))
    assert out.exit_code == 0 and "TN107 warning" in out.output
    (root / "pyproject.toml").write_text('[tool.truenorth.severity]\nTN107 = "off"\n')
    out = run("check", "--root", str(root))
    assert out.exit_code == 0 and "TN107" not in out.output


def test_bad_configuration_exits_2(org_factory):
    root = org_factory(files={"pyproject.toml": '[tool.truenorth.severity]\nTN999 = "error"\n'})
    out = run("check", "--root", str(root))
    assert out.exit_code == 2 and "names no rule 'TN999'" in out.output


def test_missing_goals_folder_exits_2(tmp_path):
    out = run("check", "--root", str(tmp_path))
    assert out.exit_code == 2 and "no goals folder" in out.output


def test_unknown_format_exits_2(org_factory):
    assert run("check", "--root", str(org_factory()), "--format", "xml").exit_code == 2


def test_hostile_strings_are_escaped_on_the_terminal(org_factory):
    evil = "person:\n  id: cat\n  name: \"\\e[31mred\\u202e\"\n  department: ops-team\n"
    out = run("check", "--root", str(org_factory(files={"goals/people/cat.yaml": evil})))
    assert "\x1b" not in out.output and "\u202e" not in out.output
    assert "\\x1b[31mred\\u202e" in out.output


def test_trace_shows_the_line_of_sight(org_factory):
    out = run("trace", "bob-callbacks", "--root", str(org_factory()))
    assert out.exit_code == 0
    ids = [line.split(":")[0].split()[-1] for line in out.output.splitlines()]
    assert ids == ["bob-callbacks", "team-callbacks", "ops-first-contact", "corp-satisfaction", "vision"]


def test_trace_unknown_goal_suggests_and_exits_2(org_factory):
    out = run("trace", "bob-callback", "--root", str(org_factory()))
    assert out.exit_code == 2 and "did you mean 'bob-callbacks'" in out.output


def test_trace_of_an_orphan_exits_1(org_factory):
    out = run("trace", "bob-callbacks", "--root", str(org_factory(FAILING / "tn101-orphan")))
    assert out.exit_code == 1 and "does not trace to the vision" in out.output


def test_tree_prints_the_cascade(org_factory):
    out = run("tree", "--root", str(org_factory()))
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert lines[0] == "vision: Every customer leaves with their problem solved"
    assert any(line.startswith("│   └── ops-first-contact") or "── ops-first-contact" in line for line in lines)
    assert sum("── " in line for line in lines) == 8


def test_rules_lists_every_code():
    out = run("rules")
    assert "TN101  orphan" in out.output and "TN118" in out.output


def test_help_is_clear():
    out = run("--help")
    assert out.exit_code == 0 and "check" in out.output and "trace" in out.output


@pytest.mark.parametrize("case, code", [(None, 0), ("tn102-dangling-reference", 1), ("tn001-invalid-yaml", 1)])
def test_the_program_exits_quickly_with_its_whole_report_and_code(tmp_path, case, code):
    """`check` leaves without freeing the model object by object; what it wrote must all arrive, in a pipe too."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import FAILING, make_org

    root = make_org(tmp_path, FAILING / case if case else None)
    for extra in ([], ["--no-cache"], []):  # cold, without cache, then from the cache
        done = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), "--format", "json",
                               *extra], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "TRUENORTH_CACHE_DIR": str(tmp_path / "cache")})
        report = json.loads(done.stdout)
        assert done.returncode == code, done.stderr
        assert (len(report["findings"]) > 0) == bool(case) and report["summary"]["files"] > 5


def test_version_says_whether_the_yaml_accelerator_is_in_use():
    import subprocess
    import sys

    from truenorth.load import yaml_nodes

    out = run("--version")
    assert out.exit_code == 0 and out.output.startswith("truenorth, version ")
    assert ("YAML accelerator: on" in out.output) == yaml_nodes.accelerated()
    off = subprocess.run([sys.executable, "-m", "truenorth", "--version"], capture_output=True, text=True,
                         env={**os.environ, "TRUENORTH_NO_ACCELERATOR": "1"}, timeout=60)
    assert off.returncode == 0 and "YAML accelerator: off (PyYAML alone" in off.stdout
    assert "Folder walk accelerator: off" in off.stdout
