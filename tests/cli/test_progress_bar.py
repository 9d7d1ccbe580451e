"""Long work shows progress: a bar on a terminal for a large goals folder, nothing in CI, in a pipe or with --quiet."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from truenorth.cli import cli

REPO = Path(__file__).resolve().parents[2]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def large_org(tmp_path_factory) -> Path:
    """An organisation of more than 500 goals files (the bar's threshold)."""
    root = tmp_path_factory.mktemp("progress") / "org"
    subprocess.run([sys.executable, str(REPO / "scripts" / "synth_org.py"), "--people", "480", "--out", str(root)],
                   check=True, capture_output=True, timeout=120)
    return root


def _stderr_of_check(root: Path, monkeypatch, stream: io.StringIO, *, quiet: bool) -> str:
    """What `truenorth check --no-cache` writes to stderr when it is `stream` (click's CliRunner would
    give it a stderr of its own, never a terminal)."""
    monkeypatch.setattr(sys, "stderr", stream)
    with pytest.raises(SystemExit) as done:
        cli.main(["check", "--root", str(root), "--no-cache", *(["--quiet"] if quiet else [])], prog_name="truenorth")
    assert done.value.code == 0
    return stream.getvalue()


def test_a_terminal_gets_a_bar_that_reaches_every_file(large_org, monkeypatch):
    files = len(list((large_org / "goals").rglob("*.yaml")))
    assert files > 500
    shown = _stderr_of_check(large_org, monkeypatch, _Terminal(), quiet=False)
    assert "Reading goals" in shown and shown.rstrip().endswith("100%\x1b[?25h") and "0%" in shown


def test_quiet_a_pipe_or_a_small_folder_show_nothing(large_org, monkeypatch, org_factory):
    assert _stderr_of_check(large_org, monkeypatch, _Terminal(), quiet=True) == ""
    assert _stderr_of_check(large_org, monkeypatch, io.StringIO(), quiet=False) == ""  # not a terminal: CI, a pipe
    assert _stderr_of_check(org_factory(), monkeypatch, _Terminal(), quiet=False) == ""  # too few files to wait for
