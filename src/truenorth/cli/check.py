"""`truenorth check`: the click command over the check use case (truenorth.incremental)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from truenorth.cli import quick
from truenorth.cli.app import AT_OPTION, QUIET_OPTION, ROOT_OPTION, Failure, Program, checked_at, progress_bar, reading
from truenorth.config import ConfigError
from truenorth.report import REPORTERS
from truenorth.report.escape import terminal as clean


@click.command()
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="text for people, json for tools, github for GitHub Actions annotations, sarif (2.1.0) for "
                   "code-scanning tools, markdown for a job summary or a pull-request comment.")
@QUIET_OPTION
@click.option("--no-cache", is_flag=True,
              help="Read every file again instead of reusing what the last check read from unchanged files.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for reading large goals folders [default: one per CPU].")
@click.option("--select", multiple=True, metavar="CODES",
              help="Report only these rules: codes, prefixes or names, comma-separated (TN2: every TN2xx rule).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave these rules out (as --select names them).")
@click.option("--strict", is_flag=True, help="Warnings count as errors: any warning exits 1.")
@AT_OPTION
def check(root: Path, fmt: str, quiet: bool, no_cache: bool, jobs: int | None, select: tuple[str, ...],
          ignore: tuple[str, ...], strict: bool, at: str | None) -> None:
    """Check that every goal traces to the vision; report what does not.

    Exits 0 when there is no error (warnings allowed), 1 when there is an
    error finding, 2 when the command itself cannot run.

    Files whose content is unchanged since the last check are not parsed
    again; when nothing changed at all, or only what no rule reads (a key
    result's current value, a health, a goal's description), the last report is
    printed as it was. The cache lives in ~/.cache/truenorth ($XDG_CACHE_HOME, or
    $TRUENORTH_CACHE_DIR to choose), never in the repository.

    With --at REV the goals are checked as they stood at that git revision
    (truenorth check --at v2027-q1), without the cache; locations name the
    repository's paths.

    --select, --ignore and --strict choose what is reported, like ruff's:
    `truenorth check --select TN2 --ignore TN208 --strict` reports the goal
    quality rules but TN208, and fails on any of them. Reading problems
    (TN001-TN012) are always reported. A comment on a goal's first line,
    `# truenorth: ignore[TN205] why`, silences one warning for that goal.
    """
    from truenorth.incremental import CannotCheck, check_incrementally
    from truenorth.report.selection import SelectionError
    from truenorth.report.selection import selection as choose

    try:
        chosen = choose(select, ignore, strict)
    except SelectionError as exc:
        raise Failure(clean(str(exc))) from None
    variant, render = quick.printed_as(fmt, str(root))

    gc.disable()  # a one-shot command building many long-lived objects: cyclic collection is pure overhead
    program = click.get_current_context().find_object(Program)
    if at is not None:  # around the cache: a past tree must neither be answered from it nor recorded in it
        from truenorth.findings import Report, Severity

        result = checked_at(root, at).result
        report = chosen.apply(Report(result.findings, result.summary))
        click.echo(render(report), nl=False)
        sys.exit(1 if any(f.severity == Severity.ERROR for f in report.findings) else 0)
    try:
        with reading():
            outcome = check_incrementally(
                root, chosen.variant(variant), render, use_cache=not no_cache, jobs=jobs,
                narrow=None if chosen.is_default else chosen.apply,
                unanswered=program.unanswered if program is not None else None,
                progress=lambda config: progress_bar(config, quiet))
    except (ConfigError, CannotCheck) as exc:  # settings that cannot be read, no goals folder: exit 2
        raise Failure(clean(str(exc))) from None
    click.echo(outcome.output, nl=False)
    if program is not None:  # run as the program: the report is out, nothing else to do
        quick.exit_without_teardown(outcome.exit_code)
    sys.exit(outcome.exit_code)
