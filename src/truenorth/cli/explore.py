"""Exploring the cascade: `truenorth trace` (a goal's line of sight) and `truenorth tree` (the whole cascade)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from truenorth.cli.app import AT_OPTION, ROOT_OPTION, Failure, checked
from truenorth.model import Level
from truenorth.report.escape import terminal as clean

if TYPE_CHECKING:
    from truenorth.findings import CheckResult


@click.command()
@click.argument("who_or_what", metavar="GOAL|PERSON|DEPARTMENT")
@ROOT_OPTION
def trace(who_or_what: str, root: Path) -> None:
    """Show the line of sight up to the customer vision: of one goal, or of each goal of a person
    or a department.

    \b
    truenorth trace hannah-doyle-first-contact-resolution   a goal, by its id
    truenorth trace hannah-doyle                            a person's goals, by their id
    truenorth trace "Hannah Doyle"                          ... or their name (any case)
    truenorth trace billing                                 a department's goals

    Exits 1 when a goal shown does not trace to the vision (and is not standalone).
    """
    result = checked(root)
    org = result.org
    if who_or_what in org.goals or (org.vision and who_or_what == org.vision.id):
        if not _print_line_of_sight(result, who_or_what):
            sys.exit(1)
        return
    kind, found = _person_or_department(org, who_or_what)
    if kind == "person":
        person = org.people[found]
        goals = sorted(g.id for g in org.goals.values() if g.person == found)
        click.echo(clean(f"{person.id}: {person.name} ({person.department}), "
                         f"{len(goals)} goal{'s' if len(goals) != 1 else ''}"))
    else:
        department = org.departments[found]
        goals = sorted(g.id for g in org.goals.values() if g.department == found and g.level == Level.DEPARTMENT)
        click.echo(clean(f"{department.id}: {department.name} (department, head {department.head}), "
                         f"{len(goals)} department goal{'s' if len(goals) != 1 else ''}"))
    if not goals:
        click.echo("  no goals to trace (run `truenorth check`: goals left out for errors are not shown)")
        return
    broken = 0
    for goal_id in goals:
        click.echo("")
        broken += not _print_line_of_sight(result, goal_id)
    if broken:
        click.echo(f"\n{broken} of {len(goals)} goals do not trace to the vision; "
                   "run `truenorth check` to see where the chains break.")
        sys.exit(1)


def _person_or_department(org, text: str) -> tuple[str, str]:
    """("person" or "department", its id) for a person's or department's id, or for a name (any case)
    that only one of them has; anything else exits 2 with the closest ids and names."""
    if text in org.people:
        return "person", text
    if text in org.departments:
        return "department", text
    wanted = " ".join(text.split()).casefold()
    named = [("person", p.id) for p in org.people.values() if " ".join(p.name.split()).casefold() == wanted]
    named += [("department", d.id) for d in org.departments.values() if " ".join(d.name.split()).casefold() == wanted]
    named += [("person", p) for p in org.people if p.casefold() == wanted and ("person", p) not in named]
    named += [("department", d) for d in org.departments if d.casefold() == wanted and ("department", d) not in named]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = ", ".join(f"{kind} {id_!r}" for kind, id_ in sorted(named))
        raise Failure(clean(f"{text!r} names more than one: {ids}; give the id"))
    from truenorth.rules.base import did_you_mean

    names = {p.name: p.id for p in org.people.values()} | {d.name: d.id for d in org.departments.values()}
    close = [repr(c) for c in did_you_mean(text, [*org.goals, *org.people, *org.departments], n=3)]
    close += [f"{n!r} ({names[n]})" for n in did_you_mean(text, list(names), n=3) if repr(names[n]) not in close]
    raise Failure(clean(f"no goal, person or department has the id or name {text!r}" +
                                     (f"; did you mean {', '.join(close)}?" if close else "")))


def _print_line_of_sight(result: CheckResult, goal_id: str) -> bool:
    """Print every chain from goal_id to the vision; False when there is none and the goal is not standalone."""
    from truenorth.analysis.graph import lines_of_sight

    org = result.org
    paths = lines_of_sight(result.graph, org, goal_id)
    if not paths:
        from truenorth.analysis.coverage import is_standalone

        click.echo(clean(f"{goal_id}: {org.node_title(goal_id)}"))
        goal = org.goals.get(goal_id)
        if goal is not None and is_standalone(goal, result.traced):
            click.echo(clean(f"  standalone: no line of sight to the vision, by a reviewed reason: {goal.standalone_reason}"))
            return True
        click.echo("  does not trace to the vision; run `truenorth check` to see where the chain breaks.")
        return False
    for n, path in enumerate(paths):
        if n:
            click.echo("")
        for depth, node in enumerate(path):
            label = Level.VISION.label if org.vision and node == org.vision.id else org.goals[node].level.label
            owner = "" if node not in org.goals else f"  ({org.goals[node].owner})"
            arrow = "" if depth == 0 else "  " * (depth - 1) + "└─ supports "
            click.echo(clean(f"{arrow}{label} {node}: {org.node_title(node)}{owner}"))
    return True


@click.command()
@ROOT_OPTION
@click.option("--depth", type=click.IntRange(0, 3), default=3, show_default=True,
              help="How many levels below the vision to show (1 corporate, 2 department, 3 individual).")
@AT_OPTION
def tree(root: Path, depth: int, at: str | None) -> None:
    """Print the cascade from the vision down as an indented tree (--at v2027-q1: as it stood at a git revision)."""
    from truenorth.analysis.graph import supporters

    result = checked(root, at=at)
    org = result.org
    if org.vision is None:
        raise Failure("there is no vision (goals/vision.yaml); run `truenorth check`")
    seen: set[str] = set()

    def walk(node: str, level: int, prefix: str) -> None:
        children = [c for c in supporters(result.graph, node) if c not in seen and org.goals[c].level <= depth]
        for i, child in enumerate(children):
            seen.add(child)
            last = i == len(children) - 1
            goal = org.goals[child]
            private = " [private]" if goal.is_private else ""
            click.echo(clean(f"{prefix}{'└── ' if last else '├── '}{child}: {goal.title} ({goal.owner}){private}"))
            walk(child, level + 1, prefix + ("    " if last else "│   "))

    from truenorth.analysis.coverage import is_standalone

    click.echo(clean(f"{org.vision.id}: {org.vision.title}"))
    walk(org.vision.id, 0, "")
    standalone = sorted(g for g, goal in org.goals.items() if is_standalone(goal, result.traced))
    if standalone:
        click.echo(f"\nStandalone by a reviewed reason ({len(standalone)}): no line of sight to the vision, on purpose")
        for goal_id in standalone:
            goal = org.goals[goal_id]
            private = " [private]" if goal.is_private else ""
            click.echo(clean(f"    {goal_id}: {goal.title} ({goal.owner}){private}"))
            click.echo(clean(f"      reason: {goal.standalone_reason}"))
    untraced = sorted(g for g in org.goals if g not in result.traced and g not in standalone)
    if untraced:
        click.echo("\n" + clean(f"{len(untraced)} {'goal does' if len(untraced) == 1 else 'goals do'} not trace to the vision: "
                                f"{', '.join(untraced[:10])}" + (" ..." if len(untraced) > 10 else "")))
