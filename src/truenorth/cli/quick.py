"""`truenorth check` answered before the command line, or much else, loads.

In a pre-commit hook most checks find nothing changed, and then the answer is what the last check
printed. Python's start and the imports are most of that run, so the console script (cli.entry) tries
this first: for `check` with only --root, --format and --quiet, it reads argv itself and calls the
check use case (truenorth.incremental.check_incrementally) with `full=False`. The use case decides:
the recorded answer (its replay imports little more than os and marshal), the recorded report, the
report after edits no rule reads or after period edits; this module only prints what it answered. When
it did not answer (another option, a misspelt one, a file changed in what rules read, no cache), the
click command line takes over, with the unanswered outcome, and runs the full check from where this
stopped.

The output and exit code are those of the full command (tests/cli/test_quick_check.py).
"""

from __future__ import annotations

import os
import sys

_FORMATS = ("github", "json", "markdown", "sarif", "text")  # truenorth.report.REPORTERS, checked by the tests
_FROM_REPOSITORY_TOP = ("github", "sarif")  # truenorth.report.FROM_REPOSITORY_TOP, checked by the tests


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


def printed_as(fmt: str, root: str = "."):
    """(the output variant `check` prints in this format here, the report rendered so): text is
    coloured on a terminal; the formats load only when a report is rendered. The formats whose paths
    tools read from the git repository's top (GitHub annotations, SARIF) get the root's place in it."""
    color = fmt == "text" and sys.stdout.isatty()
    base = ""
    if fmt in _FROM_REPOSITORY_TOP:
        from truenorth.root import path_in_repository

        base = path_in_repository(root)
    return output_variant(fmt, color) + (f"@{base}" if base else ""), Printer(fmt, color, base)


class Printer:
    """A report rendered in one format (truenorth.report.REPORTERS): `printer(report)`. In the text format
    it can also make a report's output from the one printed for the report it was made from (`reusing`:
    the use case offers it after period edits, whose report is an EditedReport). `base`: what the paths of
    the formats read from the repository's top start with (printed_as)."""

    __slots__ = ("fmt", "color", "base")

    def __init__(self, fmt: str, color: bool, base: str = "") -> None:
        self.fmt, self.color, self.base = fmt, color, base

    def __call__(self, report) -> str:
        from truenorth.report import REPORTERS

        if self.fmt in _FROM_REPOSITORY_TOP:
            return REPORTERS[self.fmt](report, color=self.color, base=self.base)
        return REPORTERS[self.fmt](report, color=self.color)

    def reusing(self, report, previous: str) -> str | None:
        """`report`'s output made from `previous`, the output printed (in this format) for the report it was
        made from, its files whose findings changed rendered again; None when this format cannot, or
        `previous` is not such an output (then call the printer)."""
        if self.fmt != "text":
            return None
        from truenorth.report.text import splice_text

        return splice_text(previous, report.changes(), report, self.color)


def answer_from_cache(args: list[str]):
    """Print the answer and exit, if `args` ask for a check that the use case answers short of the full
    check; else return the unanswered outcome (None when `args` are not for this path), for the full
    check to go on from."""
    parsed = parse_check(args)
    if parsed is None:
        return None
    root, fmt = parsed
    import gc

    from truenorth.incremental import check_incrementally

    gc.disable()  # a one-shot command building many long-lived objects: cyclic collection is pure overhead
    outcome = check_incrementally(root, *printed_as(fmt, root), full=False)
    if outcome.answered_by is None:
        return outcome
    sys.stdout.write(outcome.output)
    exit_without_teardown(outcome.exit_code)


def exit_without_teardown(code: int) -> None:
    """Flush and leave at once, for a finished `check` run as the program (this path, or the check
    command when cli.entry started it): freeing a large organisation object by object on the way out
    would only add time, as mypy also found. Measured on 2 cores, 10,000 people, the full check
    (--no-cache -j1, medians of 9): 2.12 s with this, 2.30 s with Python's teardown; at 100,000 about a
    second. The one place truenorth calls os._exit."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said anyway
            pass
    os._exit(code)
