"""URLs and links between the generated pages.

Two kinds of link: Markdown links (`rel`, `link`) to .md pages, which MkDocs checks and rewrites, and
HTML links (`href`) in raw HTML, which MkDocs leaves alone, so they are written as the built URLs
(`directory_urls` must match MkDocs' `use_directory_urls`). `Links` writes the links to the view's
goals, people, departments, plays and metrics, and caches them.
"""

from __future__ import annotations

import functools
import posixpath
from typing import NamedTuple

from truenorth.site.escape import ATTR_ESCAPES, html_text, md, metric_anchor
from truenorth.site.view import METRICS, PRIVATE, PublicView, department_page, play_page


@functools.lru_cache(maxsize=262144)
def _dir_prefix(from_dir: str, to_dir: str) -> str:
    """The relative path from one folder to another, ending in '/' (or '' for the same folder)."""
    if from_dir == to_dir:
        return ""
    src = from_dir.split("/") if from_dir else []
    dst = to_dir.split("/") if to_dir else []
    common = 0
    for a, b in zip(src, dst):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(src) - common) + dst[common:]
    return "/".join(parts) + "/"


def rel(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative Markdown link target from one generated .md page to another (or the same) page."""
    if to_page == from_page:
        target = "" if anchor else posixpath.basename(to_page)
    else:
        from_dir, _, _ = from_page.rpartition("/")
        to_dir, _, name = to_page.rpartition("/")
        target = _dir_prefix(from_dir, to_dir) + name
    return f"{target}#{anchor}" if anchor else target


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL MkDocs builds a page to, relative to the site root ('' for the home page)."""
    stem = page[:-3] if page.endswith(".md") else page
    if directory_urls:
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"
    return stem + ".html"


@functools.lru_cache(maxsize=65536)
def _url_parts(page: str, directory_urls: bool) -> tuple[str, str]:
    """(folder, file) of a page's built URL: ('cascade/people/ana', '') or ('cascade/people', 'ana.html')."""
    url = page_url(page, directory_urls)
    if directory_urls:
        return url.rstrip("/"), ""
    folder, _, name = url.rpartition("/")
    return folder, name


def href(from_page: str, to_page: str, anchor: str | None = None, directory_urls: bool = True) -> str:
    """A relative href for raw HTML (where MkDocs does not rewrite .md links) to a built page."""
    if from_page == to_page and anchor:
        return ("#" + anchor).translate(ATTR_ESCAPES)
    src_dir, _ = _url_parts(from_page, directory_urls)
    dst_dir, dst_name = _url_parts(to_page, directory_urls)
    target = (_dir_prefix(src_dir, dst_dir) + dst_name) or "./"
    return (target + ("#" + anchor if anchor else "")).translate(ATTR_ESCAPES)


def link(text: object, target: str) -> str:
    """A Markdown link with escaped text; `target` must come from `rel` (ids already checked)."""
    return f"[{md(text)}]({target})"


class LinkTarget(NamedTuple):
    """Where a public goal (or the vision) is shown in full."""

    page: str
    anchor: str
    title: str  # escaped for Markdown


class Links:
    """The links from a page to the view's goals, people, departments, plays and metrics: `*_link` writes a
    Markdown link, `*_a` an HTML `<a>` for raw HTML, `goal_href` and `url_to` the URL alone. A goal that is
    not public (or not known) is plain text, never a link."""

    def __init__(self, view: PublicView, *, directory_urls: bool = True) -> None:
        self.view = view
        self.directory_urls = directory_urls
        # caches: a link to the same goal is written by the thousand (lines of sight), once per folder here
        self._targets: dict[str, LinkTarget | None] = {}
        self._goal_links: dict[tuple[str, str], str] = {}
        self._goal_hrefs: dict[tuple[str, str], str] = {}
        self._goal_anchors: dict[tuple[str, str], str] = {}
        self._folder_keys: dict[str, str] = {}

    def _target(self, node_id: str) -> LinkTarget | None:
        """(page, anchor, escaped title) of a public goal or the vision; None for anything else."""
        cached = self._targets.get(node_id)
        if cached is None and node_id not in self._targets:
            where = self.view.page_of(node_id) if node_id != PRIVATE else None
            cached = LinkTarget(where[0], where[1], md(self.view.title(node_id))) if where else None
            self._targets[node_id] = cached
        return cached

    def goal_link(self, page: str, node_id: str, text: str | None = None) -> str:
        """A link to a public goal (or the vision) where it is shown in full; plain text otherwise."""
        target = self._target(node_id)
        if target is None:
            label = md(text if text is not None else self.view.title(node_id))
            return f"*{label}*" if node_id == PRIVATE else label
        if text is not None:
            return f"[{md(text)}]({rel(page, target.page, target.anchor)})"
        if target.page == page:
            return f"[{target.title}](#{target.anchor})"
        # the link is the same from every page of a folder (but its own), so it is built once per folder
        key = (page.rpartition("/")[0], node_id)
        cached = self._goal_links.get(key)
        if cached is None:
            cached = self._goal_links[key] = f"[{target.title}]({rel(page, target.page, target.anchor)})"
        return cached

    def goal_href(self, page: str, node_id: str) -> str | None:
        target = self._target(node_id)
        if target is None:
            return None
        if target.page == page:
            return href(page, page, target.anchor, self.directory_urls)
        # built URLs of the pages of one folder are siblings: the href is the same from all but the target
        key = (self._folder_key(page), node_id)
        cached = self._goal_hrefs.get(key)
        if cached is None:
            cached = self._goal_hrefs[key] = href(page, target.page, target.anchor, self.directory_urls)
        return cached

    def _folder_key(self, page: str) -> str:
        """What the built URLs of a folder's pages share: the folder (an index page's URL is its folder's)."""
        key = self._folder_keys.get(page)
        if key is None:
            folder, _, name = page.rpartition("/")
            key = self._folder_keys[page] = folder if name != "index.md" else folder + "/"
        return key

    def person_link(self, page: str, person_id: str | None) -> str:
        person = self.view.person(person_id)
        if person is None:
            return md(person_id or "nobody") + " (not a known person)"
        return link(person.name, rel(page, *self.view.person_home(person.id)))

    def department_link(self, page: str, department_id: str | None) -> str:
        dept = self.view.department(department_id)
        if dept is None:
            return md(department_id or "no department") + " (not a known department)"
        return link(dept.name, rel(page, department_page(dept.id)))

    def url_to(self, page: str, to_page: str, anchor: str | None = None) -> str:
        return href(page, to_page, anchor, self.directory_urls)

    def goal_a(self, page: str, node_id: str) -> str:
        """An HTML link to a public goal (or the vision) where it is shown in full; plain text otherwise."""
        # the same from every page of a folder but the target's own (lines of sight repeat them by the thousand)
        target = self._target(node_id)
        if target is None:
            label = html_text(self.view.title(node_id))
            return f"<em>{label}</em>" if node_id == PRIVATE else label
        if target.page == page:
            return f'<a href="{self.goal_href(page, node_id)}">{html_text(self.view.title(node_id))}</a>'
        key = (self._folder_key(page), node_id)
        cached = self._goal_anchors.get(key)
        if cached is None:
            cached = self._goal_anchors[key] = f'<a href="{self.goal_href(page, node_id)}">{html_text(self.view.title(node_id))}</a>'
        return cached

    def person_a(self, page: str, person_id: str | None) -> str:
        person = self.view.person(person_id)
        if person is None:
            return html_text(person_id or "nobody") + " (not a known person)"
        return f'<a href="{self.url_to(page, *self.view.person_home(person.id))}">{html_text(person.name)}</a>'

    def department_a(self, page: str, department_id: str | None) -> str:
        dept = self.view.department(department_id)
        if dept is None:
            return html_text(department_id or "no department") + " (not a known department)"
        return f'<a href="{self.url_to(page, department_page(dept.id))}">{html_text(dept.name)}</a>'

    def play_a(self, page: str, play_id: str) -> str:
        plays = self.view.plays
        if plays is not None and play_id not in plays:
            return f"{html_text(play_id)} (not in the playbook)"
        name = (plays or {}).get(play_id) or play_id
        return f'<a href="{self.url_to(page, play_page(play_id))}">{html_text(name)}</a>'

    def metric_a(self, page: str, metric_id: str) -> str:
        metric = self.view.org.metrics.get(metric_id)
        if metric is None:
            return html_text(metric_id) + " (not in the metric catalogue)"
        return f'<a href="{self.url_to(page, METRICS, metric_anchor(metric.id))}">{html_text(metric.name)}</a>'
