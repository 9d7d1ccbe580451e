"""The pre-commit hook (`.pre-commit-hooks.yaml`, id `truenorth-check`), run by pre-commit itself.

A goals repository made by the test names this repository as its hook `repo:` (a git copy of the
working tree, committed by the test, so what is tested is what is here) at a `rev:`; `git commit`
runs the installed hook: a commit whose goals do not trace is refused, a good one is made.

pre-commit builds one environment for the hook (a virtualenv with truenorth installed from that
copy); the fixtures are module-scoped so it is built once. pip installs from wherever it is
configured to (an index, or a local wheel cache such as PIP_FIND_LINKS, offline).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT, VALID_ORG

DATE = "2027-01-04T09:00:00+00:00"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
# pip's words when a package cannot be fetched at all: no network and no local copy
_OFFLINE = ("NameResolutionError", "Failed to establish a new connection", "No matching distribution found")


def git(cwd: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    environment = {**(env or os.environ), "GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE,
                   "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-c", "user.name=Ana Lima", "-c", "user.email=ana@example.org",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, env=environment, capture_output=True, text=True, check=check, timeout=900)


def source_files() -> list[str]:
    """This repository's files as git would commit them now (tracked and new, not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=REPO_ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return [name for name in listed if name and (REPO_ROOT / name).is_file()]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """(a git repository holding this working tree, its commit): the `repo:` and `rev:` of the hook."""
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("needs git and a checkout of truenorth")
    copy = tmp_path_factory.mktemp("truenorth-hook-repo")
    for name in source_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "truenorth as it is in the working tree")
    return copy, git(copy, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def pre_commit_env(tmp_path_factory) -> dict:
    """The environment the hook runs in: its own pre-commit home (one hook environment for the module)."""
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (it is in the test extras)")
    home = tmp_path_factory.mktemp("pre-commit-home")
    # PIP_RETRIES: offline, pip gives up on an unreachable index after one retry instead of five
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "TRUENORTH_CACHE_DIR": str(home / "truenorth-cache"),
            "PIP_RETRIES": os.environ.get("PIP_RETRIES", "1")}


@pytest.fixture(scope="module")
def goals_repo(tmp_path_factory, hook_repo, pre_commit_env) -> Path:
    """A goals repository using the hook, with pre-commit installed as its git hook and a first commit."""
    repo_path, rev = hook_repo
    root = tmp_path_factory.mktemp("goals-repo")
    shutil.copytree(VALID_ORG, root, dirs_exist_ok=True)
    (root / "pyproject.toml").write_text('[tool.truenorth]\ngoals_dir = "goals"\n')
    config = {"repos": [{"repo": str(repo_path), "rev": rev, "hooks": [{"id": "truenorth-check"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    git(root, "init", "-q")
    subprocess.run([str(PRE_COMMIT), "install"], cwd=root, env=pre_commit_env, check=True, capture_output=True)
    # builds the hook's environment once (pip installs truenorth from the hook repository)
    built = subprocess.run([str(PRE_COMMIT), "install-hooks"], cwd=root, env=pre_commit_env, capture_output=True,
                           text=True, timeout=1200)
    output = built.stdout + built.stderr
    if built.returncode != 0 and any(sign in output for sign in _OFFLINE):
        pytest.skip("pip could not fetch truenorth's dependencies for the hook's environment (offline, and not "
                    "all of them in a local index or find-links folder)")
    assert built.returncode == 0, output
    return root


def test_the_hook_file_declares_truenorth_check():
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "truenorth-check")
    assert hook["entry"].split()[:2] == ["truenorth", "check"] and hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_a_good_commit_passes_and_a_bad_one_is_refused(goals_repo, pre_commit_env):
    git(goals_repo, "add", "-A")
    good = git(goals_repo, "commit", "-m", "the goals", env=pre_commit_env, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "truenorth check" in good.stdout + good.stderr  # the hook ran
    head = git(goals_repo, "rev-parse", "HEAD").stdout

    cat = goals_repo / "goals" / "people" / "cat.yaml"
    cat.write_text(cat.read_text().replace("supports: [team-callbacks]", "supports: [team-callback]", 1))
    assert "team-callback]" in cat.read_text()
    git(goals_repo, "add", "-A")
    bad = git(goals_repo, "commit", "-m", "a typo in a link", env=pre_commit_env, check=False)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "TN102" in output and "goals/people/cat.yaml" in output  # what is wrong, and where
    assert git(goals_repo, "rev-parse", "HEAD").stdout == head  # nothing was committed

    # fixed, it passes; a change that is not staged does not count (pre-commit checks what is committed)
    fixed_text = cat.read_text().replace("supports: [team-callback]", "supports: [team-callbacks]", 1)
    cat.write_text(fixed_text + "  # reviewed with the team\n")
    git(goals_repo, "add", "-A")
    (goals_repo / "goals" / "people" / "bob.yaml").write_text("person: [not, a, mapping\n")  # unstaged, broken
    fixed = git(goals_repo, "commit", "-m", "fix the link", env=pre_commit_env, check=False)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert git(goals_repo, "rev-parse", "HEAD").stdout != head
