"""`truenorth check` answered from the cache before the command line, or much else, loads.

In a pre-commit hook most checks find nothing changed, and then the answer is what the last check
printed. Python's start and the imports are most of that run, so the console script tries this
first: for `check` with only --root, --format and --quiet, the cache's replay (truenorth.cache.answer,
which imports little more than os and marshal) looks at the files and replays the output on record. When only
what no rule reads changed (a progress update), it reuses the recorded report after parsing the
changed files, and when only periods changed it re-checks them (truenorth.cache.period_edits), as the
full command would, still without click. Anything else (another option, a
misspelt one, a file changed in what rules read, an answer not on record in this format) goes to
the full command line, which then takes over the fingerprint made here instead of walking the
folder again.

The output and exit code are those of the full command (tests/cli/test_quick_check.py).
"""

from __future__ import annotations

import os
import sys

_FORMATS = ("github", "json", "text")  # truenorth.report.REPORTERS, checked by the tests


def parse_check(args: list[str]) -> tuple[str, str] | None:
    """(root, format) for `check` with only the options this path knows; None for anything else.
    Without --root, the root is found as the full command finds it (truenorth.root.find_root)."""
    if not args or args[0] != "check":
        return None
    root, fmt = None, "text"
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
                root = value
            elif value in _FORMATS:
                fmt = value
            else:
                return None
        elif arg not in ("-q", "--quiet"):
            return None
    if root is None:
        from truenorth.root import find_root

        root = find_root()
    return root, fmt


def output_variant(fmt: str, stdout_is_a_terminal: bool) -> str:
    """Which recorded output a check prints: text is coloured on a terminal."""
    return "text+color" if fmt == "text" and stdout_is_a_terminal else fmt


def rendered(report, fmt: str, cache=None) -> tuple[str, int]:
    """(the report as `check` prints it in this format, the exit code); with the cache, remembered
    for the next nothing-changed check."""
    from truenorth.report import REPORTERS

    color = fmt == "text" and sys.stdout.isatty()
    output, code = REPORTERS[fmt](report, color=color), 1 if report.has_errors else 0
    if cache is not None:
        cache.remember_answer(output_variant(fmt, color), output, code)
    return output, code


def answer_from_cache(args: list[str]) -> None:
    """Print the answer and exit, if `args` ask for a check the cache answers: nothing changed (the
    recorded output), or only what no rule reads (the recorded report, after parsing those files)."""
    parsed = parse_check(args)
    if parsed is None:
        return
    root, fmt = parsed
    from truenorth import cache

    found = cache.replay(root, output_variant(fmt, sys.stdout.isatty()))
    if found is None:
        found = _after_unseen_edits(root, fmt)  # as recorded but for a few files?
    if found is None:
        return
    output, code = found
    sys.stdout.write(output)
    exit_without_teardown(code)


def exit_without_teardown(code: int) -> None:
    """Flush and leave: freeing a large organisation object by object on the way out would only add
    time (about a second at 100,000 people), as mypy also found. For a finished `check` only."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said anyway
            pass
    os._exit(code)


_handed_over = None  # the cache, for the full check, when this path could not answer


def _after_unseen_edits(root: str, fmt: str) -> tuple[str, int] | None:
    """The recorded report, when the files that changed did so only in what no rule reads (a
    progress update) or only in periods: the same step the full `check` takes next, without loading
    click first."""
    global _handed_over
    import gc

    from truenorth import cache as check_cache

    gc.disable()  # as `check` does
    cache = check_cache.resume(root)  # the run record and fingerprint replay just made
    if cache is None:
        return None
    if cache.report is not None and cache.key == cache.report_key:  # nothing changed: not yet printed this way
        return rendered(cache.report, fmt, cache)
    report = check_cache.report_after_edits(cache, keep=_kept)  # exits before freeing what it read
    if report is None:
        _handed_over = (str(cache.root), cache)
        return None
    return rendered(report, fmt, cache)


_kept: list = []


def take_cache(root) -> object | None:
    """The cache this path opened for this root (once), for the full check to go on with."""
    global _handed_over
    found, _handed_over = _handed_over, None
    return found[1] if found is not None and found[0] == os.path.realpath(root) else None
