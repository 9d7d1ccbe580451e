#!/usr/bin/env python3
"""Benchmark truenorth against its performance targets (issue 8).

For each organisation size this generates a synthetic organisation (scripts/synth_org.py, seed 1)
and measures, each as a whole child process (wall time and the child's peak RSS from os.wait4):

  check-cold     truenorth check --root ORG -q, with its cache (TRUENORTH_CACHE_DIR=WORKDIR/cache-N) removed
  check-warm     the same again, nothing changed
  check-1file    the same after a progress update in one person file (a key result's current value
                 changed): an edit no rule reads, so the last report is reused after parsing that file
  check-1seen    the same after one goal's period changed in that file: an edit rules read, so the
                 organisation is assembled again (from the cache, that file parsed) and every rule runs
  check-nocache  truenorth check --no-cache: a cold check that also skips writing the cache
  diff           truenorth diff HEAD~1 HEAD on a git repository of the organisation whose second commit
                 moves 20 targets, alternating with a cold check of that repository (target: at most twice
                 that check; each reported by its median run)
  floor          a python one-liner that reads and yaml.load()s (CSafeLoader) every YAML file
                 (each check measurement and the floor run --check-runs times, 3 by default, and are
                 reported by their median run: the cold ones each on an emptied cache, the edited ones
                 each after an edit of their own)
  jsonschema     check-jsonschema on every person file (chunked under ARG_MAX: times summed, max memory)
  build          truenorth build --root ORG --site-dir WORKDIR/site-N (and the size of the site it wrote, and
                 where it showed people: the plugin's people_pages, `own` pages or folded into their
                 `team`'s page, as mkdocs.yml's default `auto` chose or --people-pages set; at 100,000
                 people its peak memory has a target: under 4 GB)
  bare-build     MkDocs + Material building one trivial page per person (issue 17: so a design with
                 fewer, richer pages is measured fairly), whatever number of pages `build` made
                 (the two builds alternate --build-runs times, 3 by default; each is reported by its
                 median run, with every run's time in the JSON: this machine's speed drifts by tens
                 of percent from one minute to the next)
  preview        `truenorth serve` on ORG: after its first build, a goal's title saved in one person's
                 file, timed until the page that shows that person (their own, or their department's
                 with people_pages: team) is served with the new title (polled every
                 20 ms; includes MkDocs' file watcher, which polls every 0.5 s); --check-runs saves,
                 reported by the median, with the server's peak memory
  search         the built site's search index size, and the time headless Chromium takes to answer
                 the first search for a person's name (scripts/search_probe.py)

and, as a user installs truenorth (a fresh virtual environment in WORKDIR/plain-venv with a plain
`pip install .` of this checkout, no extras; --plain-no-compiler installs it with CC=/bin/false, as the sdist
installs where no compiler is), the same check measurements again with that venv's truenorth: rows marked
"plain install", its `truenorth --version` (which validator and accelerators it has) in the JSON.
--skip-plain-install leaves them out.

It then prints a table, the ratios against their targets ("met" / "MISSED by ...") and writes every
figure as JSON to --out. Progress goes to stderr.

example: python scripts/bench.py --sizes 1000,10000 --out bench-results/bench.json
         python scripts/bench.py --sizes 1000,10000 --only preview   (the preview alone)
         python scripts/bench.py --sizes 100000 --only site --build-runs 1   (the 100,000-person site alone)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SYNTH = REPO / "scripts" / "synth_org.py"
SCHEMAS = REPO / "schemas"
TODAY = "2027-05-15"
os.environ.setdefault("TRUENORTH_TODAY", TODAY)  # the date every command and site build judge status on
# Measure truenorth as a user runs it: with Python's cached bytecode. A shell that sets
# PYTHONDONTWRITEBYTECODE makes every run compile truenorth's modules again (about 45 ms of a period
# edit's 0.24 s at 10,000 people, measured 2026-12-05), which no installed truenorth pays.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
RACY_SECONDS = 2.0  # truenorth.load.files.RACY_SECONDS (the bench runs the installed truenorth as a program)

FLOOR_CODE = (
    "import sys, yaml, pathlib\n"
    "n = 0\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader); n += 1\n"
    "print(n)\n"
)


HISTORY_CODE = (
    "import json, sys, time\n"
    "from pathlib import Path\n"
    "from truenorth.check import run_check\n"
    "from truenorth.config import load_config\n"
    "from truenorth.timeline import history\n"
    "root = Path(sys.argv[1]); org = run_check(load_config(root)).org\n"
    "times = []\n"
    "for step in range(3):\n"
    "    if step == 2: history._MEMO.clear()\n"  # (step 0: empty blob cache; 1: same process; 2: blob cache)
    "    start = time.perf_counter(); found = history.read_history(root, 'goals', org)\n"
    "    times.append(time.perf_counter() - start)\n"
    "print(json.dumps({'first': times[0], 'same_process': times[1], 'blob_cache': times[2],\n"
    "                  'key_results': len(found), 'readings': sum(map(len, found.values()))}))\n"
)


def history_figures(workdir: Path, people: int, commits: int) -> dict:
    """What reading key-result history from git costs (timeline/history.py) on an organisation whose every
    file has `commits` versions (synth_org.py --history): the first read (no blob cache), again in the same
    process (a serve rebuild) and in a new process with the blob cache (the next command or build)."""
    org = workdir / f"org-{people}-history-{commits}"
    log(f"{people}: generating {commits} commits per file into {org}")
    subprocess.run([sys.executable, str(SYNTH), "--people", str(people), "--out", str(org), "--seed", "1",
                    "--force", "--history", str(commits)], check=True, stdout=subprocess.DEVNULL)
    cache = workdir / f"history-cache-{people}"
    shutil.rmtree(cache, ignore_errors=True)
    log(f"{people}: reading the key results' history from git")
    done = subprocess.run([sys.executable, "-c", HISTORY_CODE, str(org)], check=True, capture_output=True, text=True,
                          env={**os.environ, "TRUENORTH_CACHE_DIR": str(cache)})
    return {"commits_per_file": commits, **json.loads(done.stdout)}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def measure(cmd: list[str], *, env: dict | None = None, cwd: Path | None = None,
            ok_codes: tuple[int, ...] = (0,)) -> dict:
    """Run cmd as a child process; return its wall time (s) and peak RSS (MB) from os.wait4. The writes of
    earlier runs reach the disk first (os.sync, untimed): at 100,000 people a check writes 290 MB of cache,
    and writing it back during the next run slowed that run's reads by up to 2.5 s."""
    if hasattr(os, "sync"):
        os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    # Drain stderr without wait(): wait4 must be the call that reaps the child to get its rusage.
    err = proc.stderr.read()
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok_codes:
        raise SystemExit(f"bench: {' '.join(cmd[:4])} ... exited {proc.returncode}:\n"
                         f"{err.decode(errors='replace')[-3000:]}")
    return {"seconds": round(seconds, 4), "peak_mb": round(usage.ru_maxrss / 1024, 1),
            "exit_code": proc.returncode}


