"""`truenorth schema ids`: the organisation's ids as a JSON Schema, for editors to complete (load/ids_schema.py)."""

from __future__ import annotations

from pathlib import Path

import click

from truenorth.cli.app import QUIET_OPTION, ROOT_OPTION, Failure, checked
from truenorth.report.escape import json_text, terminal as clean


@click.group("schema")
def schema() -> None:
    """JSON Schemas for editing goals files in an editor."""


@schema.command("ids")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when schemas/ids.schema.json is missing or out of date (for CI).")
@click.option("--force", is_flag=True,
              help="Replace a schemas/ids.schema.json that this command did not write (truenorth's own copy, say).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to say what was done.")
@QUIET_OPTION
@ROOT_OPTION
def ids(check_only: bool, force: bool, fmt: str, quiet: bool, root: Path) -> None:
    """Write schemas/ids.schema.json: the organisation's goal, person, department and metric ids.

    The file schemas refer to it for `supports`, `owner`, `department`, `head`, `parent` and
    `metric`, so an editor that reads the `# yaml-language-server: $schema=...` line at the top of
    each goals file (VS Code with the YAML extension, redhat.vscode-yaml) completes ids and flags an
    unknown one while you type. Commit the file. The editing commands (new, rename, import, plan, ...)
    write it again themselves when they add, rename or drop an id; after editing goals files by hand, run
    this command again (`truenorth check` warns, TN150, while the file is out of date).

    Private goals' ids are left out: the file is committed and read by everyone. The file schemas
    (person.schema.json, ...) are written beside it when they are missing. `truenorth check` never
    validates with the generated file: an unknown id is reported by its rules.

    \b
    Examples:
      truenorth schema ids
      truenorth schema ids --check      # in CI: exit 1 when the file is out of date
    """
    from truenorth.load.ids_schema import (IDS_SCHEMA_PATH, GENERATED, ids_schema_text,
                                           organisation_ids, read_ids_schema, staleness)

    result = checked(root, quiet)
    unread = [f for f in result.findings if f.code < "TN100" and f.severity.value == "error"]
    if unread:
        first = unread[0]
        raise click.ClickException(clean(
            f"{first.location}: {first.code} {first.message}: fix the goals files first (`truenorth check`); "
            "the ids of a file that could not be read would be left out")) from None  # exit 1: error findings
    org = result.org
    counts = {name: len(found) for name, found in organisation_ids(org).items()}
    path = root / IDS_SCHEMA_PATH
    current = read_ids_schema(root)
    if check_only:
        if current is None:
            problem = "it does not exist"
        elif GENERATED not in current:
            problem = "it was not written by `truenorth schema ids`"
        else:
            problem = staleness(current, org)
        _say(fmt, IDS_SCHEMA_PATH, "stale" if problem else "up to date", counts, problem, [])
        if problem:
            raise SystemExit(1)
        return
    if current is not None and GENERATED not in current and not force:
        raise Failure(clean(f"{IDS_SCHEMA_PATH} was not written by `truenorth schema ids` (truenorth's own copy "
                            "accepts any id); use --force to replace it"))
    text = ids_schema_text(org)
    wrote = _write(root, path, text) if current != text else []
    _say(fmt, IDS_SCHEMA_PATH, "written" if wrote else "up to date", counts, None, wrote)


def _write(root: Path, path: Path, text: str) -> list[str]:
    """Write the ids schema, and the file schemas beside it that are missing; the paths written."""
    from truenorth.edit import write_atomic
    from truenorth.load.schemas import SCHEMA_FILES, schema_dir

    wrote = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shipped = schema_dir()
        for name in ("common.schema.json", *SCHEMA_FILES.values()):
            beside = path.parent / name
            if not beside.exists() and beside.resolve() != (shipped / name).resolve():
                write_atomic(beside, (shipped / name).read_bytes())
                wrote.append(beside.relative_to(root).as_posix())
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise Failure(clean(f"cannot write {exc.filename or path}: {exc.strerror or exc}")) from None
    return [*wrote, path.relative_to(root).as_posix()]


def _say(fmt: str, where: str, status: str, counts: dict[str, int], problem: str | None, wrote: list[str]) -> None:
    if fmt == "json":
        items = [f'"path": {json_text(where)}', f'"status": {json_text(status)}',
                 '"ids": {' + ", ".join(f"{json_text(k)}: {v}" for k, v in counts.items()) + "}",
                 f'"problem": {json_text(problem) if problem else "null"}',
                 '"written": [' + ", ".join(json_text(w) for w in wrote) + "]"]
        click.echo("{" + ", ".join(items) + "}")
        return
    listed = (f"{counts['goal_id']} goals, {counts['person_id']} people, {counts['department_id']} departments, "
              f"{counts['metric_id']} metrics")
    if problem:
        click.echo(clean(f"{where} is out of date: {problem}. Run `truenorth schema ids` and commit it."))
    elif status == "written":
        for other in wrote[:-1]:
            click.echo(clean(f"{other} written (a file schema the goals files' modelines point to)"))
        click.echo(clean(f"{where} written: {listed}"))
    else:
        click.echo(clean(f"{where} is up to date: {listed}"))
