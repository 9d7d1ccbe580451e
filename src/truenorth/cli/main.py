"""The `truenorth` command: a thin adapter over check, analysis and site generation.

Exit codes: 0 no error finding, 1 at least one error finding, 2 usage or I/O problem.
"""

from __future__ import annotations

import gc
import importlib
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from truenorth import __version__
from truenorth.config import Config, ConfigError, load_config
from truenorth.model import Level
from truenorth.report import REPORTERS
from truenorth.report.text import clean

if TYPE_CHECKING:
    from truenorth.check import CheckResult

# Light imports only up here: `truenorth check` with nothing changed answers from the cache
# without ever importing PyYAML, jsonschema or networkx. Heavy modules load where they are used.

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="The repository root: the folder that holds goals/ (and pyproject.toml).")
QUIET_OPTION = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")


def _config(root: Path) -> Config:
    try:
        return load_config(root)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def _progress(config: Config, quiet: bool):
    """A progress bar on a terminal for big folders; nothing in CI, in pipes or with --quiet."""
    if quiet or not sys.stderr.isatty() or not config.goals_path.is_dir():
        yield None
        return
    from truenorth.load.layout import goal_file_paths

    total = len(goal_file_paths(config.goals_path))
    if total < 500:
        yield None
        return
    with click.progressbar(length=total, label="Reading goals", file=sys.stderr) as bar:
        yield bar.update


def _checked(root: Path, quiet: bool = True, cache=None, jobs: int | None = None) -> CheckResult:
    from truenorth.check import run_check

    config = _config(root)
    if not config.goals_path.is_dir():
        raise click.ClickException(f"no goals folder at {config.goals_path} (use --root to point at the repository)")
    with _progress(config, quiet) as progress:
        return run_check(config, progress, cache=cache, jobs=jobs)


