"""`truenorth init [DIR]`: a new organisation repository that passes `check` and builds (truenorth.starter)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path, PurePosixPath

import click

from truenorth.cli.app import Failure
from truenorth.report.escape import json_text, terminal as clean

MAX_NAME = 150  # the site's name is "<name> - True North", a title of at most 200 characters


def _default_name(target: Path) -> str:
    words = target.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Our Organisation"


def _with_schemas(files: dict[str, str]) -> dict[str, str]:
    """The starter's files with what an editor needs to complete and check them as you type: each goals
    file headed by its `# yaml-language-server: $schema=...` modeline (as the sample's are), the file
    schemas in schemas/ (truenorth's own), and schemas/ids.schema.json is added by the command once the
    organisation is checked (as `truenorth schema ids` writes it)."""
    import posixpath

    from truenorth.load import layout
    from truenorth.load.schemas import SCHEMA_FILES, schema_dir

    out = {}
    goals = PurePosixPath("goals")
    for path, text in files.items():
        pure = PurePosixPath(path)
        if pure.suffix == ".yaml" and pure.is_relative_to(goals):
            schema = f"schemas/{SCHEMA_FILES[layout.kind_of(pure.relative_to(goals))]}"
            text = f"# yaml-language-server: $schema={posixpath.relpath(schema, pure.parent.as_posix())}\n" + text
        out[path] = text
    shipped = schema_dir()
    for name in ("common.schema.json", *SCHEMA_FILES.values()):
        out[f"schemas/{name}"] = (shipped / name).read_text(encoding="utf-8")
    return out


def _codeowners(files: dict[str, str]) -> str:
    """CODEOWNERS for the starter organisation, made from it as `truenorth codeowners` makes it (checked
    first in a scratch folder: the starter must pass); and its schemas/ids.schema.json into `files`."""
    from truenorth import codeowners
    from truenorth.check import run_check
    from truenorth.config import load_config
    from truenorth.load.ids_schema import IDS_SCHEMA_PATH, ids_schema_text

    with tempfile.TemporaryDirectory(prefix="truenorth-init-") as scratch:
        for path, text in files.items():
            target = Path(scratch) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        result = run_check(load_config(Path(scratch)))
        if result.has_errors:  # the starter is tested to pass; this would be a bug, said in one line
            raise Failure("the starter organisation does not pass its own check: "
                          + "; ".join(clean(f"{f.location}: {f.message}") for f in result.findings[:3]))
        block = codeowners.ownership(result.org, codeowners.read_handles(Path(scratch), result.org))
        files[IDS_SCHEMA_PATH] = ids_schema_text(result.org)
    header = ("# Who reviews a change to which goals file. `truenorth codeowners` keeps the block below in step\n"
              "# with the organisation (and `truenorth codeowners --check` fails CI when it is not); lines\n"
              "# outside the block are yours: a catch-all such as `* @your-org/admins` goes above it.\n")
    return header + "\n" + codeowners.with_block("", block.lines)


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder to create the repository in (the same as DIRECTORY) [default: the current folder].")
@click.option("--name", help="The organisation's name [default: asked on a terminal, else made from the folder's name].")
@click.option("--force", is_flag=True, help="Overwrite files that exist already.")
@click.option("--repository", default=None, metavar="URL",
              help="Where truenorth lives, for the pre-commit hook and the workflow's action [default: truenorth's own].")
@click.option("--rev", default=None, help="The truenorth tag or commit they use [default: this version's tag].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def init(directory: Path | None, root: Path | None, name: str | None, force: bool, repository: str | None,
         rev: str | None, fmt: str) -> None:
    """Create a goals repository that passes `truenorth check` and builds.

    Writes a vision, one corporate goal, one department with its head, one
    person with a goal, the metric catalogue, mkdocs.yml, a starter
    playbook, pyproject.toml with [tool.truenorth], .pre-commit-config.yaml
    (the truenorth-check hook), .github/workflows/truenorth.yml (the
    truenorth action), CODEOWNERS, and schemas/ (the file schemas and the
    organisation's ids, which each goals file's first line points an
    editor at, for completion as you type). Existing files are never overwritten
    (exit 2 naming them) unless --force. Asks for the organisation's name
    only on a terminal, and only without --name.

    \b
    Examples:
      truenorth init acme-goals --name "Acme Energy"
      cd acme-goals && git init && truenorth check && truenorth build
    """
    from truenorth import starter
    from truenorth.edit import EditError, write_new_files

    if directory is not None and root is not None and directory.resolve() != root.resolve():
        raise click.UsageError("give the folder once: as DIRECTORY or as --root")
    target = directory or root or Path(".")
    if target.exists() and not target.is_dir():
        raise Failure(clean(f"{target} is not a folder"))
    if name is None:
        name = _default_name(target)
        if sys.stdin.isatty() and sys.stdout.isatty():
            name = click.prompt("Organisation name", default=name)
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise Failure(f"the organisation's name must be 1 to {MAX_NAME} characters")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise Failure("the organisation's name is not valid text (UTF-8)") from None
    files = _with_schemas(starter.starter_files(name, repository or starter.REPOSITORY, rev or starter.REV))
    files["CODEOWNERS"] = _codeowners(files)
    try:
        written = write_new_files(target, files, force=force)
    except EditError as exc:
        raise Failure(clean(exc.message)) from None
    except OSError as exc:
        raise Failure(clean(f"cannot write in {target}: {exc.strerror or exc}")) from None
    if fmt == "json":
        click.echo(json_text({"root": str(target), "name": name, "written": sorted(written)}, indent=2))
        return
    click.echo(f"Created a goals repository for {clean(name)} in {clean(str(target))} ({len(written)} files).")
    click.echo("\nNext:")
    where = "" if target == Path(".") else f"cd {clean(str(target))} && "
    click.echo(f"  {where}git init && git add -A      # goals are reviewed in pull requests")
    click.echo("  truenorth check                      # every goal traces to the vision")
    click.echo("  truenorth build                      # the site, into site/")
    click.echo("  pre-commit install                   # the check before every commit (pip install pre-commit)")
    click.echo("  add `handle: \"@user\"` to each person's file, then: truenorth codeowners")
