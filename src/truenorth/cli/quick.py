"""`truenorth check` answered from the cache before the command-line library loads.

In a pre-commit hook most checks find nothing changed, and then the answer is the last report.
Python's start and the imports are most of that run (click alone is about 20 ms of the 0.13 s at
10,000 people), so the console script tries this first: for `check` with only --root, --format
and --quiet, it opens the cache and prints the recorded report when nothing changed, or nothing
any rule reads. Anything else (another option, a misspelt one, a changed file) goes to the full
command line, which then reuses the cache opened here instead of reading the folder again.

The output and exit code are those of the full command (tests/cli/test_quick_check.py).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

_FORMATS = ("github", "json", "text")  # truenorth.report.REPORTERS, checked by the tests
_prepared: tuple[Path, Any] | None = None  # (root, cache) opened here and handed to the full command


def parse_check(args: list[str]) -> tuple[Path, str] | None:
    """(root, format) for `check` with only the options this path knows; None for anything else."""
    if not args or args[0] != "check":
        return None
    root, fmt = Path("."), "text"
    rest = iter(args[1:])
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name in ("--root", "--format"):
            if not equals:
                value = next(rest, None)
                if value is None:
                    return None
            if name == "--root":
                if not value:
                    return None
                root = Path(value)
            elif value in _FORMATS:
                fmt = value
            else:
                return None
        elif arg not in ("-q", "--quiet"):
            return None
    return root, fmt


def answer_from_cache(args: list[str]) -> None:
    """Print the recorded report and exit, if `args` ask for a check the cache can answer."""
    global _prepared
    parsed = parse_check(args)
    if parsed is None:
        return
    root, fmt = parsed
    gc.disable()  # as `check` does: nothing here is worth a cyclic collection
    from truenorth.cache import CheckCache

    cache = CheckCache.open(root)
    if cache is None:
        return
    _key, report = cache.cached_report()
    if report is None:
        report = cache.report_after_unseen_edits()
    if report is None:
        _prepared = (root, cache)
        return
    from truenorth.report import REPORTERS

    sys.stdout.write(REPORTERS[fmt](report, color=fmt == "text" and sys.stdout.isatty()))
    code = 1 if report.has_errors else 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said anyway
            pass
    os._exit(code)  # as the full `check` does: no teardown of what was loaded


def take_prepared(root: Path):
    """The cache opened (and found wanting) here for this root, once; else None."""
    global _prepared
    prepared, _prepared = _prepared, None
    if prepared is not None and prepared[0] == root:
        return prepared[1]
    return None
