"""The `truenorth` command: a thin adapter over check, analysis and site generation.

Exit codes: 0 no error finding, 1 at least one error finding, 2 usage or I/O problem.
"""

from __future__ import annotations

import gc
import importlib
import json
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
from truenorth.report.escape import terminal as clean
from truenorth.root import ROOT_HELP, resolve_root

if TYPE_CHECKING:
    from truenorth.check import CheckResult

# Light imports only up here: `truenorth check` with nothing changed answers from the cache
# without ever importing PyYAML, jsonschema or networkx. Heavy modules load where they are used.

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None, callback=resolve_root, help=ROOT_HELP)
QUIET_OPTION = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")


def _config(root: Path) -> Config:
    try:
        return load_config(root)
    except ConfigError as exc:
        raise click.ClickException(clean(str(exc))) from None


def _today(config: Config, option=None):
    """The date status is judged on: --today, else $TRUENORTH_TODAY, else the `today` setting, else the
    real date (config.resolve_today); a bad one exits 2 naming where it came from."""
    from truenorth.config import resolve_today

    try:
        return resolve_today(config, option)
    except ConfigError as exc:
        raise click.ClickException(clean(str(exc))) from None


@contextmanager
def _reading():
    """A goals folder that cannot be read (the walk names what is unreadable inside it): exit 2, one line."""
    try:
        yield
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise click.ClickException(clean(f"cannot read{where}: {exc.strerror or exc}")) from None


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
        raise click.ClickException(clean(f"no goals folder at {config.goals_path} (use --root to point at the repository)"))
    with _reading(), _progress(config, quiet) as progress:
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

    from truenorth.load import files

    accelerator = ("on" if yaml_nodes._fastyaml is not None else
                   "off (PyYAML alone: same results, slower; see the README on the optional YAML accelerator)")
    walk = "on" if files._fastwalk is not None else "off (the folder is walked in Python: same results, slower)"
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
      truenorth trace my-id           the line of sight of each of my goals
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
        from truenorth import cache as check_cache
        from truenorth.cli.quick import take_cache

        cache = take_cache(root)  # the console script's quick try got as far as an edit it could not answer
        if cache is None:
            cache = check_cache.open(root)
            if cache is not None:
                with _reading():
                    _key, report = cache.cached_report()
                if report is not None:  # nothing changed since the last check: same files, same answer
                    _print_report(report, fmt, cache)
            if cache is not None:
                config = _config(root)
                with _reading():
                    report = check_cache.report_after_edits(cache, config)
                if report is not None:  # a few files changed, in nothing any rule reads (or only periods)
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
    result = _checked(root)
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
        raise click.ClickException(clean(f"{text!r} names more than one: {ids}; give the id"))
    from truenorth.rules.base import did_you_mean

    names = {p.name: p.id for p in org.people.values()} | {d.name: d.id for d in org.departments.values()}
    close = [repr(c) for c in did_you_mean(text, [*org.goals, *org.people, *org.departments], n=3)]
    close += [f"{n!r} ({names[n]})" for n in did_you_mean(text, list(names), n=3) if repr(names[n]) not in close]
    raise click.ClickException(clean(f"no goal, person or department has the id or name {text!r}" +
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


@cli.command(name="rules")
@click.argument("rule_key", metavar="[CODE|NAME]", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
def list_rules(rule_key: str | None, fmt: str) -> None:
    """List every rule: code, name, default severity and what it flags.

    With a rule's code or name (`truenorth rules TN101`, `truenorth rules orphan`), print its
    documentation: what it checks and why, its options, its hint, and PASS and FAIL examples.
    """
    from truenorth.rules import ALL_RULES, RULES_BY_KEY

    def summary(rule) -> dict:
        return {"code": rule.code, "name": rule.name, "severity": rule.severity.value, "summary": rule.summary,
                "hint": rule.hint}

    if rule_key is None:
        if fmt == "json":
            click.echo(json.dumps([summary(r) for r in ALL_RULES], indent=2, ensure_ascii=False))
            return
        for rule in ALL_RULES:
            click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}")
        return
    from truenorth.rules import docs
    from truenorth.rules.base import did_you_mean

    rule = RULES_BY_KEY.get(rule_key.upper() if rule_key.upper() in RULES_BY_KEY else rule_key.lower())
    if rule is None:
        close = did_you_mean(rule_key.lower(), [r.name for r in ALL_RULES]) or \
            did_you_mean(rule_key.upper(), [r.code for r in ALL_RULES])
        raise click.ClickException(f"no rule has the code or name {rule_key!r}"
                                   + (f"; did you mean {' or '.join(map(repr, close))}?" if close else "")
                                   + " (`truenorth rules` lists them all)")
    doc = docs.parse(rule.doc)
    if fmt == "json":
        examples = [{"verdict": e.verdict, "text": e.text, "also": list(e.also), "files": e.files}
                    for e in doc.examples]
        click.echo(json.dumps({**summary(rule), "title": doc.title, "explanation": doc.body, "examples": examples},
                              indent=2, ensure_ascii=False))
        return
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value} by default)\n{rule.summary}")
    if rule.hint:
        click.echo(f"Hint: {rule.hint}")
    click.echo(f"\n{doc.body}")
    for example in doc.examples:
        click.echo(f"\n{example.markdown}")
    if doc.examples:
        click.echo(f"\nAbout the examples:\n{docs.EXAMPLE_ORGANISATION}", nl=False)
    click.echo(f"\nSet its severity under [tool.truenorth.severity] in pyproject.toml: "
               f"{rule.code} = \"error\", \"warning\" or \"off\".")


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
