"""Running MkDocs for `truenorth build` and `serve`: the repository's mkdocs.yml, its log, its errors.

cli/site.py calls these and imports no MkDocs module itself. The site is built beside its folder
and swapped in (truenorth.export.staged_folder).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from truenorth.export import SiteError, staged_folder


class BuildFailed(SiteError):
    """MkDocs aborted the build; its reasons are already logged (exit 1)."""


class MkdocsConfigError(SiteError):
    """mkdocs.yml is not valid (exit 2)."""


class _LevelFormatter(logging.Formatter):
    """MkDocs' own log layout (`mkdocs build` prints `WARNING -  message`), coloured on a terminal."""

    COLOURS = {"CRITICAL": "red", "ERROR": "red", "WARNING": "yellow", "DEBUG": "blue"}

    def __init__(self, colour: bool) -> None:
        super().__init__()
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"{record.levelname:<8}-  "
        if self.colour and record.levelname in self.COLOURS:
            import click

            prefix = click.style(prefix, fg=self.COLOURS[record.levelname])
        return prefix + super().format(record)


@contextmanager
def mkdocs_logging(verbose: bool = False) -> Iterator[None]:
    """MkDocs logs through the 'mkdocs' logger: its messages on stderr, as `mkdocs` itself shows them."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LevelFormatter(colour=sys.stderr.isatty()))
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


@contextmanager
def mkdocs_errors() -> Iterator[None]:
    """MkDocs' Abort (a failed build) raised as BuildFailed, its config errors as MkdocsConfigError."""
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        yield
    except Abort as exc:
        raise BuildFailed(exc.message) from None
    except ConfigurationError as exc:
        raise MkdocsConfigError(f"mkdocs.yml: {exc.message}") from None


def serve(config_file: Path, dev_addr: str) -> None:
    """MkDocs' live preview of the site of config_file, until stopped; after a save only the pages
    whose Markdown changed are built again (serve.py, incremental.py)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from truenorth.mkdocs_plugin.serve import serve as preview

    preview(config_file, dev_addr)


def mkdocs_config_file(root: Path) -> Path:
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        candidate = root / name
        if candidate.is_file():
            return candidate
    raise SiteError(f"no mkdocs.yml in {root}; the site is configured there (see the truenorth repository's own)")


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False, **plugin_options):
    """Build the site with MkDocs from root/mkdocs.yml; plugin_options override the truenorth plugin's.

    The site is built in a folder beside site_dir and then swapped in (staged_folder): a build
    that fails, or is stopped or killed, leaves the previous site as it was. (MkDocs logs the
    folder it builds in: that one.) Raises mkdocs.exceptions.Abort when the build fails (its
    errors are logged by MkDocs; under mkdocs_errors, BuildFailed).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import Abort

    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    config_file = mkdocs_config_file(root)
    try:
        cfg = load_mkdocs_config(config_file=str(config_file), strict=strict, **overrides)
    except Abort as exc:  # a value mkdocs.yml may not hold (MkDocs has logged which): a usage error, as a bad key
        raise MkdocsConfigError(f"{config_file.name}: {exc.message}") from None
    if plugin_options:
        plugin = cfg.plugins.get("truenorth")
        if plugin is None:
            raise SiteError("mkdocs.yml does not list the truenorth plugin")
        for key, value in plugin_options.items():
            if isinstance(value, dict):  # a sub-config (speedups): the keys given, over mkdocs.yml's
                for name, setting in value.items():
                    plugin.config[key][name] = setting
            else:
                plugin.config[key] = value
    site = Path(os.path.realpath(cfg.site_dir))  # a site_dir that is a link: the folder it points to is replaced
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        # written in full beside site_dir and swapped in at the end: a failed or killed build leaves
        # the previous site whole (staged_folder)
        with staged_folder(site) as staging:
            cfg["site_dir"] = str(staging)
            build(cfg, dirty=False)
    finally:
        cfg["site_dir"] = str(site)
        cfg.plugins.on_shutdown()
    return cfg