def truenorth_cmd() -> list[str]:
    """The `truenorth` console script as users run it: the one installed beside this Python (a virtual
    environment's, whether or not its bin/ is on PATH), else the first on PATH, else `python -m truenorth`
    (which also imports runpy: about 4 ms more per run)."""
    beside = Path(sys.executable).with_name("truenorth.exe" if os.name == "nt" else "truenorth")
    if beside.is_file():
        return [str(beside)]
    exe = shutil.which("truenorth")
    return [exe] if exe else [sys.executable, "-m", "truenorth"]


def prepare_org(workdir: Path, people: int, people_pages: str | None = None) -> Path:
    org = workdir / f"org-{people}"
    log(f"generating {people} people into {org}")
    subprocess.run([sys.executable, str(SYNTH), "--people", str(people), "--out", str(org),
                    "--seed", "1", "--force"], check=True, stdout=subprocess.DEVNULL)
    playbook = org / "playbook"
    if playbook.is_symlink() or playbook.is_file():
        playbook.unlink()
    elif playbook.is_dir():
        shutil.rmtree(playbook)
    shutil.copytree(REPO / "playbook", playbook)  # (a link out of the repository is refused: [tool.truenorth])
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"on_error:\s*\w+", "on_error: warn" + (f"\n      people_pages: {people_pages}" if people_pages else ""),
                    config)
    (org / "mkdocs.yml").write_text(config, encoding="utf-8")
    return org


def person_files(org: Path) -> list[Path]:
    return sorted((org / "goals" / "people").rglob("*.yaml"))


