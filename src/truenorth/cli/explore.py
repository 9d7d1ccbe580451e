"""Exploring the cascade: `truenorth trace` (a goal's line of sight) and `truenorth tree` (the whole cascade)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, checked
from truenorth.model import Level
from truenorth.report.escape import terminal as clean


@click.command()
@click.argument("goal_id")
@ROOT_OPTION
def trace(goal_id: str, root: Path) -> None:
    """Show the line of sight from GOAL_ID up to the customer vision."""
    from truenorth.analysis.graph import lines_of_sight

    result = checked(root)
    org = result.org
    if goal_id not in org.goals and not (org.vision and goal_id == org.vision.id):
        from truenorth.rules.base import did_you_mean

        close = did_you_mean(goal_id, list(org.goals))
        raise Failure(clean(f"no goal has the id {goal_id!r}" +
                                         (f"; did you mean {', '.join(map(repr, close))}?" if close else "")))
    paths = lines_of_sight(result.graph, org, goal_id)
    if not paths:
        from truenorth.analysis.coverage import is_standalone

        click.echo(clean(f"{goal_id}: {org.node_title(goal_id)}"))
        goal = org.goals.get(goal_id)
        if goal is not None and is_standalone(goal, result.traced):
            click.echo(clean(f"  standalone: no line of sight to the vision, by a reviewed reason: {goal.standalone_reason}"))
            return
        click.echo("  does not trace to the vision; run `truenorth check` to see where the chain breaks.")
        sys.exit(1)
    for n, path in enumerate(paths):
        if n:
            click.echo("")
        for depth, node in enumerate(path):
            label = Level.VISION.label if org.vision and node == org.vision.id else org.goals[node].level.label
            owner = "" if node not in org.goals else f"  ({org.goals[node].owner})"
            arrow = "" if depth == 0 else "  " * (depth - 1) + "└─ supports "
            click.echo(clean(f"{arrow}{label} {node}: {org.node_title(node)}{owner}"))


@click.command()
@ROOT_OPTION
@click.option("--depth", type=click.IntRange(0, 3), default=3, show_default=True,
              help="How many levels below the vision to show (1 corporate, 2 department, 3 individual).")
def tree(root: Path, depth: int) -> None:
    """Print the cascade from the vision down as an indented tree."""
    from truenorth.analysis.graph import supporters

    result = checked(root)
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
