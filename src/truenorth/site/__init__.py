"""The internal site's pages as Markdown: pure functions, no MkDocs import.

    pages = build_pages(result, today, plays={"voice-of-the-customer": "Voice of the customer"})
    # {"index.md": "...", "cascade/index.md": "...", "cascade/people/ana-ortiz.md": "...", ...}
    build_pages(result, today, people_pages="team")  # people as sections of their department's page
    sections = play_sections(result, plays)   # play id -> "## Goals that apply this play ..."

Every page is rendered from a public view (site/view.py) that has dropped private goals, and
every YAML string is escaped (site/escape.py). The pages rely on these Markdown extensions:
attr_list (heading ids `{#goal-x}`, classes, `data-search-exclude`), admonition and toc; raw HTML
(status lines, lines of sight, key-result tables, long lists, inline SVG) needs no extension.
`iter_pages` yields the same pages one at a time; `page_jobs` gives a function per page, to make
them in any order or process. SITE_CSS is the stylesheet to add as an extra
CSS file.

The layout: view.py (the public view: privacy is enforced there, once), escape.py, links.py,
widgets.py (the pieces of pages), diagrams.py (SVG), pages/ (one module per page kind, and the
play sections), rule_pages.py (the rules' reference pages), assets/truenorth.css. It imports the
model, the analysis and the findings, never the check, the loader or the cache.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator
from importlib.resources import files
from typing import TYPE_CHECKING

from truenorth.site.pages import page_jobs as _page_jobs
from truenorth.site.pages.plays import play_sections, sections_from_view
from truenorth.site.view import PEOPLE_PAGES, TEAM_PAGES_ABOVE, build_view
from truenorth.site.widgets import PERMALINK, PageKit, Permalink

if TYPE_CHECKING:
    from truenorth.findings import CheckResult

SITE_CSS = (files(__package__) / "assets" / "truenorth.css").read_text(encoding="utf-8")
"""The stylesheet to add as an extra CSS file (site/assets/truenorth.css, shipped in the package)."""


def build_pages(result: CheckResult, today: _dt.date, *, plays: dict[str, str] | None = None,
                directory_urls: bool = True, edit_base: str | None = None, promises: dict | None = None,
                people_pages: str = "auto") -> dict[str, str]:
    """Path (posix, relative to the docs root) -> Markdown text, for every generated page.

    `plays` maps play id -> play page title (for links to `plays/<id>.md`); with it, plays a goal
    names that are not in it are shown as text, not linked. `directory_urls` must match MkDocs'
    `use_directory_urls` (default true): it only affects the links in raw HTML (lines of sight,
    status lines, key results, long lists, diagrams), which use the built URLs. `edit_base` is the
    repository's web editor at the repository root (see edit_base_url): with it, each goal shown in
    full links to its YAML file at its line ("Edit this goal"); without it, there is no such link.
    `promises`: the key results' targets as promised when their periods began (truenorth.promises, from
    git), which the review pages score against; without them, the current targets.
    `people_pages` (PEOPLE_PAGES: auto, own, team) says where people are shown: `own`, a page each
    (cascade/people/<id>.md); `team`, a section of their department's page (anchor `person-<id>`, their
    individual goals in it), no page of their own; `auto`, `own` up to TEAM_PAGES_ABOVE people. A person
    whose department is not known keeps their own page. A bad value is a ValueError.
    """
    return dict(iter_pages(result, today, plays=plays, directory_urls=directory_urls, edit_base=edit_base,
                           promises=promises, people_pages=people_pages))


def iter_pages(result: CheckResult, today: _dt.date, *, plays: dict[str, str] | None = None,
               directory_urls: bool = True, edit_base: str | None = None,
               promises: dict | None = None, people_pages: str = "auto") -> Iterator[tuple[str, str]]:
    """build_pages one page at a time, (path, Markdown): the same pages, never all held at once."""
    kit = _kit(build_view(result, today, plays, people_pages), directory_urls, edit_base, promises)
    return ((path, make()) for path, make in _page_jobs(kit))


def page_jobs(result: CheckResult, today: _dt.date, *, plays: dict[str, str] | None = None,
              directory_urls: bool = True, edit_base: str | None = None,
              promises: dict | None = None,
              people_pages: str = "auto") -> tuple[list[tuple[str, Callable[[], str]]], dict[str, str]]:
    """The pages of build_pages as (path, a function that makes its Markdown), in order, and the
    play sections of play_sections (made from the same view: it is built once)."""
    return view_page_jobs(build_view(result, today, plays, people_pages), plays=plays, directory_urls=directory_urls,
                          edit_base=edit_base, promises=promises)


def view_page_jobs(view, *, plays: dict[str, str] | None = None, directory_urls: bool = True,
                   edit_base: str | None = None, promises: dict | None = None,
                   permalink: Permalink | None = PERMALINK) -> tuple[list[tuple[str, Callable[[], str]]], dict[str, str]]:
    """page_jobs from a view built already (the live preview keeps it, to compare it with the next: site/reach.py);
    permalink: the link the site's Markdown gives its headings, for those the pages write as raw HTML."""
    sections = sections_from_view(view, plays, directory_urls=directory_urls) if plays else {}
    return _page_jobs(_kit(view, directory_urls, edit_base, promises, permalink)), sections


def _kit(view, directory_urls: bool, edit_base: str | None, promises: dict | None,
         permalink: Permalink | None = PERMALINK) -> PageKit:
    kit = PageKit(view, directory_urls=directory_urls, edit_base=edit_base, permalink=permalink)
    kit.promises = promises or {}
    return kit


def edit_base_url(repo_url: str | None, edit_uri: str | None, docs_dir: str = "docs") -> str | None:
    """The web editor's URL of the repository root, from MkDocs' `repo_url` and `edit_uri` (which points
    at the docs folder, `docs_dir` relative to the repository root); None without both.

        edit_base_url("https://github.com/acme/goals", "edit/main/playbook/", "playbook")
        # "https://github.com/acme/goals/edit/main/"
    """
    if not repo_url or not edit_uri:
        return None
    from urllib.parse import urljoin

    base = urljoin(repo_url.rstrip("/") + "/", edit_uri)
    if "?" in base or "#" in base:  # a query-style editor: the path cannot simply be added
        return None
    base = base.rstrip("/") + "/"
    docs = docs_dir.strip("/").replace("\\", "/")
    if docs and docs != "." and base.endswith("/" + docs + "/"):
        base = base[: -len(docs) - 1]
    return base


__all__ = ["PEOPLE_PAGES", "SITE_CSS", "TEAM_PAGES_ABOVE", "build_pages", "edit_base_url", "iter_pages", "page_jobs",
           "play_sections", "view_page_jobs"]