def arg_chunks(fixed: list[str], files: list[str]) -> list[list[str]]:
    """Split files into argument lists that keep each command well under ARG_MAX."""
    try:
        arg_max = os.sysconf("SC_ARG_MAX")
    except (ValueError, OSError):
        arg_max = 131072
    env_size = sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    budget = max(16384, min(arg_max // 2, 1 << 20) - env_size - sum(len(a) + 1 for a in fixed))
    chunks, current, size = [], [], 0
    for f in files:
        if current and size + len(f) + 9 > budget:  # + NUL and the argv pointer
            chunks.append(current)
            current, size = [], 0
        current.append(f)
        size += len(f) + 9
    if current:
        chunks.append(current)
    return chunks


def jsonschema_works(exe: str) -> bool:
    """Check that check-jsonschema really validates: a good file passes, a broken one fails."""
    with tempfile.TemporaryDirectory() as tmp:
        good, bad = Path(tmp) / "good.yaml", Path(tmp) / "bad.yaml"
        good.write_text("person:\n  id: ana-lima\n  name: Ana Lima\n  department: support\n")
        bad.write_text("person:\n  id: Not An Id!\n  name: Ana Lima\n  department: support\n")
        base = [exe, "--schemafile", str(SCHEMAS / "person.schema.json"), "--base-uri", SCHEMAS.as_uri() + "/"]
        ok = subprocess.run([*base, str(good)], capture_output=True).returncode == 0
        fails = subprocess.run([*base, str(bad)], capture_output=True).returncode == 1
        return ok and fails


def run_jsonschema(exe: str, org: Path) -> dict:
    fixed = [exe, "--schemafile", str(SCHEMAS / "person.schema.json"), "--base-uri", SCHEMAS.as_uri() + "/"]
    chunks = arg_chunks(fixed, [str(p) for p in person_files(org)])
    total, peak = 0.0, 0.0
    for chunk in chunks:
        m = measure([*fixed, *chunk])
        total += m["seconds"]
        peak = max(peak, m["peak_mb"])
    return {"seconds": round(total, 4), "peak_mb": peak, "chunks": len(chunks), "files": sum(map(len, chunks))}


def bare_build(workdir: Path, people: int, pages: int) -> dict:
    root = workdir / f"bare-{people}"
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nSome text.\n")
    for i in range(1, max(1, pages)):
        (docs / "p" / f"{i:06d}.md").write_text(f"# Page {i}\n\nSome text.\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Bare\n"
        "theme:\n  name: material\n  font: false\n"
        "nav:\n  - Home: index.md\n"
        "not_in_nav: '/p/*.md'\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                    "-d", str(root / "site")], env=env)


def median_run(runs: list[dict]) -> dict:
    """The run of median time (the lower middle of an even number), with the highest peak memory of
    all and every run's time."""
    middle = sorted(runs, key=lambda m: m["seconds"])[(len(runs) - 1) // 2]
    return {**middle, "peak_mb": max(m["peak_mb"] for m in runs), "runs": [m["seconds"] for m in runs]}


def edit(path: Path, pattern: str, replacement) -> None:
    """Replace the first match in a file, which must change it."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1)
    if changed == text:
        raise SystemExit(f"bench: could not edit {path} ({pattern!r} not found)")
    path.write_text(changed, encoding="utf-8")


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html") if _.name != "404.html")


def people_pages_of(site: Path) -> str:
    """Where the built site shows people: `own` (a page each under cascade/people/) or `team` (none there)."""
    people = site / "cascade" / "people"
    return "own" if people.is_dir() and any(p.is_dir() for p in people.iterdir()) else "team"


def folder_mb(folder: Path) -> float:
    """The size of a folder's files (what a site's output weighs), in MB."""
    return round(sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6, 1)


def bench_size(people: int, args, jsonschema_exe: str | None) -> dict:
    workdir: Path = args.workdir
    org = prepare_org(workdir, people, args.people_pages)
    written = time.time()
    tn = truenorth_cmd()
    check = [*tn, "check", "--root", str(org), "-q"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    res: dict = {"people": people, "files": sum(1 for _ in (org / "goals").rglob("*.yaml"))}

    cache = workdir / f"cache-{people}"  # the check's cache, kept apart from the user's own
    if cache.exists():
        shutil.rmtree(cache)
    check_env = {**os.environ, "TRUENORTH_CACHE_DIR": str(cache)}
    runs = args.check_runs

    def repeated(what: str, run, before=None) -> dict:
        """The median of `runs` runs of one measurement (`before` prepares each run)."""
        measured = []
        for number in range(1, runs + 1):
            if before is not None:
                before()
            log(f"{people}: {what}" + (f" (run {number} of {runs})" if runs > 1 else ""))
            measured.append(run())
        return median_run(measured) if runs > 1 else measured[0]

    def empty_cache() -> None:
        if cache.exists():
            shutil.rmtree(cache)

    res["check_nocache"] = repeated("check (no cache at all, --no-cache)",
                                    lambda: measure([*check, "--no-cache"], env=check_env, ok_codes=(0, 1)))
    # Files written within two seconds of a run are read again by the next one, whatever their stat
    # data says (the cache's "racily clean" rule, as in git); in a repository they are older than that.
    settle = RACY_SECONDS + 0.5 - (time.time() - written)
    if settle > 0:
        log(f"{people}: waiting {settle:.1f} s, until the generated files are older than the cache's racy window")
        time.sleep(settle)
    def run_check() -> dict:
        return measure(check, env=check_env, ok_codes=(0, 1))

    res["check_cold"] = repeated("check (cold: empty cache)", run_check, before=empty_cache)
    res["check_warm"] = repeated("check (warm, nothing changed)", run_check)
    victim = _victim(org)
    # each run after an edit of its own: 57 -> 571 -> 5711 (a progress update), then Q4 <-> Q3 (a period)
    res["check_1file"] = repeated(f"check (one person file changed, a progress update: {victim.name})", run_check,
                                  before=lambda: edit(victim, r"current: (\S+)", r"current: \g<1>1"))
    res["check_1seen"] = repeated(
        f"check (the same file changed again, a goal's period: {victim.name})", run_check,
        before=lambda: edit(victim, r"period: \S+",
                            lambda m: "period: 2027-Q3" if m.group(0) == "period: 2027-Q4" else "period: 2027-Q4"))
    # diff and a cold check of its repository alternate (as the builds do): this machine's speed drifts
    diff_repo = prepare_diff_repo(workdir, org, people)
    diffs, colds = [], []
    for number in range(1, runs + 1):
        empty_cache()
        log(f"{people}: check (cold) of the diff repository (run {number} of {runs})")
        colds.append(measure([*tn, "check", "--root", str(diff_repo), "-q"], env=check_env, ok_codes=(0, 1)))
        log(f"{people}: diff HEAD~1 HEAD (20 targets moved in a git repository of the organisation) "
            f"(run {number} of {runs})")
        diffs.append(measure([*tn, "diff", "HEAD~1", "HEAD", "--root", str(diff_repo)], env=check_env))
    res["diff"] = median_run(diffs) if runs > 1 else diffs[0]
    res["diff_check_cold"] = median_run(colds) if runs > 1 else colds[0]
    # an edit through the edit engine (truenorth.edit): `link` of one of the file's goals to the first goal it
    # supports, with a weight, as a dry run (checked as a whole as it would be, printed, nothing written)
    linked = re.search(r"- id: (\S+)\n(?:\s+\w+:.*\n)*?\s+supports: \[\{?(?:goal: )?([a-z0-9-]+)",
                       victim.read_text(encoding="utf-8"))
    res["link_dry"] = repeated(f"link --weight 2 --dry-run (one goal of {victim.name})", lambda: measure(
        [*tn, "link", linked.group(1), linked.group(2), "--weight", "2", "--dry-run", "--root", str(org)],
        env=check_env)) if linked else None
    res["floor"] = repeated("floor (read + CSafeLoader every YAML)",
                            lambda: measure([sys.executable, "-c", FLOOR_CODE, str(org / "goals")]))
    if jsonschema_exe:
        log(f"{people}: check-jsonschema on person files")
        res["jsonschema"] = run_jsonschema(jsonschema_exe, org)
    else:
        res["jsonschema"] = None
    if not args.skip_site:
        site = workdir / f"site-{people}"
        res.update(site_figures(people, org, victim, args, env))
        res["preview"] = preview_latency(org, victim, people, runs, {**env, "TRUENORTH_CACHE_DIR": str(cache)}, site)
    else:
        res["build"] = res["bare_build"] = res["search"] = res["preview"] = None
    res["history"] = history_figures(workdir, people, args.history) if args.history else None
    return res


def site_figures(people: int, org: Path, victim: Path, args, env: dict) -> dict:
    """The site build and the bare build of one trivial page per person, alternating --build-runs times (each
    reported by its median run), the built site's size and pages, and its search index and first search."""
    workdir: Path = args.workdir
    tn = truenorth_cmd()
    site = workdir / f"site-{people}"
    builds, bares = [], []
    for run in range(1, args.build_runs + 1):
        if site.exists():
            shutil.rmtree(site)
        log(f"{people}: truenorth build (run {run} of {args.build_runs})")
        builds.append(measure([*tn, "build", "--root", str(org), "--site-dir", str(site)], env=env))
        pages = count_pages(site)
        log(f"{people}: bare MkDocs + Material build of one trivial page per person, {people} "
            f"(run {run} of {args.build_runs})")
        bares.append(bare_build(workdir, people, people))
    mode = people_pages_of(site)
    return {"build": {**median_run(builds), "pages": pages, "site_mb": folder_mb(site), "people_pages": mode,
                      "people_pages_set": args.people_pages or "auto (mkdocs.yml)"},
            "bare_build": {**median_run(bares), "pages": people, "site_mb": folder_mb(workdir / f"bare-{people}" / "site")},
            "search": search(site, victim)}


def _victim(org: Path) -> Path:
    """The person file the edits and saves are made in (one with a current value and a period)."""
    people_files = person_files(org)
    middle = people_files[len(people_files) // 2:] + people_files
    return next((p for p in middle if all(k in p.read_text(encoding="utf-8") for k in ("current:", "period:"))),
                people_files[len(people_files) // 2])


def bench_site_only(people: int, args) -> dict:
    """`--only site`: the organisation, the site build against the bare build, and the search (as bench_size
    measures them; every other row skipped): what `--with-100k` needs first, in a fraction of its time."""
    org = prepare_org(args.workdir, people, args.people_pages)
    res: dict = {"people": people, "files": sum(1 for _ in (org / "goals").rglob("*.yaml"))}
    res.update({key: None for key, _ in ROWS})
    res["preview"] = res["history"] = None
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRUENORTH_CACHE_DIR": str(args.workdir / f"cache-{people}")}
    res.update(site_figures(people, org, _victim(org), args, env))
    return res


def bench_preview_only(people: int, args) -> dict:
    """`--only preview`: the organisation and the preview measurement alone (every other row skipped)."""
    org = prepare_org(args.workdir, people)
    victim = _victim(org)  # (the file bench_size edits)
    res: dict = {"people": people, "files": sum(1 for _ in (org / "goals").rglob("*.yaml"))}
    res.update({key: None for key, _ in ROWS})
    res["search"] = res["history"] = None
    cache = args.workdir / f"cache-{people}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRUENORTH_CACHE_DIR": str(cache)}
    res["preview"] = preview_latency(org, victim, people, args.check_runs, env)
    return res


def prepare_diff_repo(workdir: Path, org: Path, people: int) -> Path:
    """A git repository of the organisation: one commit of it, then one that moves the first target of
    20 files (what `truenorth diff HEAD~1 HEAD` is measured on)."""
    repo = workdir / f"diff-{people}"
    if repo.exists():
        shutil.rmtree(repo)
    shutil.copytree(org, repo, ignore=shutil.ignore_patterns("site*"))
    env = {**os.environ, "GIT_AUTHOR_DATE": "2027-01-04T09:00:00+00:00", "GIT_COMMITTER_DATE": "2027-01-04T09:00:00+00:00"}
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "the organisation"], cwd=repo, check=True, env=env)
    moved = [p for p in sorted((repo / "goals").rglob("*.yaml")) if "target: " in p.read_text(encoding="utf-8")][:20]
    for path in moved:
        edit(path, r"target: (\d+)", r"target: \g<1>1")
    subprocess.run([*git, "commit", "-q", "-a", "-m", "move targets"], cwd=repo, check=True, env=env)
    return repo
def plain_install(workdir: Path, no_compiler: bool, made: Path | None = None) -> dict:
    """A fresh venv with a plain `pip install` of this checkout (no extras), as the README tells users to
    install: its truenorth command, its --version text and how long the install took. pip's cache is reused.
    `made`: a venv with truenorth installed that way already (--plain-venv), used as it is."""
    import venv

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "TRUENORTH_NO_ACCELERATOR")}
    if made is not None:
        exe = made / ("Scripts" if os.name == "nt" else "bin") / "truenorth"
        if not exe.is_file():
            raise SystemExit(f"bench: --plain-venv {made}: no truenorth installed in it")
        version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env).stdout.strip()
        log(f"plain install: the venv {made}: " + " / ".join(version.splitlines()[1:]))
        return {"command": [str(exe)], "version": version, "install_seconds": None, "no_compiler": None,
                "venv": str(made)}
    home = workdir / "plain-venv"
    if home.exists():
        shutil.rmtree(home)
    if no_compiler:
        env.update(CC="/bin/false", CXX="/bin/false")
    log(f"plain install: a fresh venv with `pip install {REPO}` (no extras"
        + (", no compiler: CC=/bin/false)" if no_compiler else ")"))
    start = time.perf_counter()
    venv.create(home, with_pip=False)
    python = home / ("Scripts" if os.name == "nt" else "bin") / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(REPO)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"bench: the plain install failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    seconds = time.perf_counter() - start
    exe = python.parent / "truenorth"
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env).stdout.strip()
    log("plain install: " + " / ".join(version.splitlines()[1:]))
    return {"command": [str(exe)], "version": version, "install_seconds": round(seconds, 1),
            "no_compiler": no_compiler, "venv": str(home)}


