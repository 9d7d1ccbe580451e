"""Closing the period: `review` (and `close`, `plan`): registered by cli/app.py, loaded when one runs."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from truenorth.cli.app import AT_OPTION, ROOT_OPTION, checked, checked_at, config_of, today_of, date_value
from truenorth.cli.editing import change_set, edit_options, editing, finish, nothing_to_do


def _period(ctx, param, value):
    from truenorth.analysis.review import is_period

    if value is not None and not is_period(value):
        raise click.BadParameter(f"{value!r} is not a period: write a year (2027), a half (2027-H1) or a quarter "
                                 "(2027-Q2)")
    return value


@click.command()
@click.argument("period", callback=_period)
@ROOT_OPTION
@click.option("--today", callback=date_value, metavar="YYYY-MM-DD",
              help="Review as of this date [default: $TRUENORTH_TODAY, else the today setting, else the real date].")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for people, markdown for a pull request or chat, json for tools.")
@AT_OPTION
def review(period: str, root: Path, today: _dt.date | None, fmt: str, at: str | None) -> None:
    """The review of a period: what was achieved, partial, missed and dropped.

    PERIOD is a year (2027), a half (2027-H1) or a quarter (2027-Q2); it takes the goals whose period
    lies inside it. Per level and per department: how many goals ended each way and their mean score
    (0.0-1.0 against the targets as promised when the period began, read from git); the targets that
    moved; the biggest misses with their retrospectives; the goals that scored full marks.

    With --at REV (a tag, branch or commit), the goals as they stood at that git revision: the review a
    quarter's tag recorded, exactly as it was.

    \b
    Examples:
      truenorth review 2027-Q1
      truenorth review 2027-H1 --format markdown > review.md
      truenorth review 2027-Q1 --at v2027-q1 --today 2027-04-01
    """
    from truenorth.analysis.review import review as make_review
    from truenorth.report.review import RENDERERS

    if at is not None:
        past = checked_at(root, at)
        config, result = past.config, past.result
    else:
        config = config_of(root)
        result = checked(root)
    today = today_of(config, today)
    promises = _promises(root, result, config, at)
    click.echo(RENDERERS[fmt](make_review(result.org, result.graph, period, today, promises), result.org), nl=False)


def _promises(root: Path, result, config, at: str | None):
    """The targets as promised, from git when the repository has history (truenorth.promises)."""
    from truenorth.timeline.promises import read_promises

    return read_promises(root, result.org, result.graph, config.goals_dir, at or "HEAD")



# -------------------------------------------------------------------------------- close and plan

@click.command()
@click.argument("goal")
@click.option("--as", "outcome", required=True, type=click.Choice(["achieved", "partial", "missed", "dropped"]),
              help="How the goal ended.")
@click.option("--note", default=None, help="The retrospective: what happened, and what was learnt.")
@edit_options
def close(goal: str, outcome: str, note: str | None, fmt: str, dry_run: bool, root: Path) -> None:
    """Close out a goal at the end of its period, with a retrospective.

    Sets the goal's `status` (achieved, partial, missed or dropped) and its `retrospective`, keeping
    the file's comments and layout; the change is checked before it is written.

    \b
    Examples:
      truenorth close marcus-reid-moving-home-checklist --as missed \\
          --note "Half the calls went to the chat team and never reached the checklist."
      truenorth close priya-raman-launch-scorecard --as achieved --dry-run
    """
    from truenorth.edit.closing import close_goal
    from truenorth.report.escape import terminal

    changes = change_set(root)
    with editing():
        closed = close_goal(changes, goal, outcome, note)
    finish(changes, fmt, dry_run, terminal(f"{goal}: closed out as {outcome} ({closed.location.path})"), id=goal,
           status=outcome)


@click.command()
@click.argument("period", callback=_period)
@click.option("--from", "source", required=True, callback=_period, metavar="PERIOD",
              help="The period whose unfinished goals are carried.")
@edit_options
def plan(period: str, source: str, fmt: str, dry_run: bool, root: Path) -> None:
    """Draft the next period's goals from the unfinished ones.

    Every goal of the --from period that is still active, or was closed out as partial or missed, gets a
    draft in PERIOD beside it: the same title, parents, owner and metrics, last period's current value as
    the new baseline, a new id, `status: draft` and `carried_from` naming the old goal. Drafts are checked
    like any goal but neither published nor counted until their status becomes active. A goal already
    carried into PERIOD is left alone.

    \b
    Examples:
      truenorth plan 2027-Q2 --from 2027-Q1 --dry-run
      truenorth plan 2028 --from 2027
    """
    from truenorth.edit.closing import draft_next_period
    from truenorth.report.escape import terminal

    changes = change_set(root)
    with editing():
        drafts = draft_next_period(changes, period, source)
    if not drafts:
        nothing_to_do(fmt, f"Nothing to carry: no goal of {source} is unfinished, or each is carried into {period} "
                           "already.", drafts=[])
        return
    done = "\n".join([f"Drafted {len(drafts)} goal{'s' if len(drafts) != 1 else ''} for {period}:",
                      *(terminal(f"  {d.id}  (from {d.carried_from}, {d.path})") for d in drafts)])
    finish(changes, fmt, dry_run, done, drafts=[{"id": d.id, "carried_from": d.carried_from, "file": d.path}
                                                for d in drafts])


COMMANDS = [review, close, plan]
