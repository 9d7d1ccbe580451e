"""`truenorth init [DIR]`: a new goals repository that passes `check` and builds (issue 20, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.cli.test_schema_ids import editor_errors
from tests.conftest import REPO_ROOT
from tests.site_build.helpers import build_logging_warnings
from truenorth.cli import cli

EXPECTED = {
    "goals/vision.yaml", "goals/corporate.yaml", "goals/metrics.yaml", "goals/departments/customer-care.yaml",
    "goals/people/customer-care/alex-morgan.yaml", "goals/people/customer-care/sam-rivera.yaml",
    "playbook/plays/index.md", "playbook/self-assessment.md", "playbook/getting-started/index.md", "mkdocs.yml",
    "pyproject.toml", ".pre-commit-config.yaml", ".github/workflows/truenorth.yml", "CODEOWNERS", ".gitignore",
    "schemas/common.schema.json", "schemas/vision.schema.json", "schemas/corporate.schema.json",
    "schemas/department.schema.json", "schemas/person.schema.json", "schemas/metrics.schema.json",
    "schemas/ids.schema.json",
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))  # stdin is not a terminal: nothing is asked


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "acme-goals"
    done = run("init", str(folder), "--format", "json")
    assert done.exit_code == 0, done.output
    assert set(json.loads(done.output)["written"]) == EXPECTED
    return folder


def test_init_writes_every_file_the_repository_needs(initialised):
    assert files_in(initialised) == EXPECTED
    config = (initialised / "pyproject.toml").read_text()
    assert "[tool.truenorth]" in config
    assert yaml.safe_load((initialised / "mkdocs.yml").read_text())["site_name"] == "Acme Goals - True North"


def test_the_new_repository_passes_check_without_a_warning(initialised):
    done = run("check", "--root", str(initialised), "--no-cache", "--format", "json")
    assert done.exit_code == 0, done.output
    summary = json.loads(done.output)["summary"]
    assert (summary["errors"], summary["warnings"]) == (0, 0)
    assert summary["goals"] == summary["traced"] == 4  # corporate, department, two individual goals


def test_an_editor_completes_and_checks_every_goals_file_from_its_first_line(initialised):
    assert run("schema", "ids", "--check", "--root", str(initialised)).exit_code == 0  # its ids, current
    ids = json.loads((initialised / "schemas" / "ids.schema.json").read_text())["$defs"]
    assert ids["person_id"]["enum"] == ["alex-morgan", "sam-rivera"]
    for path in sorted((initialised / "goals").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.parent == (initialised / "schemas").resolve() and schema.is_file()
        assert editor_errors(schema, text) == [], path  # the ids included: every id it names is known
        wrong = text.replace("owner: alex-morgan", "owner: alex-morgen").replace("owner: sam-rivera", "owner: sam-rivero")
        if wrong != text:
            assert editor_errors(schema, wrong), path  # and an unknown one is underlined


def test_its_codeowners_block_is_current_and_its_hook_and_workflow_name_truenorth(initialised):
    assert run("codeowners", "--root", str(initialised), "--check").exit_code == 0
    ours = {hook["id"] for hook in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}
    config = yaml.safe_load((initialised / ".pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    assert repo["rev"] and repo["repo"].startswith("https://")
    assert {hook["id"] for hook in repo["hooks"]} == {"truenorth-check"} <= ours
    workflow = yaml.safe_load((initialised / ".github" / "workflows" / "truenorth.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    action = [step["uses"] for step in steps if "uses" in step and "truenorth" in step["uses"]]
    assert action == [f"{repo['repo'].removeprefix('https://github.com/')}@{repo['rev']}"]  # the action of this repo
    assert any(step.get("run") == "truenorth codeowners --check" for step in steps)
    assert True in workflow and "pull_request" in workflow[True]  # YAML 1.1 reads `on:` as true


@pytest.mark.site
def test_the_new_repository_builds_its_site_without_a_warning(initialised, tmp_path):
    warnings: list[str] = []
    site = build_logging_warnings(initialised, tmp_path / "site", warnings)
    assert (site / "index.html").is_file() and (site / "plays" / "index.html").is_file()
    assert (site / "cascade" / "people" / "index.html").is_file()
    assert warnings == []
    assert "Acme Goals" in (site / "index.html").read_text()


def test_it_refuses_to_overwrite_and_names_the_files_unless_forced(tmp_path):
    folder = tmp_path / "org"
    (folder / "goals").mkdir(parents=True)
    (folder / "goals" / "vision.yaml").write_text("mine\n")
    (folder / "mkdocs.yml").write_text("mine too\n")
    done = run("init", str(folder))
    assert done.exit_code == 2
    assert "goals/vision.yaml" in done.output and "mkdocs.yml" in done.output
    assert files_in(folder) == {"goals/vision.yaml", "mkdocs.yml"}  # nothing written
    assert (folder / "mkdocs.yml").read_text() == "mine too\n"
    forced = run("init", str(folder), "--force")
    assert forced.exit_code == 0, forced.output
    assert files_in(folder) == EXPECTED
    assert run("check", "--root", str(folder)).exit_code == 0


def test_any_name_reads_back_as_typed_and_the_repository_still_passes(tmp_path):
    name = 'Acme "Energy": #1 \\ Ünïcode\u2028 next\nline'
    done = run("init", "--root", str(tmp_path / "x"), "--name", name)
    assert done.exit_code == 0, done.output
    assert yaml.safe_load((tmp_path / "x" / "mkdocs.yml").read_text())["site_name"] == f"{name} - True North"
    statement = yaml.safe_load((tmp_path / "x" / "goals" / "vision.yaml").read_text())["vision"]["statement"]
    assert statement.startswith(name)
    assert run("check", "--root", str(tmp_path / "x"), "--no-cache").exit_code == 0
    assert "\u2028" not in done.output and "line" in done.output.splitlines()[0]  # one line, escaped


def test_usage_mistakes_exit_2_with_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    for args in (["init", str(tmp_path / "file")], ["init", str(tmp_path / "a"), "--root", str(tmp_path / "b")],
                 ["init", str(tmp_path / "c"), "--name", "   "], ["init", str(tmp_path / "d"), "--name", "x" * 151]):
        done = run(*args)
        assert done.exit_code == 2, (args, done.output)
        assert "Traceback" not in done.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "c").exists()


def test_help_has_an_example():
    assert "truenorth init acme-goals" in run("init", "--help").output


def test_on_a_terminal_it_asks_for_the_name(tmp_path):
    """Run on a pseudo-terminal without --name: it asks, and takes the answer."""
    import os
    import pty
    import select
    import subprocess
    import sys

    leader, follower = pty.openpty()
    console = Path(sys.executable).with_name("truenorth")
    process = subprocess.Popen([str(console), "init", str(tmp_path / "org")], stdin=follower, stdout=follower,
                               stderr=follower, close_fds=True)
    os.close(follower)
    seen = b""
    while b"Organisation name" not in seen:
        ready, _, _ = select.select([leader], [], [], 120)
        assert ready, f"no question asked: {seen!r}"
        chunk = os.read(leader, 1024)
        assert chunk, seen
        seen += chunk
    os.write(leader, b"Tidewell Water\r")
    assert process.wait(timeout=120) == 0
    try:
        while os.read(leader, 1024):
            pass
    except OSError:  # the terminal closed with the process
        pass
    os.close(leader)
    assert yaml.safe_load((tmp_path / "org" / "mkdocs.yml").read_text())["site_name"] == "Tidewell Water - True North"