def bench_plain(people: int, args, plain: dict) -> dict:
    """The check measurements of bench_size again, with the plain install's truenorth and a cache of its own,
    on the organisation bench_size generated (same median-of-runs method, the same kinds of edit)."""
    org = args.workdir / f"org-{people}"
    cache = args.workdir / f"cache-plain-{people}"
    if cache.exists():
        shutil.rmtree(cache)
    check = [*plain["command"], "check", "--root", str(org), "-q"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TRUENORTH_NO_ACCELERATOR")}
    env["TRUENORTH_CACHE_DIR"] = str(cache)

    def repeated(what: str, run, before=None) -> dict:
        measured = []
        for number in range(1, args.check_runs + 1):
            if before is not None:
                before()
            log(f"{people}: plain install: {what} (run {number} of {args.check_runs})")
            measured.append(run())
        return median_run(measured) if args.check_runs > 1 else measured[0]

    def run_check() -> dict:
        return measure(check, env=env, ok_codes=(0, 1))

    def empty_cache() -> None:
        if cache.exists():
            shutil.rmtree(cache)

    people_files = person_files(org)
    victim = next(p for p in people_files[len(people_files) // 2:] + people_files
                  if all(k in p.read_text(encoding="utf-8") for k in ("current:", "period:")))
    time.sleep(RACY_SECONDS + 0.5)  # bench_size's last edit is older than the cache's racy window
    res = {"plain_check_nocache": repeated("check --no-cache",
                                           lambda: measure([*check, "--no-cache"], env=env, ok_codes=(0, 1)))}
    # This machine's speed drifts from one minute to the next: each cold run follows a floor run of its own,
    # and the plain install's ratios are taken against that floor, not bench_size's.
    floors = []

    def floor_then_cold() -> dict:
        floors.append(measure([sys.executable, "-c", FLOOR_CODE, str(org / "goals")]))
        empty_cache()
        return run_check()

    res["plain_check_cold"] = repeated("floor, then check (cold)", floor_then_cold)
    res["plain_floor"] = median_run(floors) if len(floors) > 1 else floors[0]
    res["plain_check_warm"] = repeated("check (warm)", run_check)
    res["plain_check_1file"] = repeated("check (1 file: progress)", run_check,
                                        before=lambda: edit(victim, r"current: (\S+)", r"current: \g<1>1"))
    res["plain_check_1seen"] = repeated(
        "check (1 file: period)", run_check,
        before=lambda: edit(victim, r"period: \S+",
                            lambda m: "period: 2027-Q3" if m.group(0) == "period: 2027-Q4" else "period: 2027-Q4"))
    return res


def plain_ratios(results: list[dict]) -> list[dict]:
    """The check's targets (as in ratios()) for the plain install's measurements, against the floor measured
    beside them."""
    out = []
    for r in results:
        if r.get("plain_check_cold") is None:
            continue
        n, cold, floor = r["people"], r["plain_check_cold"]["seconds"], r["plain_floor"]["seconds"]
        out.append(target(f"{n}: plain install: check cold / floor", cold / floor, 0.5))
        out.append(target(f"{n}: plain install: --no-cache / floor", r["plain_check_nocache"]["seconds"] / floor, 0.5))
        out.append(target(f"{n}: plain install: warm / cold", r["plain_check_warm"]["seconds"] / cold, 0.05))
        out.append(target(f"{n}: plain install: 1 file, progress / cold", r["plain_check_1file"]["seconds"] / cold, 0.1))
        out.append(target(f"{n}: plain install: 1 file, period / cold", r["plain_check_1seen"]["seconds"] / cold, 0.1))
    return out
def preview_latency(org: Path, person_file: Path, people: int, runs: int, env: dict, site: Path | None = None) -> dict | None:
    """`truenorth serve`: seconds from saving a goal's new title in person_file to that person's page
    served with it (the median of `runs` saves), the first build's seconds and the server's peak RSS."""
    import urllib.error
    import urllib.request

    text = person_file.read_text(encoding="utf-8")
    match = re.search(r"^person:\s*\n\s+id: (\S+)", text, re.MULTILINE)
    department = re.search(r"^  department: (\S+)", text, re.MULTILINE)
    if not match:
        log(f"{people}: preview not measured (no person id in {person_file})")
        return None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    own = f"cascade/people/{match.group(1)}/"  # where the person is shown (people_pages): their page,
    folded = f"cascade/departments/{department.group(1)}/" if department else own  # or their department's
    shown = own if site is None or (site / own).is_dir() else folded  # (without a built site: asked of the server)
    server_log = org.parent / f"serve-{people}.log"

    def page(path: str | None = None) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{shown if path is None else path}",
                                        timeout=600) as resp:
                return resp.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, OSError):
            return ""

    log(f"{people}: truenorth serve (first build)")
    with open(server_log, "wb") as out:
        proc = subprocess.Popen([*truenorth_cmd(), "serve", "--root", str(org), "--dev-addr", f"127.0.0.1:{port}"],
                                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        start = time.perf_counter()
        while "</html>" not in page(""):  # the home page: the first build is done
            if proc.poll() is not None:
                log(f"{people}: preview not measured (the server stopped: see {server_log})")
                return None
            time.sleep(0.2)
        first = time.perf_counter() - start
        if site is None and "</html>" not in page(own):
            shown = folded
        seconds = []
        for number in range(1, runs + 1):
            marker = f"Benchmarked{number}x{people}t{time.time_ns()}"  # in no page yet
            log(f"{people}: preview, a save in {person_file.name} until its page shows it (run {number} of {runs})")
            time.sleep(1.0)  # the watcher has seen the last save's files
            edit(person_file, r"(\n    title: )(?:Benchmarked\S+ )*", rf"\g<1>{marker} ")  # (the last save's replaced)
            saved = time.perf_counter()
            while marker not in page():
                if proc.poll() is not None or time.perf_counter() - saved > 3600:
                    log(f"{people}: preview not measured (no page with the edit: see {server_log})")
                    return None
                time.sleep(0.02)
            seconds.append(time.perf_counter() - saved)
        peak_mb = 0.0
        status = Path(f"/proc/{proc.pid}/status")
        if status.is_file():
            found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.MULTILINE)
            peak_mb = int(found.group(1)) / 1024 if found else 0.0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=300)  # (it removes its site and its preview store as it stops)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    middle = sorted(seconds)[(len(seconds) - 1) // 2]
    return {"seconds": middle, "runs": seconds, "first_build_seconds": round(first, 3), "peak_mb": peak_mb,
            "page": shown}


