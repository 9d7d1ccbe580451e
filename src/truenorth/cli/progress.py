"""Progress commands: owe (what each person owes), checkin (record a check-in), digest (what changed).

Registered by cli/app.py, loaded when one runs. Private goals are counted but never named.
"""

from __future__ import annotations

from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, checked, config_of, today_of
from truenorth.report.escape import json_text, markdown_text as markdown, terminal as clean

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


@click.command()
@click.argument("goal")
@click.option("--kr", "which", metavar="INDEX|METRIC",
              help="The key result: its number (1 for the first) or its metric id; may be left out when the goal "
                   "has one key result.")
@click.option("--value", required=True, type=float, metavar="V", help="The value read.")
@click.option("--confidence", metavar="C", help="How sure you are of reaching the target: 0 to 1, or low, medium, high.")
@click.option("--note", metavar="TEXT", help="Why it moved, what is next.")
@click.option("--date", "when", metavar="YYYY-MM-DD",
              help="The day it was read [default: today: $TRUENORTH_TODAY, else the today setting, else the real date].")
@click.option("--by", metavar="PERSON", help="Who read it, when not the goal's owner (a person id).")
@click.option("--dry-run", is_flag=True, help="Show the change as a diff and write nothing.")
@ROOT_OPTION
def checkin(goal: str, which: str | None, value: float, confidence: str | None, note: str | None, when: str | None,
            by: str | None, dry_run: bool, root: Path) -> None:
    """Record a check-in on a key result: its value on a day, your confidence and a note. The file keeps its
    comments and layout; the change is checked first and refused (exit 1, nothing written) if it would
    bring an error, such as a date outside the goal's period. A written `current:` is updated too.

    \b
    Examples:
      truenorth checkin hannah-doyle-first-contact-resolution --value 71 --confidence high
      truenorth checkin corp-solve-first-time --kr repeat-contacts --value 15 --note "New IVR menu" --dry-run
    """
    import datetime as _dt

    from truenorth.cli.editing import change_set, editing, finish
    from truenorth.edit import CommentedSeq, new_map

    config = config_of(root)
    day = today_of(config, when)
    level = None
    if confidence is not None:
        level = _confidence(confidence)
    changes = change_set(root)
    with editing():
        document, item = changes.goal(goal)
        krs = item.get("key_results")
        if not isinstance(krs, list) or not krs:
            raise Failure(clean(f"{goal!r} has no key results to check in on"))
        index = _which_kr(goal, krs, which)
        kr = krs[index]
        entry = new_map(("date", day), ("value", int(value) if value.is_integer() else value))
        if level is not None:
            entry["confidence"] = level
        if note:
            entry["note"] = note
        if by:
            entry["by"] = by
        check_ins = kr.get("check_ins")
        if check_ins is None:
            kr["check_ins"] = check_ins = CommentedSeq()
        later = [c for c in check_ins if isinstance(c, dict) and str(c.get("date", "")) > day.isoformat()]
        if check_ins:
            _carry_trailing_comment(check_ins[-1], entry)
        check_ins.append(entry)
        if "current" in kr and not later:  # `current` stays the latest value
            kr["current"] = entry["value"]
    metric = kr.get("metric")
    finish(changes, "text", dry_run, clean(f"checked in on {goal} ({metric}): {_dt.date.isoformat(day)} {entry['value']}"
                                           + (f", confidence {level}" if level is not None else "")))


def _carry_trailing_comment(previous, entry) -> None:
    """The blank lines and comments after the last check-in (before the next key result or goal) belong
    after the new one: ruamel keeps them on the last key of the last item, so they move to the new item."""
    items = getattr(getattr(previous, "ca", None), "items", None)
    if not items or not previous:
        return
    last = list(previous.keys())[-1]
    comment = items.pop(last, None)
    if comment is not None:
        entry.ca.items[list(entry.keys())[-1]] = comment


def _confidence(text: str) -> float | str:
    word = text.strip().lower()
    if word in ("low", "medium", "high"):
        return word
    try:
        number = float(word)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 1:
        raise click.BadParameter(f"{text!r}: give a number from 0 to 1, or low, medium or high", param_hint="--confidence")
    return number


def _which_kr(goal: str, krs: list, which: str | None) -> int:
    metrics = [str(kr.get("metric")) if isinstance(kr, dict) else "?" for kr in krs]
    listed = ", ".join(f"{n} ({m})" for n, m in enumerate(metrics, 1))
    if which is None:
        if len(krs) == 1:
            return 0
        raise click.UsageError(clean(f"{goal!r} has {len(krs)} key results: choose one with --kr: {listed}"))
    if which.isdigit():
        number = int(which)
        if not 1 <= number <= len(krs):
            raise click.UsageError(clean(f"--kr {which}: {goal!r} has key results {listed}"))
        return number - 1
    found = [n for n, m in enumerate(metrics) if m == which]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise click.UsageError(clean(f"--kr {which}: {goal!r} has {len(found)} key results on it; give its number: {listed}"))
    raise click.UsageError(clean(f"--kr {which}: no key result on that metric in {goal!r}; it has {listed}"))


COMMANDS = [owe, digest, checkin]
