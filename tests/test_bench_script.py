"""A quick smoke test of scripts/bench.py, the performance benchmark (issue 8)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "bench.py"


def test_bench_writes_measurements_and_ratios(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "30", "--skip-site", "--skip-check-jsonschema", "--skip-plain-install", "--check-runs", "1",
         "--workdir", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "check (cold)" in proc.stdout and "check cold / floor" in proc.stdout
    assert "30: check (cold" in proc.stderr  # progress goes to stderr

    data = json.loads(out.read_text())
    assert data["sizes"] == [30]
    (result,) = data["results"]
    assert result["people"] == 30
    for key in ("check_nocache", "check_cold", "check_warm", "check_1file", "check_1seen", "link_dry", "floor", "diff",
                "diff_check_cold"):
        assert result[key]["seconds"] > 0, key
        assert result[key]["peak_mb"] > 0, key
    assert result["jsonschema"] is None and result["build"] is None and result["bare_build"] is None

    ratios = {r["name"]: r for r in data["ratios"]}
    for name in ("30: check cold / floor", "30: check warm / cold", "30: 1 file, progress update / cold",
                 "30: 1 file, period changed / cold", "30: diff / check cold (alternating)"):
        assert ratios[name]["value"] > 0, name
        assert ratios[name]["met"] in (True, False)
        assert ratios[name]["verdict"] == "met" or ratios[name]["verdict"].startswith("MISSED by")
    assert ratios["30: build / bare build"]["value"] is None  # skipped, not invented
    history = result["history"]  # key-result history from git, 10 commits per file by default
    assert history["commits_per_file"] == 10 and history["key_results"] > 0
    assert history["readings"] == 10 * history["key_results"]  # every commit moved every current value
    assert all(history[k] > 0 for k in ("first", "same_process", "blob_cache"))
    assert "history from git      30 people, 10 commits per file" in proc.stdout


def test_bench_builds_alternate_and_report_their_median_run(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "12", "--skip-check-jsonschema", "--skip-plain-install", "--build-runs", "3",
         "--workdir", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    order = [line for line in proc.stderr.splitlines() if "build" in line and "(run " in line]
    assert [("bare" in line, line.split("(run ")[1][0]) for line in order] == [
        (False, "1"), (True, "1"), (False, "2"), (True, "2"), (False, "3"), (True, "3")]  # alternately
    (result,) = json.loads(out.read_text())["results"]
    for key in ("build", "bare_build"):
        runs = result[key]["runs"]
        assert len(runs) == 3 and result[key]["seconds"] == sorted(runs)[1], key  # the median run
        assert result[key]["site_mb"] > 0, key  # what the site weighs on disk
    assert result["build"]["pages"] > 12
    assert result["bare_build"]["pages"] == 12  # the denominator: one trivial page per person (issue 17)
    assert result["build"]["people_pages"] == "own"  # mkdocs.yml's auto, at 12 people
    assert "(median of " in proc.stdout and "site output       12 people:" in proc.stdout
    assert "people_pages: own" in proc.stdout and "truenorth build (own)" in proc.stdout
    # the live preview: each save timed until the person's page shows it (3 saves: --check-runs' default)
    assert len(result["preview"]["runs"]) == 3 and result["preview"]["first_build_seconds"] > 0
    assert "serve: save -> served" in proc.stdout and "12: serve, save -> changed page served" in proc.stdout


def test_check_measurements_report_their_median_run_each_run_on_its_own_edit(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    work = tmp_path / "work"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "20", "--skip-site", "--skip-check-jsonschema", "--skip-plain-install", "--check-runs", "3",
         "--workdir", str(work), "--out", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (result,) = json.loads(out.read_text())["results"]
    for key in ("check_nocache", "check_cold", "check_warm", "check_1file", "check_1seen", "floor", "diff",
                "diff_check_cold"):
        runs = result[key]["runs"]
        assert len(runs) == 3 and result[key]["seconds"] == sorted(runs)[1], key
    assert proc.stderr.count("check (cold: empty cache) (run ") == 3
    assert proc.stderr.count("a progress update") == proc.stderr.count("a goal's period") == 3
    # each progress update appended a digit: 57 -> 571 -> 5711 -> 57111
    edited = [p for p in (work / "org-20" / "goals").rglob("*.yaml")
              if re.search(r"current: [0-9.]*111\b", p.read_text(encoding="utf-8"))]
    assert len(edited) == 1



def test_bench_only_preview_measures_the_preview_alone(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "30", "--only", "preview", "--check-runs", "1",
         "--workdir", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (result,) = json.loads(out.read_text())["results"]
    assert result["preview"]["seconds"] > 0 and len(result["preview"]["runs"]) == 1
    assert result["check_cold"] is None and result["build"] is None and result["floor"] is None
    assert "30: serve, save -> changed page served" in proc.stdout
    assert "check (cold" not in proc.stderr  # nothing else was measured


def test_bench_only_site_measures_the_build_against_the_bare_build_alone(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "30", "--only", "site", "--build-runs", "1",
         "--workdir", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (result,) = json.loads(out.read_text())["results"]
    assert result["build"]["seconds"] > 0 and result["build"]["pages"] > 30 and result["build"]["people_pages"] == "own"
    assert result["bare_build"]["pages"] == 30 and result["bare_build"]["peak_mb"] > 0
    assert result["check_cold"] is None and result["preview"] is None and result["floor"] is None
    assert "30: build / bare build" in proc.stdout
    assert "check (cold" not in proc.stderr and "preview" not in proc.stderr  # nothing else was measured
