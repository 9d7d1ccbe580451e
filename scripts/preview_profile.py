"""One `truenorth serve` save cycle, in process: the seconds of each rebuild after a save, and where they go.

    python scripts/preview_profile.py --people 10000 [--saves 3] [--profile out.prof] [--workdir DIR]

Generates the organisation as scripts/bench.py does (synth_org.py, seed 1, the repository's playbook and
mkdocs.yml with on_error: warn), builds it once with the preview (mkdocs_plugin/serve.py PreviewSite, what
`truenorth serve` runs, without the HTTP server and its watcher), then saves a new title of a goal in one
person's file and times the rebuild, `--saves` times (the minimum and every run are printed). With
--profile, the last rebuild runs under cProfile (its stats written there, the top printed).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def prepare(workdir: Path, people: int) -> Path:
    org = workdir / f"org-{people}"
    if not (org / "mkdocs.yml").is_file():
        subprocess.run([sys.executable, str(REPO / "scripts/synth_org.py"), "--people", str(people), "--out", str(org),
                        "--seed", "1", "--force"], check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(org / "playbook", ignore_errors=True)
        shutil.copytree(REPO / "playbook", org / "playbook")
        config = re.sub(r"on_error:\s*\w+", "on_error: warn", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        (org / "mkdocs.yml").write_text(config, encoding="utf-8")
    return org


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=10000)
    ap.add_argument("--saves", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=None, help="where the organisation is generated (kept)")
    ap.add_argument("--profile", type=Path, default=None, help="profile the last rebuild into this file")
    args = ap.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("TRUENORTH_TODAY", "2027-05-15")  # (the bench's date: the review pages exist)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="truenorth-preview-"))
    org = prepare(workdir, args.people)
    people = sorted((org / "goals/people").rglob("*.yaml"))
    victim = people[len(people) // 2]
    from truenorth.mkdocs_plugin.serve import PreviewSite

    site = PreviewSite(org / "mkdocs.yml", site_dir=workdir / f"served-{args.people}")
    try:
        start = time.perf_counter()
        site.build(site.config)
        print(f"first build: {time.perf_counter() - start:.2f} s", flush=True)
        times = []
        for number in range(1, args.saves + 1):
            text = victim.read_text(encoding="utf-8")
            victim.write_text(re.sub(r"(\n    title: )(?:Saved\S+ )*", rf"\g<1>Saved{number}x{time.time_ns()} ", text,
                                     count=1), encoding="utf-8")
            profiler = cProfile.Profile() if args.profile is not None and number == args.saves else None
            start = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            site.build()
            if profiler is not None:
                profiler.disable()
            times.append(time.perf_counter() - start)
            print(f"save {number} ({victim.name}): rebuild {times[-1]:.2f} s", flush=True)
        print(f"rebuild after a save, {args.people} people: min {min(times):.2f} s, runs "
              + ", ".join(f"{t:.2f}" for t in times))
        if profiler is not None:
            profiler.dump_stats(str(args.profile))
            pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(45)
    finally:
        site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
