"""`truenorth check` answered from the cache before the command line, or much else, loads.

In a pre-commit hook most checks find nothing changed, and then the answer is what the last check
printed. Python's start and the imports are most of that run, so the console script tries this
first: for `check` with only --root, --format and --quiet, truenorth.cache_answer (which imports
little more than os and marshal) looks at the files and replays the output on record. Anything
else (another option, a misspelt one, a changed file, an answer not on record in this format)
goes to the full command line, which then takes over the fingerprint made here instead of
walking the folder again.

The output and exit code are those of the full command (tests/cli/test_quick_check.py).
"""

from __future__ import annotations

import os
import sys

_FORMATS = ("github", "json", "text")  # truenorth.report.REPORTERS, checked by the tests


def parse_check(args: list[str]) -> tuple[str, str] | None:
    """(root, format) for `check` with only the options this path knows; None for anything else."""
    if not args or args[0] != "check":
        return None
    root, fmt = ".", "text"
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
    return root, fmt


def output_variant(fmt: str, stdout_is_a_terminal: bool) -> str:
    """Which recorded output a check prints: text is coloured on a terminal."""
    return "text+color" if fmt == "text" and stdout_is_a_terminal else fmt


def answer_from_cache(args: list[str]) -> None:
    """Print the recorded answer and exit, if `args` ask for a check the cache has answered as is."""
    parsed = parse_check(args)
    if parsed is None:
        return
    root, fmt = parsed
    from truenorth import cache_answer

    found = cache_answer.recorded_answer(root, output_variant(fmt, sys.stdout.isatty()))
    if found is None:
        return
    output, code = found
    sys.stdout.write(output)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said anyway
            pass
    os._exit(code)  # as the full `check` does: no teardown
