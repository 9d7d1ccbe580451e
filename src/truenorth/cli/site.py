"""`truenorth build`, `serve` and `export-docs`: the MkDocs site of the cascade and the playbook.

build and serve are thin wrappers over MkDocs' own, using the repository's mkdocs.yml (whose
`truenorth` plugin generates the cascade pages); export-docs writes the same pages as markdown
for another site builder.

Exit codes: 0 built, 1 the goals have errors or the build failed, 2 usage or I/O problem.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from truenorth import export
from truenorth.cli.app import Failure
from truenorth.mkdocs_plugin import build as site_build
from truenorth.report.escape import terminal
from truenorth.root import resolve_root

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None, callback=resolve_root,
    help="The repository root: the folder that holds mkdocs.yml, goals/ and playbook/. By default the nearest "
         "folder, from here upwards, with a pyproject.toml declaring [tool.truenorth], a goals/ folder or a .git.")


def _said(exc: Exception) -> str:
    """The message, user text in it escaped: one line, but for the cascade's errors, one (escaped) line each."""
    return str(exc) if isinstance(exc, export.CascadeErrors) else terminal(str(exc))


def _config_file(root: Path, today: str | None = None) -> Path:
    """root/mkdocs.yml; and [tool.truenorth] checked first, so that a bad setting exits 2 in one line
    (the plugin refuses it too, but inside MkDocs' build, which then aborts with exit 1). So is the
    date the pages are written for: --today, $TRUENORTH_TODAY or the `today` setting."""
    from truenorth.config import ConfigError, load_config, resolve_today

    try:
        resolve_today(load_config(root), today)
        return site_build.mkdocs_config_file(root)
    except (export.SiteError, ConfigError) as exc:
        raise Failure(_said(exc)) from None


TODAY_OPTION = click.option(
    "--today", default=None, metavar="YYYY-MM-DD",
    help="The date the pages judge status on [default: $TRUENORTH_TODAY, else the today setting in "
         "[tool.truenorth], else the real date].")


@contextmanager
def _mkdocs_errors():
    """A failed build (its reasons are already logged by MkDocs) exits 1; its config errors exit 2."""
    try:
        with site_build.mkdocs_errors():
            yield
    except site_build.BuildFailed as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except export.SiteError as exc:
        raise Failure(_said(exc)) from None


@click.command()
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site_dir in mkdocs.yml, usually ROOT/site).")
@click.option("--strict", is_flag=True, help="Fail on any warning, including goal errors under on_error: warn.")
@TODAY_OPTION
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' debug messages.")
def build(root: Path, site_dir: Path | None, strict: bool, today: str | None, verbose: bool) -> None:
    """Build the static site: the cascade from goals/ and the playbook.

    Uses ROOT/mkdocs.yml. Exits 1 when the goals have errors (the plugin's
    on_error: fail, the default) or the build fails.
    """
    _config_file(root, today)
    options = {"today": today} if today else {}
    with site_build.mkdocs_logging(verbose), _mkdocs_errors():
        site_build.build_site(root, site_dir.resolve() if site_dir else None, strict=strict, **options)


@click.command()
@ROOT_OPTION
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Where to serve the live preview.")
@TODAY_OPTION
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' debug messages.")
def serve(root: Path, dev_addr: str, today: str | None, verbose: bool) -> None:
    """Preview the site, rebuilding when a goal, a playbook page or mkdocs.yml changes.

    While the goals have errors the preview still builds, and every page opens with a banner that
    lists them (the truenorth plugin's live preview); the next good save takes it away.
    """
    config_file = _config_file(root, today)
    if today:  # this process serves until stopped: the plugin reads the date where every command does
        from truenorth.config import TODAY_ENV

        os.environ[TODAY_ENV] = today
    with site_build.mkdocs_logging(verbose), _mkdocs_errors():
        site_build.serve(config_file, dev_addr)


@click.command(name="export-docs")
@click.argument("dest", type=click.Path(path_type=Path))
@ROOT_OPTION
@click.option("--force", is_flag=True, help="Replace DEST even when it is not empty.")
@TODAY_OPTION
@click.option("--on-error", type=click.Choice(["fail", "warn"]), default="fail", show_default=True,
              help="What to do when the goals have errors: fail, or warn and export anyway.")
@click.option("--directory-urls/--no-directory-urls", default=True, show_default=True,
              help="Match the other builder's URL style (MkDocs' use_directory_urls); used by links in diagrams.")
@click.option("--people-pages", type=click.Choice(["auto", "own", "team"]), default="auto", show_default=True,
              help="Where people are shown: own (a page each), team (a section of their department's page) or "
                   "auto (own up to 2,000 people, team above), as the plugin's people_pages.")
def export_docs(dest: Path, root: Path, force: bool, today: str | None, on_error: str, directory_urls: bool,
                people_pages: str) -> None:
    """Write the playbook and the generated cascade pages as markdown into DEST.

    For building the site with another tool: DEST gets the playbook pages (with
    each play's goals appended), the cascade pages and assets/truenorth.css.
    DEST is written in full beside itself and then moved into place.
    """
    try:
        result, written = export.export_docs(root, dest, today=today, force=force,
                                                 allow_errors=on_error == "warn", directory_urls=directory_urls,
                                                 people_pages=people_pages)
    except export.CascadeErrors as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except export.SiteError as exc:
        raise Failure(_said(exc)) from None
    except OSError as exc:
        raise Failure(terminal(f"cannot write {dest}: {exc}")) from None
    for finding in export.errors_of(result):
        click.echo(f"warning: {export.format_finding(finding)}", err=True)
    click.echo(terminal(f"wrote {len(written)} files to {dest}"))


COMMANDS = [build, serve, export_docs]
