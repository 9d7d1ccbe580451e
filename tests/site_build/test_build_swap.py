"""`truenorth build` writes the site beside site_dir and swaps it in: a failed or killed build leaves
the previous site whole, and what a killed build left beside it goes with the next build (issue 16)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from tests.site_build import helpers
from truenorth.cli import cli

WAIT = 300  # seconds: the most a build may take on a busy machine, never a time the test expects


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def _beside(site: Path) -> list[str]:
    return sorted(name for name in os.listdir(site.parent) if name != site.name)


def _built_once(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    root = helpers.small_org(tmp_path / "repo")
    site = tmp_path / "out" / "site"
    done = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(site)])
    assert done.exit_code == 0, done.output
    before = _files(site)
    assert "index.html" in before
    return root, site, before


def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path):
    root, site, before = _built_once(tmp_path)
    (root / "goals" / "broken.yaml").write_text("goals: [\n", encoding="utf-8")  # a goal error
    done = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(site)])
    assert done.exit_code == 1
    assert _files(site) == before
    assert _beside(site) == []  # its temporary folder is gone too


def test_a_build_into_site_dir_of_mkdocs_yml_replaces_the_site_in_full(tmp_path):
    root = helpers.small_org(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "site_dir: ../public\n", encoding="utf-8")
    site = tmp_path / "public"
    site.mkdir()
    (site / "left-over.html").write_text("from before", encoding="utf-8")
    done = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert done.exit_code == 0, done.output
    assert (site / "index.html").is_file() and not (site / "left-over.html").exists()
    assert _beside(site) == ["repo"]


def test_a_build_killed_anywhere_leaves_the_previous_site_whole(tmp_path):
    root, site, before = _built_once(tmp_path)
    command = [sys.executable, "-m", "truenorth", "build", "--root", str(root), "--site-dir", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=WAIT)  # how long one takes here
    took = time.monotonic() - started
    assert _files(site) == before
    killed = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + WAIT
        while not _beside(site) and (site / "index.html").is_file():  # until the build begins writing the site
            assert killed.poll() is None and time.monotonic() < deadline, "the build ended before it began the site"
            time.sleep(0.005)
        time.sleep(random.uniform(0, took / 2))  # somewhere in the writing of the site
        killed.send_signal(signal.SIGKILL)
        assert killed.wait(WAIT) == -signal.SIGKILL
    finally:
        if killed.poll() is None:
            killed.kill()
            killed.wait(WAIT)
    assert _files(site) == before
    # the next build clears what the killed one left beside the site
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=WAIT)
    assert _beside(site) == []
    assert (site / "index.html").is_file()


def _a_finished_process() -> int:
    """The number of a process that has ended (so none of its folders is in use)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True, timeout=WAIT)
    return int(done.stdout)


def test_what_a_killed_build_left_beside_the_site_is_cleared_and_a_site_set_aside_put_back(tmp_path):
    root, site, before = _built_once(tmp_path)
    # a build killed between its two renames: the old site set aside, the new one not yet in place
    gone = _a_finished_process()
    site.rename(site.with_name(f".site.{gone}.old"))
    (site.parent / f".site.{gone}.abc123.tmp").mkdir()
    (site.parent / f".site.{gone}.abc123.tmp" / "index.html").write_text("half a site", encoding="utf-8")
    (site.parent / ".site.notes").write_text("not a build's", encoding="utf-8")  # not ours: left alone
    (root / "goals" / "broken.yaml").write_text("goals: [\n", encoding="utf-8")  # this build fails
    done = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(site)])
    assert done.exit_code == 1
    assert _files(site) == before
    assert _beside(site) == [".site.notes"]


def test_a_site_dir_that_is_a_file_is_refused_and_kept(tmp_path):
    root = helpers.small_org(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "site_dir: ../site\n", encoding="utf-8")
    site = tmp_path / "site"
    site.write_text("a file", encoding="utf-8")
    done = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert done.exit_code == 2 and "exists and is not a folder" in done.output, done.output
    assert site.read_text(encoding="utf-8") == "a file"