def search(site: Path, person_file: Path) -> dict | None:
    """Index size and first-search time for a person's name, in headless Chromium; None without a browser."""
    match = re.search(r"^  name: (.+)$", person_file.read_text(encoding="utf-8"), re.MULTILINE)
    query = match.group(1).strip().strip("'\"") if match else "customer"
    log(f"search: first search for {query!r} in headless Chromium")
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from search_probe import probe

        result = probe(site, query)
    except Exception as exc:  # noqa: BLE001 - no browser here: the figure is missing, not invented
        log(f"search: not measured ({type(exc).__name__}: {exc})")
        return None
    finally:
        sys.path.pop(0)
    return {"query": query, **result}


def target(name: str, value: float | None, limit: float, *, at_least: bool = False, unit: str = "") -> dict:
    """Compare value with its target: value <= limit, or value >= limit when at_least."""
    op = ">=" if at_least else "<="
    if value is None:
        return {"name": name, "value": None, "target": f"{op}{limit:g}{unit}", "met": None, "verdict": "n/a"}
    met = value >= limit if at_least else value <= limit
    if met:
        verdict = "met"
    elif at_least:
        verdict = f"MISSED by {limit - value:.3g}{unit} (needs {limit / value:.2f}x more)" if value > 0 else "MISSED"
    else:
        verdict = f"MISSED by {value - limit:.3g}{unit} ({value / limit:.2f}x the target)"
    return {"name": name, "value": round(value, 4), "target": f"{op}{limit:g}{unit}", "met": met, "verdict": verdict}


