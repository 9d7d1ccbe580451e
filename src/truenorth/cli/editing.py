"""What every command that changes goals files shares (new, link, unlink, retire, rename, import, close, plan,
checkin): the options (--format, --dry-run, --root), one change set per command (truenorth.edit.ChangeSet),
and how its outcome is said: the diff for --dry-run, one line when written, the new warnings on stderr,
and a refusal printed as `check` prints findings (exit 1); every other engine error one line, exit 2.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, config_of
from truenorth.report.escape import json_text, terminal as clean

DRY_RUN_OPTION = click.option("--dry-run", is_flag=True,
                              help="Print the unified diff of every file the change would write, and write nothing "
                                   "(exit 1 if the change would be refused).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                             help="json: what changed (id, files, diff, new warnings) or the refusal's findings, "
                                  "for scripts.")


def edit_options(command):
    for option in (FORMAT_OPTION, DRY_RUN_OPTION, ROOT_OPTION):
        command = option(command)
    return command


@contextmanager
def editing():
    """Engine errors as the command line shows them: EditRefused prints the new findings as `check` does
    and exits 1; every other EditError is one line and exit 2."""
    from truenorth.edit import EditError, EditRefused

    try:
        yield
    except EditRefused:
        raise
    except EditError as exc:
        raise Failure(clean(exc.message)) from None


def change_set(root: Path):
    """A change set on the repository at `root`. The model a change set loads lives until the command
    ends: the cyclic collector would only walk it again, so it is switched off (as `check` does)."""
    from truenorth.edit import ChangeSet

    gc.disable()
    with editing():
        return ChangeSet(root, config_of(root))


def finish(changes, fmt: str, dry_run: bool, done: str, **extra) -> None:
    """Check, then write (unless dry_run), and say what happened; a refusal prints the findings, exit 1."""
    from truenorth.edit import EditRefused

    try:
        with editing():
            verdict = changes.apply(dry_run=dry_run)
    except EditRefused as refused:
        if fmt == "json":
            from truenorth.report.json_report import render_json

            click.echo(render_json(refused.report), nl=False)
        else:
            from truenorth.report.text import render_text

            click.echo(render_text(refused.report), nl=False)
        click.echo(f"truenorth: {clean(refused.message)}", err=True)
        raise SystemExit(1) from None
    files = changes.changed_paths()
    if fmt == "json":
        payload = {**extra, "files": files, "written": not dry_run,
                   "warnings": [finding_entry(f) for f in verdict.new_warnings]}
        if dry_run:
            payload["diff"] = changes.diff()
        click.echo(json_text(payload, indent=2))
        return
    if dry_run:
        click.echo(changes.diff(), nl=False)
    elif done:
        click.echo(done)
    for f in verdict.new_warnings:
        click.echo(clean(f"{f.location}: {f.code} warning: {f.message} [{f.name}]"), err=True)


def finding_entry(f) -> dict:
    return {"code": f.code, "name": f.name, "message": f.message, "path": f.location.path,
            "line": f.location.line, "column": f.location.column}


def nothing_to_do(fmt: str, message: str, **extra) -> None:
    if fmt == "json":
        click.echo(json_text({**extra, "files": [], "written": False, "warnings": [], "note": message}, indent=2))
    else:
        click.echo(clean(message))
