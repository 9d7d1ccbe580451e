"""A quick smoke test of scripts/live_timing.py (the live check's seconds after each kind of save)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_live_timing_runs_each_edit_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    org = tmp_path / "org"
    subprocess.run([sys.executable, str(REPO / "scripts/synth_org.py"), "--people", "30", "--out", str(org),
                    "--seed", "1", "--force"], check=True, capture_output=True, timeout=120)
    before = {p: p.read_bytes() for p in (org / "goals").rglob("*.yaml")}
    env = {**os.environ, "TRUENORTH_TODAY": "2027-05-15"}
    proc = subprocess.run([sys.executable, str(REPO / "scripts/live_timing.py"), str(org), "--runs", "2"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    for kind in ("title", "current", "period", "link"):
        assert f"\n{kind}: min " in proc.stdout, kind
    assert "everything=False" in proc.stdout  # the edits take the narrow path
    assert {p: p.read_bytes() for p in (org / "goals").rglob("*.yaml")} == before
