"""Helpers for the site tests (tests/site_build and tests/e2e): copy the repository, build a site."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO_ROOT = Path(__file__).resolve().parents[2]
TODAY = "2027-06-01"  # the sample goals are dated 2027; pin the date the pages are computed for


def copy_repo(dest: Path) -> Path:
    """The parts of the repository a site build reads: goals, playbook, mkdocs.yml, pyproject.toml."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("goals", "playbook"):
        shutil.copytree(REPO_ROOT / folder, dest / folder)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy2(REPO_ROOT / name, dest / name)
    return dest


def build(root: Path, site_dir: Path, **plugin_options) -> Path:
    from truenorth.mkdocs_plugin.build import build_site

    plugin_options.setdefault("today", TODAY)
    build_site(root, site_dir, **plugin_options)
    return site_dir


def with_hooks(root: Path, code: str) -> Path:
    """The repository at root with `code` as an MkDocs hooks file (hooks.py), named in its mkdocs.yml."""
    (root / "hooks.py").write_text(code, encoding="utf-8")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    return root


def site_text(site_dir: Path, suffixes=(".html", ".json", ".xml", ".svg", ".md", ".css", ".js", ".txt")):
    """(relative path, text) of every text file of a built site."""
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix in suffixes:
            yield path.relative_to(site_dir).as_posix(), path.read_text(encoding="utf-8", errors="replace")


_SAMPLE_SITE: Path | None = None
SAMPLE_WARNINGS: list[str] = []  # what MkDocs warned about while building the sample site


class _Keep(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


def build_logging_warnings(root: Path, site_dir: Path, into: list[str], **plugin_options) -> Path:
    """build(), keeping every warning MkDocs (or the truenorth plugin) logs in `into`."""
    handler = _Keep(into)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        return build(root, site_dir, **plugin_options)
    finally:
        logger.removeHandler(handler)


def sample_site(tmp_path_factory, has_errors: bool) -> Path:
    """The repository's own site, built once per test session and shared by tests/site_build and tests/e2e."""
    global _SAMPLE_SITE
    if _SAMPLE_SITE is None or not (_SAMPLE_SITE / "index.html").is_file():
        site_dir = tmp_path_factory.mktemp("sample") / "site"
        SAMPLE_WARNINGS.clear()
        # the sample goals are fixed to pass; should they be mid-edit, still build them (warnings logged)
        _SAMPLE_SITE = build_logging_warnings(REPO_ROOT, site_dir, SAMPLE_WARNINGS,
                                              on_error="warn" if has_errors else "fail")
    return _SAMPLE_SITE


SMALL_MKDOCS_YML = """\
site_name: Small
docs_dir: playbook
theme:
  name: material
  font: false
plugins:
  - search
  - truenorth
"""


def small_org(dest: Path, files: dict[str, str] | None = None) -> Path:
    """The tests' small valid organisation (tests/fixtures/valid-org) with a plain mkdocs.yml: no nav."""
    shutil.copytree(REPO_ROOT / "tests/fixtures/valid-org", dest)
    (dest / "mkdocs.yml").write_text(SMALL_MKDOCS_YML, encoding="utf-8")
    for rel, text in (files or {}).items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
    return dest
