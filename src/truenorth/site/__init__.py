"""The internal site's pages as Markdown: pure functions, no MkDocs import.

    pages = build_pages(result, today, plays={"voice-of-the-customer": "Voice of the customer"})
    # {"index.md": "...", "cascade/index.md": "...", "cascade/people/ana-ortiz.md": "...", ...}
    sections = play_sections(result, plays)   # play id -> "## Goals that apply this play ..."

Every page is rendered from a public view (site/public.py) that has dropped private goals, and
every YAML string is escaped (site/markdown.py). The pages rely on these Markdown extensions:
attr_list (heading ids `{#goal-x}`, classes, `data-search-exclude`), admonition and toc; raw HTML
(status lines, lines of sight, key-result tables, long lists, inline SVG) needs no extension.
`iter_pages` yields the same pages one at a time; `page_jobs` gives a function per page, to make
them in any order or process. SITE_CSS is the stylesheet to add as an extra
CSS file.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator

from truenorth.check import CheckResult
from truenorth.site.pages import SiteBuilder
from truenorth.site.plays import play_sections, sections_from_view
from truenorth.site.public import build_view

SITE_CSS = """\
/* truenorth: goals, progress bars and diagrams (generated pages) */
.tn-status { display: inline-block; padding: 0 .5em; border-radius: .8em; font-size: .75em; font-weight: 700;
  line-height: 1.6; vertical-align: middle; color: #fff; background: #9e9e9e; }
.tn-status--on-track { background: #2e7d32; }
.tn-status--at-risk { background: #ef8f00; color: #000; }
.tn-status--off-track { background: #c62828; }
.tn-status--achieved { background: #1565c0; }
.tn-status--target-met { background: #00838f; }
.tn-status--retired { background: #bdbdbd; color: #000; }
.tn-status--no-data { background: #757575; }
svg.tn-bar, svg.tn-minibar { vertical-align: middle; }
.tn-goal-meta, .tn-los, .tn-supporters, .tn-goal-plays { font-size: .85em; }
.tn-los { border-left: 3px solid var(--md-primary-fg-color, #3f51b5); padding-left: .6em; }
.tn-private { color: var(--md-default-fg-color--light, #757575); }
.tn-figure { margin: 1em 0; overflow-x: auto; text-align: center; }
.tn-figure svg.tn-diagram { max-width: 100%; height: auto; }
.tn-figure figcaption { font-size: .75em; }
.tn-glance { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: center; }
svg.tn-diagram text { font-family: var(--md-text-font-family, sans-serif); }
svg.tn-cascade a:hover rect, svg.tn-cascade a:focus rect { stroke-width: 3; }
svg.tn-cascade a:focus { outline: 2px solid var(--md-accent-fg-color, #526cfe); }
[data-md-color-scheme="slate"] svg.tn-cascade .tn-node rect { fill: #2b2d3a; }
[data-md-color-scheme="slate"] svg.tn-cascade .tn-node--vision rect { fill: #32375a; }
[data-md-color-scheme="slate"] svg.tn-cascade .tn-node--focus rect { fill: #3a3424; }
[data-md-color-scheme="slate"] svg.tn-cascade text { fill: #e0e0e0; }
[data-md-color-scheme="slate"] svg .tn-bar__track, [data-md-color-scheme="slate"] svg.tn-statusbar > rect:first-of-type,
[data-md-color-scheme="slate"] svg.tn-donut circle:first-of-type { fill-opacity: .35; stroke-opacity: .35; }
"""


def build_pages(result: CheckResult, today: _dt.date, *, plays: dict[str, str] | None = None,
                directory_urls: bool = True) -> dict[str, str]:
    """Path (posix, relative to the docs root) -> Markdown text, for every generated page.

    `plays` maps play id -> play page title (for links to `plays/<id>.md`); with it, plays a goal
    names that are not in it are shown as text, not linked. `directory_urls` must match MkDocs'
    `use_directory_urls` (default true): it only affects the links in raw HTML (lines of sight,
    status lines, key results, long lists, diagrams), which use the built URLs.
    """
    return dict(iter_pages(result, today, plays=plays, directory_urls=directory_urls))


def iter_pages(result: CheckResult, today: _dt.date, *, plays: dict[str, str] | None = None,
               directory_urls: bool = True) -> Iterator[tuple[str, str]]:
    """build_pages one page at a time, (path, Markdown): the same pages, never all held at once."""
    view = build_view(result, today, plays)
    return SiteBuilder(view, directory_urls=directory_urls).iter_pages()


def page_jobs(result: CheckResult, today: _dt.date, *, plays: dict[str, str] | None = None,
              directory_urls: bool = True) -> tuple[list[tuple[str, Callable[[], str]]], dict[str, str]]:
    """The pages of build_pages as (path, a function that makes its Markdown), in order, and the
    play sections of play_sections (made from the same view: it is built once)."""
    view = build_view(result, today, plays)
    sections = sections_from_view(view, plays) if plays else {}
    return SiteBuilder(view, directory_urls=directory_urls).page_jobs(), sections


__all__ = ["SITE_CSS", "build_pages", "iter_pages", "page_jobs", "play_sections"]
