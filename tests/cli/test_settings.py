"""[tool.truenorth] is checked for type and range (issue 16, item 7): a bad setting exits 2 with one line
naming the key, in `check` (also when the cache could answer), the planning commands and the site build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from truenorth.cli import cli

REPO_ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]

BAD = [
    ("max_goals_per_person = -1", "max_goals_per_person"),
    ("max_goals_per_person = true", "max_goals_per_person"),
    ("max_goals_per_person = 2.5", "max_goals_per_person"),
    ("stale_after_days = -30", "stale_after_days"),
    ('stale_after_days = "120"', "stale_after_days"),
    ('goals_dir = "/etc"', "goals_dir"),
    ('goals_dir = "../goals"', "goals_dir"),
    ('goals_dir = "goals/../../x"', "goals_dir"),
    ('goals_dir = "."', "goals_dir"),
    ('goals_dir = ""', "goals_dir"),
    ("goals_dir = 7", "goals_dir"),
    ('playbook_dir = "/srv/playbook"', "playbook_dir"),
    ('playbook_dir = ".."', "playbook_dir"),
    ('goals_dir = "outside"', "goals_dir"),  # a link out of the repository
    ("severity = 3", "severity"),
    ('today = "mid-May"', "today"),
    ("today = 2027-05-15T10:00:00", "today"),
    ("today = 20270515", "today"),
    ('goal_dir = "goals"', "goal_dir"),
    ("[tool.truenorth.severity]\nTN106 = 1", "TN106"),
    ('[tool.truenorth.severity]\nTN106 = "loud"', "TN106"),
    ('[tool.truenorth.severity]\norphn = "off"', "orphn"),
    ("key_results_per_goal = 5", "key_results_per_goal"),
    ("key_results_per_goal = [5, 1]", "key_results_per_goal"),
    ("key_results_per_goal = [-1, 5]", "key_results_per_goal"),
    ('key_results_per_goal = [1, "5"]', "key_results_per_goal"),
    ("key_results_per_goal = [1, 2, 3]", "key_results_per_goal"),
    ('output_words = "launch"', "output_words"),
    ("output_words = [1]", "output_words"),
    ('output_words = ["launch", " "]', "output_words"),
]


def _with_settings(root, settings: str):
    (root / "pyproject.toml").write_text(f"[tool.truenorth]\n{settings}\n", encoding="utf-8")
    (root / "outside").symlink_to(root.parent, target_is_directory=True)
    return root


@pytest.mark.parametrize("settings, key", BAD)
def test_a_bad_setting_exits_2_in_one_line_naming_its_key(org_factory, settings, key):
    root = _with_settings(org_factory(), settings)
    for command in (["check"], ["check", "--no-cache"], ["gaps"], ["status"], ["tree"]):
        done = CliRunner().invoke(cli, [*command, "--root", str(root)])
        assert done.exit_code == 2, (command, done.output)
        assert done.output.count("\n") == 1 and key in done.output and "[tool.truenorth" in done.output
        assert "Traceback" not in done.output


def test_the_hints_name_the_setting_meant(org_factory):
    root = _with_settings(org_factory(), 'goal_dir = "goals"')
    assert "did you mean 'goals_dir'?" in CliRunner().invoke(cli, ["check", "--root", str(root)]).output
    root.joinpath("pyproject.toml").write_text('[tool.truenorth.severity]\norphn = "off"\n', encoding="utf-8")
    assert "did you mean 'orphan'?" in CliRunner().invoke(cli, ["check", "--root", str(root)]).output


def test_good_settings_at_their_edges_are_taken(org_factory):
    root = org_factory()
    (root / "goals").rename(root / "teams")
    (root / "data").mkdir()
    (root / "data" / "goals").symlink_to(root / "teams", target_is_directory=True)  # a link inside: fine
    (root / "pyproject.toml").write_text('[tool.truenorth]\ngoals_dir = "data/goals/"\nmax_goals_per_person = 0\n'
                                         'stale_after_days = 0\nplaybook_dir = "docs/playbook"\n', encoding="utf-8")
    done = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert done.exit_code == 0, done.output


def test_the_site_build_refuses_a_bad_setting_in_one_line(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    for folder in ("goals", "playbook"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    shutil.copy2(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    _with_settings(root, "stale_after_days = -1")
    for command in (["build", "--site-dir", str(tmp_path / "site")], ["serve"]):
        done = CliRunner().invoke(cli, [*command, "--root", str(root)])
        assert done.exit_code == 2 and done.output.count("\n") == 1 and "stale_after_days" in done.output, done.output
    from mkdocs.exceptions import Abort

    from truenorth.mkdocs_plugin.build import build_site

    with pytest.raises(Abort):  # MkDocs' own build: the plugin refuses it (a PluginError, logged)
        build_site(root, tmp_path / "site")
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_goals_folder_that_became_a_link_out_after_a_cached_check_is_refused(org_factory, tmp_path):
    """The cache's quick path replays a recorded answer without reading the settings: it must not
    answer for a goals folder that now lies outside the repository."""
    root = org_factory()
    env = {**os.environ, "TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}

    def check():
        return subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root)],
                              capture_output=True, text=True, env=env, timeout=120)

    assert check().returncode == 0 and check().returncode == 0  # recorded, then answered from the cache
    (root / "goals").rename(tmp_path / "goals-elsewhere")
    (root / "goals").symlink_to(tmp_path / "goals-elsewhere", target_is_directory=True)
    done = check()
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "goals_dir" in done.stderr and "goals-elsewhere" in done.stderr
