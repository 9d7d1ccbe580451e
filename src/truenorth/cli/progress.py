"""Progress commands: owe (what each person owes), checkin (record a check-in), digest (what changed).

Registered by cli/app.py, loaded when one runs. Private goals are counted but never named.
"""

from __future__ import annotations

from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, checked, config_of, today_of
from truenorth.report.escape import json_text, markdown, terminal as clean

_OWE_HEADINGS = {"stale": "overdue check-in", "due": "check-in due", "close": "period ended",
                 "target": "no target", "current": "no current value", "finding": "finding"}


@click.command()
@click.argument("person", required=False)
@click.option("--department", "department", metavar="DEPT", help="Everyone in this department (and those below it).")
@click.option("--all", "everyone", is_flag=True, help="Everyone who owes anything.")
@ROOT_OPTION
@click.option("--today", metavar="YYYY-MM-DD",
              help="Judge as of this date [default: $TRUENORTH_TODAY, else the today setting, else the real date].")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for people, markdown to paste into chat or email, json for tools.")
def owe(person: str | None, department: str | None, everyone: bool, root: Path, today: str | None, fmt: str) -> None:
    """What each person owes: overdue or due check-ins, goals whose period ended without a close-out, key
    results without a target or a current value, and findings that name their goals.

    \b
    Examples:
      truenorth owe ana-lima                 what Ana owes
      truenorth owe --department billing     everyone in billing
      truenorth owe --all --format markdown  everyone, to paste into chat
    """
    from truenorth.analysis.owe import owed
    from truenorth.analysis.status import assess

    if sum(bool(x) for x in (person, department, everyone)) != 1:
        raise click.UsageError("name one PERSON, or give --department DEPT or --all")
    config = config_of(root)
    day = today_of(config, today)
    result = checked(root)
    org = result.org
    if person is not None and person not in org.people:
        from truenorth.rules.base import did_you_mean_note

        raise Failure(clean(f"no person {person!r} in {config.goals_dir}/people/{did_you_mean_note(person, org.people)}"))
    if department is not None and department not in org.departments:
        from truenorth.rules.base import did_you_mean_note

        raise Failure(clean(f"no department {department!r}{did_you_mean_note(department, org.departments)}"))
    assessments = assess(org, result.graph, day, **config.status_thresholds)
    everything = owed(org, assessments, result.findings, day, config.checkin_every_days)
    if person is not None:
        people = [person]
    elif department is not None:
        inside = _departments_below(org, department)
        people = sorted(p.id for p in org.people.values() if p.department in inside)
    else:
        people = list(everything)
    listing = []
    for pid in people:
        items = everything.get(pid, [])
        shown = [o for o in items if not org.goals[o.goal].is_private]
        listing.append((pid, shown, len(items) - len(shown)))
    if everyone or department is not None:
        listing = [entry for entry in listing if entry[1] or entry[2]]
    if fmt == "json":
        payload = {"today": day.isoformat(), "people": [
            {"person": pid, "name": org.people[pid].name if pid in org.people else None,
             "owes": [{"goal": o.goal, "kind": o.kind, "text": o.text, "due": o.due.isoformat() if o.due else None}
                      for o in shown], "private": hidden} for pid, shown, hidden in listing]}
        click.echo(json_text(payload, indent=2))
        return
    md = fmt == "markdown"
    esc = markdown if md else clean
    total = sum(len(s) + h for _, s, h in listing)
    click.echo((f"**What is owed on {day.isoformat()}**" if md else f"Owed on {day.isoformat()}") + f" ({total})")
    if not listing:
        click.echo("\nnothing: every check-in is up to date")
    for pid, shown, hidden in listing:
        name = org.people[pid].name if pid in org.people else pid
        head = f"{name} ({pid})"
        click.echo("\n" + (f"**{esc(head)}**" if md else esc(head)))
        if not shown and not hidden:
            click.echo(("- " if md else "  ") + "nothing")
        for o in shown:
            line = f"{_OWE_HEADINGS[o.kind]}: {o.goal}: {o.text}"
            click.echo(("- " if md else "  ") + esc(line))
        if hidden:
            click.echo(("- " if md else "  ") + f"and {hidden} about private goals")


def _departments_below(org, department: str) -> set[str]:
    found = {department}
    changed = True
    while changed:
        changed = False
        for dept in org.departments.values():
            if dept.parent in found and dept.id not in found:
                found.add(dept.id)
                changed = True
    return found


@click.command()
@click.option("--since", default="7d", show_default=True, metavar="7d|REV",
              help="A number of days (7d: since the last commit a week ago) or a git revision (a tag, a sha).")
@ROOT_OPTION
@click.option("--today", metavar="YYYY-MM-DD",
              help="Judge status as of this date [default: $TRUENORTH_TODAY, else the today setting, else the real date].")
@click.option("--format", "fmt", type=click.Choice(["markdown", "text", "json"]), default="markdown", show_default=True,
              help="markdown to paste into chat or email, text for a terminal, json for tools.")
def digest(since: str, root: Path, today: str | None, fmt: str) -> None:
    """What changed in the goals, from git: goals added, achieved, retired and re-linked, key results that
    moved (with their check-in notes), status changes, goals that went stale, who is overdue.

    \b
    Examples:
      truenorth digest                      the last week, as Markdown for chat or email
      truenorth digest --since 30d --format text
      truenorth digest --since v2027.1 --format json
    """
    from truenorth.timeline.digest import DigestError, digest as make_digest, render

    config = config_of(root)
    day = today_of(config, today)
    result = checked(root)
    try:
        found = make_digest(config.root, result, day, since)
    except DigestError as exc:
        raise Failure(clean(str(exc))) from None
    if fmt == "json":
        click.echo(json_text(found.as_dict(), indent=2))
    else:
        click.echo(render(found, fmt))


COMMANDS = [owe, digest]
