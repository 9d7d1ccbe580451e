"""GitHub annotations and SARIF name files from the git repository's top, where the tools that read them
anchor paths: with truenorth's root in a folder of the repository (goals kept beside code), their paths
start with that folder; the text and JSON reports keep paths from the root. The same whether the full
check answers or the console script's quick path replays the answer from the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FAILING, make_org
from truenorth.root import path_in_repository


def _inside_a_repository(path: Path) -> bool:
    return any((parent / ".git").exists() for parent in [path, *path.parents])


def test_the_roots_place_in_its_repository(tmp_path):
    if _inside_a_repository(tmp_path):
        pytest.skip("the temporary folder is inside a git repository")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "strategy" / "org").mkdir(parents=True)
    assert path_in_repository(str(repo)) == ""
    assert path_in_repository(str(repo / "strategy")) == "strategy/"
    assert path_in_repository(str(repo / "strategy" / "org")) == "strategy/org/"
    worktree = tmp_path / "worktree"  # a worktree's or submodule's .git is a file
    (worktree / "goals-here").mkdir(parents=True)
    (worktree / ".git").write_text("gitdir: ../repo/.git/worktrees/worktree\n", encoding="utf-8")
    assert path_in_repository(str(worktree / "goals-here")) == "goals-here/"
    assert path_in_repository(str(tmp_path / "no-repository")) == ""


def _check(root: Path, fmt: str) -> tuple[int, str]:
    run = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), "--format", fmt],
                         capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, run.stdout


def test_annotations_and_sarif_name_files_from_the_repository_top(tmp_path):
    if _inside_a_repository(tmp_path):
        pytest.skip("the temporary folder is inside a git repository")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    root = make_org(tmp_path / "repo" / "strategy", FAILING / "tn102-dangling-reference")  # .../strategy/org
    for attempt in ("full check", "answered from the cache"):
        code, github = _check(root, "github")
        assert code == 1, attempt
        annotations = [line for line in github.splitlines() if line.startswith("::")]
        assert annotations and all(",line=" in line for line in annotations), attempt
        assert all("file=strategy/org/goals/" in line for line in annotations), (attempt, annotations)

        code, sarif = _check(root, "sarif")
        uris = [location["physicalLocation"]["artifactLocation"]["uri"]
                for result in json.loads(sarif)["runs"][0]["results"] for location in result["locations"]]
        assert uris and all(uri.startswith("strategy/org/goals/") for uri in uris), (attempt, uris)

        code, text = _check(root, "json")
        paths = [finding["path"] for finding in json.loads(text)["findings"]]
        assert paths and all(path.startswith("goals/") for path in paths), (attempt, paths)


def test_at_the_repository_top_the_paths_are_as_they_were(tmp_path):
    if _inside_a_repository(tmp_path):
        pytest.skip("the temporary folder is inside a git repository")
    root = make_org(tmp_path, FAILING / "tn102-dangling-reference")
    (root / ".git").mkdir()
    _, github = _check(root, "github")
    annotations = [line for line in github.splitlines() if line.startswith("::")]
    assert annotations and all("file=goals/" in line for line in annotations)
