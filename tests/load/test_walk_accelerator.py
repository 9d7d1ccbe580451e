"""The optional C walk of the goals folder (src/truenorth/load/_fastwalk.c) gives what the Python walk gives,
on ordinary trees by itself, and on trees with something the walk refuses by handing them back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, VALID_ORG
from tests.load import awkward_trees
from truenorth.load import files

if files._fastwalk is None:
    if os.environ.get("TRUENORTH_REQUIRE_ACCELERATOR"):  # CI has a compiler: it must build
        raise RuntimeError("the folder walk accelerator is not built (src/truenorth/load/_fastwalk.c); see hatch_build.py")
    pytest.skip("the folder walk accelerator is not built (no C compiler)", allow_module_level=True)

walk_in_c = files._fastwalk.stat_walk


def _awkward_tree(goals):
    names = ["vision.yaml", "corporate.yaml", "a.yaml", "a-b/x.yaml", "a/z.yaml", "a/b/c.yml", "a.b/y.yaml",
             "people/Zed.yaml", "people/ann.yaml", "people/team-1/bob.yaml", "people/team/carl.yaml",
             "people/team.yaml", "ünï/x.yaml", "ü/ä.yaml", "日本/人.yaml", ".hidden/x.yaml", "people/.draft.yaml",
             "notes.txt", "people/x.md", "people/y.YAML", "people/z.yaml.bak", "deep/" + "d/" * 30 + "end.yaml"]
    for name in names:
        (goals / name).parent.mkdir(parents=True, exist_ok=True)
        (goals / name).write_text(f"# {name}\n", encoding="utf-8")
    (goals / "linked").symlink_to(goals / "a", target_is_directory=True)  # a link to a folder: not followed
    (goals / "people" / "link.yaml").symlink_to(goals / "a.yaml")  # a link to a file in the folder is a file
    (goals / "people" / "up.yml").symlink_to(Path("..", "a", "z.yaml"))  # relative, through ".."
    (goals / "people" / "folder-link.yaml").symlink_to(goals / "a", target_is_directory=True)  # not followed
    (goals / "people" / "notes.md").symlink_to("/nowhere/at/all")  # not a goals file, dangling: skipped
    (goals / "people" / "folder.yaml").mkdir()  # a folder named like a file: walked into
    (goals / "people" / "folder.yaml" / "inside.yaml").write_text("x: 1\n", encoding="utf-8")
    os.mkfifo(goals / "people" / "pipe.txt")  # not named like a goals file: skipped, never opened
    (goals / "empty").mkdir()
    return goals


def test_the_c_walk_lists_the_same_files_in_the_same_order_with_the_same_stat_data(tmp_path):
    goals = _awkward_tree(tmp_path / "goals")
    in_c = walk_in_c(str(goals))
    assert in_c is not None and in_c == files.python_walk(str(goals))
    assert dict(in_c)["people/link.yaml"] == dict(in_c)["a.yaml"]  # the stat data of what it points to
    assert dict(in_c)["people/up.yml"] == dict(in_c)["a/z.yaml"]
    assert not [rel for rel, state in in_c if not isinstance(state, tuple)]  # nothing refused
    assert [rel for rel, _ in in_c] == sorted((rel for rel, _ in in_c), key=lambda rel: rel.split("/"))
    assert "people/folder.yaml/inside.yaml" in dict(in_c) and "people/pipe.yaml" not in dict(in_c)
    assert files.goal_file_stats(str(goals)) == in_c


def test_the_sample_goals_walk_the_same(tmp_path):
    goals = str(REPO_ROOT / "goals")
    assert walk_in_c(goals) == files.python_walk(goals) and len(walk_in_c(goals)) > 50


@pytest.mark.parametrize("make", awkward_trees.MAKERS, ids=lambda make: make.__name__)
def test_both_walks_refuse_the_same_paths_in_the_same_words(tmp_path, make):
    root = tmp_path / "org"
    shutil.copytree(VALID_ORG, root)
    try:
        named = make(root)
        goals = str(root / "goals")
        in_python = files.python_walk(goals)
        in_c = walk_in_c(goals)
        listed = files.goal_file_stats(goals)
    finally:
        awkward_trees.remove_deep(root)  # (always: pytest's own clean-up would hit Python's recursion limit)
    assert in_c is None or in_c == in_python  # (it hands back what it does not word itself)
    assert listed == in_python
    refused = {rel: files.problem_of(state)[0] for rel, state in in_python if isinstance(state, str)}
    if make is awkward_trees.too_large:  # listed as any file, with its size: whoever reads it looks first
        assert refused == {} and dict(in_python)["people/big.yaml"][0] == awkward_trees.BIG
    else:
        assert refused == dict(named)
    assert [rel for rel, _ in in_python] == sorted((rel for rel, _ in in_python), key=lambda rel: rel.split("/"))
    assert not [rel for rel in dict(in_python) if any(rel.startswith(folder + "/") for folder in refused)]


def test_a_folder_missing_goes_to_the_python_walk_which_raises(tmp_path):
    assert walk_in_c(str(tmp_path / "nowhere")) is None
    with pytest.raises(FileNotFoundError):
        files.goal_file_stats(str(tmp_path / "nowhere"))  # the goals folder itself: the command says so


def test_the_accelerator_can_be_switched_off():
    import subprocess
    import sys

    def version(**env) -> str:
        done = subprocess.run([sys.executable, "-m", "truenorth", "--version"], capture_output=True, text=True,
                              env={**{k: v for k, v in os.environ.items() if k != "TRUENORTH_NO_ACCELERATOR"}, **env},
                              timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "Folder walk accelerator: on" in version()
    assert "Folder walk accelerator: off" in version(TRUENORTH_NO_ACCELERATOR="1")