def ratios(results: list[dict]) -> list[dict]:
    def sec(r, key):
        m = r.get(key)
        return m["seconds"] if m else None

    def div(a, b):
        return a / b if a is not None and b else None

    out = []
    for r in results:
        n = r["people"]
        cold = sec(r, "check_cold")
        out.append(target(f"{n}: check cold / floor", div(cold, sec(r, "floor")), 0.5))
        out.append(target(f"{n}: check --no-cache / floor", div(sec(r, "check_nocache"), sec(r, "floor")), 0.5))
        out.append(target(f"{n}: check warm / cold", div(sec(r, "check_warm"), cold), 0.05))
        out.append(target(f"{n}: 1 file, progress update / cold", div(sec(r, "check_1file"), cold), 0.1))
        out.append(target(f"{n}: 1 file, period changed / cold", div(sec(r, "check_1seen"), cold), 0.1))
        out.append(target(f"{n}: diff / check cold (alternating)", div(sec(r, "diff"),
                                                                       sec(r, "diff_check_cold")), 2.0))
        out.append(target(f"{n}: check-jsonschema / check cold (speed-up)", div(sec(r, "jsonschema"), cold), 15,
                          at_least=True))
        out.append(target(f"{n}: build / bare build", div(sec(r, "build"), sec(r, "bare_build")), 1.5))
        out.append(target(f"{n}: serve, save -> changed page served", sec(r, "preview"), 2.0, unit=" s"))
        if n >= 100000 and r.get("check_cold"):
            out.append(target(f"{n}: check cold peak MB", r["check_cold"]["peak_mb"], 2048.0, unit=" MB"))
            if r.get("build"):
                out.append(target(f"{n}: build peak MB", r["build"]["peak_mb"], 4096.0, unit=" MB"))
    for a, b in zip(results, results[1:]):
        scale = b["people"] / a["people"]
        limit = round(1.1 * scale, 3)  # x10 people -> <= x11 time
        for key, label in (("check_cold", "check cold"), ("build", "build")):
            out.append(target(f"{a['people']}->{b['people']}: {label} growth", div(sec(b, key), sec(a, key)), limit))
    return out


