"""Make every generated page of an organisation in-process (truenorth.site.page_jobs, no MkDocs), time it,
and save or compare the pages' Markdown, byte for byte: the check that a change to the page layer that
should only make it faster leaves every page as it was.

    python scripts/page_snapshot.py --root . --save /tmp/pages-before           # the pages as they are
    ... (change the page layer) ...
    python scripts/page_snapshot.py --root . --compare /tmp/pages-before        # exit 1 on any difference
    python scripts/page_snapshot.py --root /tmp/org-10000 --repeat 3            # timing only
    python scripts/page_snapshot.py --root /tmp/org-10000 --profile tottime     # cProfile of making the pages

The organisation is read as the site build reads it (export.check_root: the check, with its cache, and
the key results' history from git; the What changed digest; the targets as promised; the playbook's
plays from ROOT/playbook/plays). `--today` is fixed (default 2027-06-15) so two runs see the same day.
The snapshot is a folder with one file per page (and per play section) and a digest of them all; with
`--hashes-only` only the digest is written (a 10,000-person organisation's pages take hundreds of MB).
Time with PYTHONDONTWRITEBYTECODE unset; the figures are wall-clock, so run on a quiet machine.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import difflib
import gc
import hashlib
import json
import os
import pstats
import sys
import time
from pathlib import Path

DIGEST = "pages.sha256.json"


def load(root: Path, today: dt.date):
    from truenorth import export

    result = export.check_root(root)
    export.site_digest(root, result, today)
    plays = export.read_plays(root / "playbook" / "plays")
    promises = export.promises_of(root, result)
    return result, plays, promises


def make_pages(result, today, plays, promises, edit_base) -> tuple[dict[str, str], float, float, float]:
    """{path: Markdown} of every page and play section, the seconds page_jobs took, those the jobs took,
    and the CPU seconds of both (less disturbed than wall-clock time by other work on the machine)."""
    from truenorth.site import page_jobs

    cpu = time.process_time()
    start = time.perf_counter()
    jobs, sections = page_jobs(result, today, plays=plays, edit_base=edit_base, promises=promises)
    middle = time.perf_counter()
    pages = {path: make() for path, make in jobs}
    end = time.perf_counter()
    cpu = time.process_time() - cpu
    pages.update({f"play-sections/{play}.md": text for play, text in sections.items()})
    return pages, middle - start, end - middle, cpu


def digest_of(pages: dict[str, str]) -> dict[str, str]:
    return {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(pages.items())}


def save(pages: dict[str, str], folder: Path, hashes_only: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if not hashes_only:
        for path, text in pages.items():
            target = folder / "pages" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    (folder / DIGEST).write_text(json.dumps(digest_of(pages), indent=0), encoding="utf-8")


def compare(pages: dict[str, str], folder: Path, shown: int = 3) -> int:
    """The number of pages that differ from (or are missing in, or are new against) the saved ones."""
    before = json.loads((folder / DIGEST).read_text(encoding="utf-8"))
    now = digest_of(pages)
    missing = sorted(set(before) - set(now))
    new = sorted(set(now) - set(before))
    changed = sorted(p for p in set(before) & set(now) if before[p] != now[p])
    for path in missing:
        print(f"missing now: {path}")
    for path in new:
        print(f"new: {path}")
    for path in changed[:shown]:
        saved = folder / "pages" / path
        print(f"changed: {path}")
        if saved.is_file():
            sys.stdout.writelines(difflib.unified_diff(saved.read_text(encoding="utf-8").splitlines(True),
                                                       pages[path].splitlines(True), "before/" + path, "now/" + path))
    if len(changed) > shown:
        print(f"... and {len(changed) - shown} more changed pages")
    print(f"{len(now)} pages compared: {len(changed)} changed, {len(missing)} missing, {len(new)} new")
    return len(changed) + len(missing) + len(new)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python scripts/page_snapshot.py --root /tmp/org-1000 --save /tmp/p1k",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, required=True, help="the organisation's repository root")
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2027, 6, 15))
    ap.add_argument("--edit-base", default="https://example.com/acme/goals/edit/main/",
                    help="the web editor's URL ('' for none): pages then carry 'Edit this goal' links")
    ap.add_argument("--save", type=Path, metavar="DIR", help="write the pages and their digest into DIR")
    ap.add_argument("--hashes-only", action="store_true", help="with --save: the digest alone")
    ap.add_argument("--compare", type=Path, metavar="DIR", help="compare with a snapshot saved before; exit 1 if any differs")
    ap.add_argument("--repeat", type=int, default=1, help="make the pages N times and report each time (default 1)")
    ap.add_argument("--profile", choices=["tottime", "cumtime"], help="profile one making of the pages")
    ap.add_argument("--top", type=int, default=40, help="with --profile: how many functions to print")
    args = ap.parse_args(argv)

    root = args.root.resolve()
    start = time.perf_counter()
    result, plays, promises = load(root, args.today)
    print(f"loaded {root} ({len(result.org.people)} people, {len(result.org.goals)} goals) in "
          f"{time.perf_counter() - start:.2f} s", file=sys.stderr)
    gc.freeze()  # as the plugin does: the organisation stays out of the collector's full passes
    edit_base = args.edit_base or None
    pages = None
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        pages, *_ = make_pages(result, args.today, plays, promises, edit_base)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.profile).print_stats(args.top)
    for run in range(args.repeat if not args.profile else 0):
        pages = None  # (the previous run's pages are freed first)
        gc.collect()
        pages, view_s, jobs_s, cpu_s = make_pages(result, args.today, plays, promises, edit_base)
        print(f"run {run + 1}: {len(pages)} pages, {sum(map(len, pages.values())) / 1e6:.1f} M characters: "
              f"view {view_s:.2f} s, pages {jobs_s:.2f} s, total {view_s + jobs_s:.2f} s (CPU {cpu_s:.2f} s)")
    if args.save:
        save(pages, args.save, args.hashes_only)
        print(f"saved {len(pages)} pages into {args.save}")
    if args.compare:
        return 1 if compare(pages, args.compare) else 0
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
