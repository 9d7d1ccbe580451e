"""The `truenorth` click app: the command group, the options and helpers the commands share, exit codes.

Exit codes: 0 no error finding, 1 at least one error finding, 2 usage or I/O problem (click's usage
errors exit 2 themselves; every other problem a command reports is a `Failure`, exit 2).

Each command group is a module of its own, imported only when one of its commands runs (or --help
lists them): check.py, explore.py (trace, tree), rules.py, planning.py, site.py.
"""

from __future__ import annotations

import importlib
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from truenorth import __version__
from truenorth.config import Config, ConfigError, load_config
from truenorth.report.escape import terminal as clean
from truenorth.root import ROOT_HELP, resolve_root

if TYPE_CHECKING:
    from truenorth.check import CheckResult
    from truenorth.incremental import CheckOutcome

# Light imports only up here: `truenorth check` with nothing changed answers from the cache
# without ever importing PyYAML, jsonschema or networkx. Heavy modules load where they are used.

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None, callback=resolve_root, help=ROOT_HELP)
QUIET_OPTION = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")


class Failure(click.ClickException):
    """A problem that stops a command (settings, a folder or file that cannot be read, an unknown id):
    one line on stderr and exit 2, as click's usage errors; error findings alone exit 1."""

    exit_code = 2


def config_of(root: Path) -> Config:
    """The settings of the repository at `root`; a Failure saying what is wrong with them."""
    try:
        return load_config(root)
    except ConfigError as exc:
        raise Failure(clean(str(exc))) from None


def date_value(ctx, param, value):
    """A click callback for a date option (--today, --date): a date, or a usage error (exit 2) naming it."""
    import datetime as _dt

    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2027-05-01") from None


def today_of(config: Config, option=None):
    """The date status is judged on: --today, else $TRUENORTH_TODAY, else the `today` setting, else the
    real date (config.resolve_today); a bad one exits 2 naming where it came from."""
    from truenorth.config import resolve_today

    try:
        return resolve_today(config, option)
    except ConfigError as exc:
        raise Failure(clean(str(exc))) from None


@contextmanager
def reading():
    """A goals folder that cannot be read (the walk names what is unreadable inside it): exit 2, one line."""
    try:
        yield
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise Failure(clean(f"cannot read{where}: {exc.strerror or exc}")) from None


@contextmanager
def progress_bar(config: Config, quiet: bool):
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


AT_OPTION = click.option("--at", "at", metavar="REV", default=None,
                         help="The goals as they stood at this git revision (a tag, branch or commit), "
                              "read from git; the working tree and the check cache are left alone.")


def checked_at(root: Path, rev: str):
    """The organisation at git revision `rev`, checked (truenorth.revision.Checked); a Failure (exit 2,
    one line) outside a repository, for an unknown revision, bad settings or no goals folder there."""
    from truenorth.git import GitError
    from truenorth.revision import NoGoals, check_at

    try:
        with reading():
            return check_at(root, rev)
    except (GitError, ConfigError, NoGoals) as exc:
        raise Failure(clean(str(exc))) from None


def checked(root: Path, quiet: bool = True, at: str | None = None) -> CheckResult:
    """The full check of the repository at `root` (no cache), for the commands that need the
    organisation and its graph (at git revision `at`, when given); a Failure for a problem that stops it."""
    from truenorth.check import run_check

    if at is not None:
        return checked_at(root, at).result
    config = config_of(root)
    if not config.goals_path.is_dir():
        raise Failure(clean(f"no goals folder at {config.goals_path} (use --root to point at the repository)"))
    with reading(), progress_bar(config, quiet) as progress:
        return run_check(config, progress)


class Program:
    """What the console script (truenorth.cli.entry) hands the click app as its `obj`: that it runs as
    the program, so that a finished check may leave without teardown (quick.exit_without_teardown), and
    the quick path's unanswered check, to go on from."""

    def __init__(self, unanswered: CheckOutcome | None = None) -> None:
        self.unanswered = unanswered


class _Commands(click.Group):
    """The command group; each command's module is imported only when it runs (or --help lists it)."""

    LAZY = {
        "check": "truenorth.cli.check:check",
        "trace": "truenorth.cli.explore:trace",
        "tree": "truenorth.cli.explore:tree",
        "rules": "truenorth.cli.rules:list_rules",
        "gaps": "truenorth.cli.planning:gaps",
        "impact": "truenorth.cli.planning:impact",
        "status": "truenorth.cli.planning:status",
        "build": "truenorth.cli.site:build",
        "serve": "truenorth.cli.site:serve",
        "export-docs": "truenorth.cli.site:export_docs",
        "review": "truenorth.cli.period:review",
        "close": "truenorth.cli.period:close",
        "plan": "truenorth.cli.period:plan",
        "codeowners": "truenorth.cli.codeowners:codeowners",
        "init": "truenorth.cli.init:init",
        "diff": "truenorth.cli.diff:diff",
        "owe": "truenorth.cli.progress:owe",
        "digest": "truenorth.cli.progress:digest",
        "checkin": "truenorth.cli.progress:checkin",
        "new": "truenorth.cli.edit:new",
        "link": "truenorth.cli.edit:link",
        "unlink": "truenorth.cli.edit:unlink",
        "retire": "truenorth.cli.edit:retire",
        "rename": "truenorth.cli.edit:rename",
        "export": "truenorth.cli.exchange:export",
        "import": "truenorth.cli.exchange:import_",
        "schema": "truenorth.cli.schema:schema",
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
        except KeyboardInterrupt:  # Ctrl-C: one line and 130 (run), not click's "Aborted!" and 1
            from truenorth.processes import Stopped

            raise Stopped(signal.SIGINT) from None


def _validator_in_use() -> str:
    """Which JSON Schema validator the check uses, with its version, for --version."""
    from importlib.metadata import PackageNotFoundError, version

    from truenorth.load import schema

    def installed(name: str) -> str:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            return name

    if schema.compiled():
        return f"{installed('jsonschema-rs')} (compiled; {installed('jsonschema')} words the errors)"
    return (f"{installed('jsonschema')} (pure Python: same results, slower; jsonschema-rs could not be imported: "
            f"it is installed only where it has wheels)")


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from truenorth.load import yaml_nodes  # only now: it imports the YAML parser

    from truenorth.load import files

    accelerator = ("on" if yaml_nodes.accelerated() else
                   "off (PyYAML alone: same results, slower; see the README on the optional YAML accelerator)")
    walk = "on" if files.accelerated() else "off (the folder is walked in Python: same results, slower)"
    click.echo(f"truenorth, version {__version__}\nSchema validator: {_validator_in_use()}\n"
               f"YAML accelerator: {accelerator}\nFolder walk accelerator: {walk}")
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


def run(unanswered: CheckOutcome | None = None) -> None:
    """The click app as the program (truenorth.cli.entry), going on from the quick path's unanswered check."""
    from truenorth import processes

    processes.stop_on_sigterm()
    try:
        cli(prog_name="truenorth", obj=Program(unanswered))
    except (processes.Stopped, KeyboardInterrupt) as stop:  # SIGTERM or Ctrl-C: children go first, then one line
        processes.stop_children()
        stopped = stop if isinstance(stop, processes.Stopped) else processes.Stopped(signal.SIGINT)
        click.echo(f"truenorth: {stopped.reason}", err=True)
        from truenorth.cli.quick import exit_without_teardown

        exit_without_teardown(stopped.exit_code)  # cleanup ran as the exception rose; nothing left to wait for