ROWS = (("check_nocache", "check (--no-cache)"), ("check_cold", "check (cold)"), ("check_warm", "check (warm)"),
        ("check_1file", "check (1 file: progress)"), ("check_1seen", "check (1 file: period)"),
        ("diff_check_cold", "check (cold, beside diff)"), ("diff", "diff HEAD~1 HEAD"), ("link_dry", "link --dry-run (1 goal)"),
        ("floor", "floor (yaml CSafeLoader)"), ("jsonschema", "check-jsonschema"),
        ("build", "truenorth build"), ("bare_build", "bare build, 1 page/person"), ("preview", "serve: save -> served"))
ROWS += (("plain_check_nocache", "plain install: --no-cache"), ("plain_check_cold", "plain install: cold"),
         ("plain_floor", "plain install: its floor"),
         ("plain_check_warm", "plain install: warm"), ("plain_check_1file", "plain install: 1 file prog."),
         ("plain_check_1seen", "plain install: 1 file period"))


def print_report(results: list[dict], rats: list[dict]) -> None:
    print(f"{'measurement':<26} {'people':>8} {'seconds':>10} {'peak MB':>9}")
    print("-" * 56)
    for r in results:
        for key, label in ROWS:
            m = r.get(key)
            if m is None:
                print(f"{label:<26} {r['people']:>8} {'skipped':>10} {'':>9}")
            else:
                if key == "build" and m.get("people_pages"):
                    label = f"truenorth build ({m['people_pages']})"  # where it showed people
                runs = m.get("runs") or []
                median_of = f"  (median of {', '.join(f'{x:.2f}' for x in runs)})" if len(runs) > 1 else ""
                print(f"{label:<26} {r['people']:>8} {m['seconds']:>10.3f} {m['peak_mb']:>9.1f}{median_of}")
    for r in results:
        if r.get("build"):
            print(f"site output {r['people']:>8} people: {r['build']['site_mb']:.0f} MB in {r['build']['pages']} pages, "
                  f"people_pages: {r['build']['people_pages']} (the bare build's: {r['bare_build']['site_mb']:.0f} MB "
                  f"in {r['bare_build']['pages']} pages, one per person)")
    for r in results:
        found = r.get("search")
        if found:
            seconds = found.get("first_search_seconds")
            shown = "no answer" if seconds is None else f"{seconds:.2f} s"
            print(f"search index {r['people']:>7} people: {found['index_bytes'] / 1e6:.1f} MB; first search for "
                  f"{found['query']!r}: {shown}, {found.get('results')} results")
    for r in results:
        h = r.get("history")
        if h:
            print(f"history from git {r['people']:>7} people, {h['commits_per_file']} commits per file: "
                  f"{h['key_results']} key results, {h['readings']} readings; first read {h['first']:.2f} s, "
                  f"same process {h['same_process']:.2f} s, next process (blob cache) {h['blob_cache']:.2f} s")
    print()
    print(f"{'ratio':<48} {'value':>9} {'target':>9}  verdict")
    print("-" * 86)
    for t in rats:
        value = "n/a" if t["value"] is None else f"{t['value']:.3f}"
        print(f"{t['name']:<48} {value:>9} {t['target']:>9}  {t['verdict']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of people (default: 1000,10000)")
    ap.add_argument("--with-100k", action="store_true", help="also measure 100000 people")
    ap.add_argument("--out", type=Path, default=Path("bench-results/bench.json"), help="JSON results file")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where the organisations and sites go (default: a temporary folder, removed afterwards)")
    ap.add_argument("--skip-site", action="store_true", help="skip the site build and the bare MkDocs build")
    ap.add_argument("--history", type=int, default=10, metavar="N",
                    help="also time reading key-result history from git on an organisation with N commits per "
                         "file (synth_org.py --history; default: 10; 0 skips it)")
    ap.add_argument("--skip-check-jsonschema", action="store_true", help="skip the check-jsonschema comparison")
    ap.add_argument("--people-pages", choices=("auto", "own", "team"), default=None,
                    help="the site's people_pages for the build (default: mkdocs.yml's, auto: own pages up to "
                         "2,000 people, folded into their team's page above)")
    ap.add_argument("--build-runs", type=int, default=3, metavar="N",
                    help="times the site build and the bare build run, alternately; each is reported by its "
                         "median run (default: 3)")
    ap.add_argument("--check-runs", type=int, default=3, metavar="N",
                    help="times each check measurement and the floor run (the cold ones each on an emptied "
                         "cache, the edited ones each after an edit of their own); each is reported by its "
                         "median run (default: 3)")
    ap.add_argument("--skip-plain-install", action="store_true",
                    help="skip the check measured as a user installs truenorth (a fresh venv, plain pip install)")
    ap.add_argument("--plain-no-compiler", action="store_true",
                    help="make that plain install with no C compiler (CC=/bin/false): the accelerators off")
    ap.add_argument("--plain-venv", type=Path, default=None, metavar="DIR",
                    help="measure the truenorth of this venv, already installed that way, instead of making one")
    ap.add_argument("--only", choices=("preview", "site"), default=None,
                    help="measure only this (preview: `truenorth serve`'s save -> served, --check-runs saves; "
                         "site: the build against the bare build, --build-runs each, and the search)")
    args = ap.parse_args(argv)
    if args.only is not None:
        args.skip_check_jsonschema = True
    if args.build_runs < 1:
        ap.error("--build-runs needs at least 1")
    if args.check_runs < 1:
        ap.error("--check-runs needs at least 1")

    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes comma-separated integers")
    if args.with_100k and 100000 not in sizes:
        sizes.append(100000)
    sizes = sorted(set(sizes))
    if not sizes or min(sizes) < 1:
        ap.error("--sizes needs at least one positive size")

    jsonschema_exe = None
    if not args.skip_check_jsonschema:
        # On the PATH, or installed beside this Python (a venv's bin/, run without activating it).
        jsonschema_exe = (shutil.which("check-jsonschema")
                          or shutil.which("check-jsonschema", path=os.path.dirname(sys.executable)))
        if not jsonschema_exe:
            log("check-jsonschema is not installed: recording null")
        elif not jsonschema_works(jsonschema_exe):
            log("check-jsonschema does not validate the person schema correctly here: recording null")
            jsonschema_exe = None

    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="truenorth-bench-")
        args.workdir = Path(tmp.name)
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    try:
        if args.only == "preview":
            args.skip_plain_install = True
            results = [bench_preview_only(n, args) for n in sizes]
        elif args.only == "site":
            args.skip_plain_install = True
            results = [bench_site_only(n, args) for n in sizes]
        else:
            results = [bench_size(n, args, jsonschema_exe) for n in sizes]
        plain = None if args.skip_plain_install else plain_install(args.workdir, args.plain_no_compiler,
                                                                    args.plain_venv)
        for r in results:
            r.update(bench_plain(r["people"], args, plain) if plain else {})
    finally:
        if tmp is not None:
            tmp.cleanup()
    rats = ratios(results) + plain_ratios(results)
    print_report(results, rats)
    if plain is not None:
        took = "made before" if plain["install_seconds"] is None else f"{plain['install_seconds']:.0f} s to install"
        print(f"\nplain install ({took}): "
              + "; ".join(plain["version"].splitlines()[1:]))
    data = {"sizes": sizes, "today": TODAY, "python": sys.version.split()[0], "cpus": os.cpu_count(),
            "results": results, "ratios": rats}
    data["plain_install"] = None if args.skip_plain_install else {k: v for k, v in plain.items() if k != "command"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
