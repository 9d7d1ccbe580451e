"""`truenorth codeowners`: the CODEOWNERS block that follows from the organisation (truenorth.codeowners)."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, checked
from truenorth.report.escape import json_text, terminal as clean


def _placement(root: Path) -> tuple[Path, str]:
    """(the git repository's top folder, the truenorth root's place in it: "" or "sub/"); outside git, the
    root itself."""
    from truenorth.git import GitError, Repository

    try:
        repo = Repository.discover(root)
        inside = repo.relative(root)
    except GitError:
        return root, ""
    return repo.root, (inside + "/" if inside else "")


@click.command()
@ROOT_OPTION
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when the file's block is not the one the goals give (for CI).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="The CODEOWNERS file [default: the one GitHub reads (.github/CODEOWNERS, CODEOWNERS or "
                   "docs/CODEOWNERS, the first that exists), else CODEOWNERS at the repository's top].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def codeowners(root: Path, check_only: bool, output: Path | None, fmt: str) -> None:
    """Write the CODEOWNERS block that follows from the organisation.

    Each department file is owned by its head, each person file by the
    person and their department's head, the vision, corporate and metrics
    files by the vision's owner. Owners are the `handle` in each person's
    file (e.g. handle: "@ahmed-farouk"); people without one are listed.

    The block sits between two marker comments; lines outside it are kept.
    The file is replaced whole or not at all.

    \b
    Examples:
      truenorth codeowners                 write or update the block
      truenorth codeowners --check         in CI: exit 1 if the block is out of date
      truenorth codeowners --output .github/CODEOWNERS
    """
    from truenorth import codeowners as owners

    result = checked(root)
    top, prefix = _placement(root)
    if output is None:
        output = next((top / place for place in owners.PLACES if (top / place).is_file()), top / "CODEOWNERS")
    try:
        existing = output.read_text(encoding="utf-8") if output.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise Failure(clean(f"cannot read {output}: {getattr(exc, 'strerror', None) or exc}")) from None
    block = owners.ownership(result.org, owners.read_handles(root, result.org), prefix)
    try:
        current = owners.current_block(existing)
    except owners.BlockError as exc:
        raise Failure(clean(f"{output}: {exc}")) from None
    up_to_date = current == block.lines
    written = False
    if not up_to_date and not check_only:
        try:
            owners.write_atomically(output, owners.with_block(existing, block.lines))
        except OSError as exc:
            raise Failure(clean(f"cannot write {output}: {exc.strerror or exc}")) from None
        written = True
    if fmt == "json":
        click.echo(json_text({"file": str(output), "up_to_date": up_to_date, "written": written,
                              "block": block.lines, "missing_handles": block.missing, "not_listed": block.unnamed},
                             indent=2))
    else:
        if block.missing:
            click.echo(f"note: {len(block.missing)} {'person has' if len(block.missing) == 1 else 'people have'} no "
                       f"handle (add handle: \"@name\" to their person file): "
                       f"{', '.join(clean(p) for p in sorted(block.missing))}", err=True)
        if block.unnamed:
            click.echo(f"note: not listed, CODEOWNERS cannot name them exactly: "
                       f"{', '.join(clean(p) for p in block.unnamed)}", err=True)
        if up_to_date:
            click.echo(f"{clean(str(output))}: the truenorth block is up to date")
        elif check_only:
            for line in difflib.unified_diff(current or [], block.lines, "committed", "from the goals", lineterm=""):
                click.echo(clean(line))
            click.echo(f"{clean(str(output))}: the truenorth block is out of date; run `truenorth codeowners`")
        else:
            click.echo(f"{clean(str(output))}: wrote the truenorth block ({len(block.lines) - 2} lines)")
    sys.exit(1 if check_only and not up_to_date else 0)