class _Commands(click.Group):
    """The command group; the planning and site commands are imported only when one of them runs."""

    LAZY = {
        "gaps": "truenorth.cli.planning:gaps",
        "impact": "truenorth.cli.planning:impact",
        "status": "truenorth.cli.planning:status",
        "build": "truenorth.cli.site:build",
        "serve": "truenorth.cli.site:serve",
        "export-docs": "truenorth.cli.site:export_docs",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            module, attribute = self.LAZY[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Ctrl-C: one line and 130 (main), not click's "Aborted!" and 1
            from truenorth.processes import Stopped

            raise Stopped(signal.SIGINT) from None


click.ClickException.exit_code = 2  # usage and I/O problems exit 2; findings exit 1


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from truenorth.load import yaml_nodes  # only now: it imports the YAML parser

    from truenorth import cache_answer

    accelerator = ("on" if yaml_nodes._fastyaml is not None else
                   "off (PyYAML alone: same results, slower; see the README on the optional YAML accelerator)")
    walk = "on" if cache_answer._fastwalk is not None else "off (the folder is walked in Python: same results, slower)"
    click.echo(f"truenorth, version {__version__}\nYAML accelerator: {accelerator}\nFolder walk accelerator: {walk}")
    ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version, and whether the C accelerators are in use, and exit.")
def cli() -> None:
    """Goals as code: check that every goal traces up to the customer vision.

    \b
    Typical use:
      truenorth check                 check goals/ in this repository
      truenorth check --format github annotations for a pull request
      truenorth trace my-goal-id      my line of sight to the vision
      truenorth tree                  the whole cascade
    """


@cli.command()
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="text for people, json for tools, github for GitHub Actions annotations.")
@QUIET_OPTION
@click.option("--no-cache", is_flag=True,
              help="Read every file again instead of reusing what the last check read from unchanged files.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for reading large goals folders [default: one per CPU].")
def check(root: Path, fmt: str, quiet: bool, no_cache: bool, jobs: int | None) -> None:
    """Check that every goal traces to the vision; report what does not.

    Exits 0 when there is no error (warnings allowed), 1 when there is an
    error finding, 2 when the command itself cannot run.

    Files whose content is unchanged since the last check are not parsed
    again; when nothing changed at all, or only what no rule reads (a key
    result's current value, a title, a description), the last report is
    printed as it was. The cache lives in ~/.cache/truenorth ($XDG_CACHE_HOME, or
    $TRUENORTH_CACHE_DIR to choose), never in the repository.
    """
    gc.disable()  # a one-shot command building many long-lived objects: cyclic collection is pure overhead
    cache = None
    if not no_cache:
        from truenorth.cache import CheckCache
        from truenorth.cli.quick import take_cache

        cache = take_cache(root)  # the console script's quick try got as far as an edit it could not answer
        if cache is None:
            cache = CheckCache.open(root)
            if cache is not None:
                _key, report = cache.cached_report()
                if report is not None:  # nothing changed since the last check: same files, same answer
                    _print_report(report, fmt, cache)
                report = cache.report_after_unseen_edits()
                if report is not None:  # a few files changed, in nothing any rule reads: same answer
                    _print_report(report, fmt, cache)
            if cache is not None:
                from truenorth.period_edits import report_after_period_edits

                report = report_after_period_edits(_config(root), cache)
                if report is not None:  # only periods changed: TN113 re-checked on the links they touch
                    _print_report(report, fmt, cache)
    result = _checked(root, quiet, cache=cache, jobs=jobs)
    _print_report(result, fmt, cache)


def _print_report(report, fmt: str, cache=None) -> None:
    """Print the report and exit; with the cache, remember the output for the quick path (cli.quick)."""
    global _EXIT_WITHOUT_TEARDOWN
    from truenorth.cli.quick import rendered

    output, code = rendered(report, fmt, cache)
    click.echo(output, nl=False)
    _EXIT_WITHOUT_TEARDOWN = True
    sys.exit(code)


@cli.command()
@click.argument("goal_id")
@ROOT_OPTION
def trace(goal_id: str, root: Path) -> None:
    """Show the line of sight from GOAL_ID up to the customer vision."""
    from truenorth.analysis.graph import lines_of_sight

    result = _checked(root)
    org = result.org
    if goal_id not in org.goals and not (org.vision and goal_id == org.vision.id):
        from truenorth.rules.base import did_you_mean

        close = did_you_mean(goal_id, list(org.goals))
        raise click.ClickException(f"no goal has the id {goal_id!r}" +
                                   (f"; did you mean {', '.join(map(repr, close))}?" if close else ""))
    paths = lines_of_sight(result.graph, org, goal_id)
    if not paths:
        click.echo(clean(f"{goal_id}: {org.node_title(goal_id)}"))
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


@cli.command()
@ROOT_OPTION
@click.option("--depth", type=click.IntRange(0, 3), default=3, show_default=True,
              help="How many levels below the vision to show (1 corporate, 2 department, 3 individual).")
def tree(root: Path, depth: int) -> None:
    """Print the cascade from the vision down as an indented tree."""
    from truenorth.analysis.graph import supporters

    result = _checked(root)
    org = result.org
    if org.vision is None:
        raise click.ClickException("there is no vision (goals/vision.yaml); run `truenorth check`")
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

    click.echo(clean(f"{org.vision.id}: {org.vision.title}"))
    walk(org.vision.id, 0, "")
    untraced = sorted(g for g in org.goals if g not in result.traced)
    if untraced:
        click.echo(f"\n{len(untraced)} goals do not trace to the vision: {', '.join(untraced[:10])}"
                   + (" ..." if len(untraced) > 10 else ""))


@cli.command(name="rules")
def list_rules() -> None:
    """List every rule: code, name, default severity and what it flags."""
    from truenorth.rules import ALL_RULES

    for rule in ALL_RULES:
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}")


def main() -> None:
    global _EXIT_WITHOUT_TEARDOWN
    _EXIT_WITHOUT_TEARDOWN = False
    from truenorth import processes

    processes.stop_on_sigterm()
    try:
        cli(prog_name="truenorth")
    except (processes.Stopped, KeyboardInterrupt) as stop:  # SIGTERM or Ctrl-C: children go first, then one line
        processes.stop_children()
        stopped = stop if isinstance(stop, processes.Stopped) else processes.Stopped(signal.SIGINT)
        click.echo(f"truenorth: {stopped.reason}", err=True)
        from truenorth.cli.quick import exit_without_teardown

        exit_without_teardown(stopped.exit_code)  # cleanup ran as the exception rose; nothing left to wait for
    except SystemExit as done:
        if not _EXIT_WITHOUT_TEARDOWN:
            raise
        from truenorth.cli.quick import exit_without_teardown

        exit_without_teardown(done.code if isinstance(done.code, int) else (0 if done.code is None else 1))


_EXIT_WITHOUT_TEARDOWN = False  # set by `check` once its report is written (only when run as the program)


if __name__ == "__main__":  # pragma: no cover
    main()
