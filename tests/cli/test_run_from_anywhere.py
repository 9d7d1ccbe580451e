"""Without --root, every command finds the repository root the way git does: from the current folder
upwards (truenorth.root; issue 18, item 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FAILING
from truenorth.cli import cli
from truenorth.root import find_root

PYPROJECT = '[project]\nname = "strategy"\n\n[tool.truenorth]\nmax_goals_per_person = 5\n'


def console(cwd: Path, *args: str, importtime: bool = False) -> tuple[int, str, bool]:
    """The console script's path (`python -m truenorth`) run in `cwd`: (exit code, stdout, click imported?)."""
    flags = ["-X", "importtime"] if importtime else []
    done = subprocess.run([sys.executable, *flags, "-m", "truenorth", *args], cwd=cwd, capture_output=True,
                          text=True, env=os.environ.copy(), timeout=120)
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return done.returncode, done.stdout + (done.stderr if not importtime else ""), "click" in imported


@pytest.mark.parametrize("pyproject", [True, False], ids=["pyproject", "goals-folder"])
def test_check_from_a_subfolder_checks_the_whole_repository(org_factory, pyproject):
    root = org_factory(FAILING / "tn102-dangling-reference",
                       files={"pyproject.toml": PYPROJECT} if pyproject else None)
    expected = console(root, "check")
    assert expected[0] == 1 and "goals/people/cat.yaml:8:16: TN102" in expected[1]
    assert console(root / "goals" / "people", "check") == expected  # answered by the quick path
    assert console(root / "goals" / "people", "check", "--no-cache") == expected  # by the full command
    code, output, click_loaded = console(root / "goals" / "people", "check", "--format", "json", importtime=True)
    code_again, output_again, click_again = console(root / "goals" / "people", "check", "--format", "json",
                                                    importtime=True)
    assert code == code_again == 1 and output == output_again and not click_again  # the quick path's answer


def test_every_command_finds_the_root_from_a_subfolder(org_factory, monkeypatch):
    root = org_factory()
    at_root = {}
    runner = CliRunner()
    commands = [["check"], ["tree"], ["trace", "cat-empathy"], ["gaps"], ["impact", "team-callbacks"],
                ["status", "--today", "2027-05-15"]]
    monkeypatch.chdir(root)
    for args in commands:
        at_root[args[0]] = runner.invoke(cli, args)
    monkeypatch.chdir(root / "goals" / "people")
    for args in commands:
        out = runner.invoke(cli, args)
        assert out.exit_code == 0 == at_root[args[0]].exit_code, (args, out.output)
        assert out.output == at_root[args[0]].output, args


def test_the_nearest_folder_wins_and_a_git_repository_is_a_boundary(tmp_path):
    outer = tmp_path / "outer"
    (outer / "goals").mkdir(parents=True)
    inner = outer / "tools" / "repo"
    (inner / "src" / "deep").mkdir(parents=True)
    assert find_root(str(inner / "src" / "deep")) == os.path.join("..", "..", "..", "..")  # outer, by its goals/
    (inner / ".git").write_text("gitdir: elsewhere\n")  # a worktree's or submodule's .git file
    assert find_root(str(inner / "src" / "deep")) == os.path.join("..", "..")
    code, output, _ = console(inner / "src", "check")
    assert code == 2 and "no goals folder at ../goals" in output


def test_a_pyproject_must_declare_truenorth_and_goals_dir_is_honoured(tmp_path):
    root = tmp_path / "repo"
    (root / "strategy" / "people").mkdir(parents=True)
    (root / "strategy" / "pyproject.toml").write_text('[project]\nname = "not-ours"\n')  # no [tool.truenorth]
    (root / "pyproject.toml").write_text('[tool.truenorth]\ngoals_dir = "strategy"\n')
    assert find_root(str(root / "strategy" / "people")) == os.path.join("..", "..")
    (root / "strategy" / "pyproject.toml").write_text('[tool.truenorth.severity]\nTN106 = "off"\n')
    assert find_root(str(root / "strategy" / "people")) == ".."
