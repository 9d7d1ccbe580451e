"""How the MkDocs plugin renders its thousands of generated pages faster, with the same output.

Two costs of MkDocs + Material grow with every page and do not depend on what the page says:

* MkDocs makes a new Markdown converter for every page, loading every extension again (about
  0.6 ms a page with this site's extensions). :class:`SharedConverterPage` renders a generated
  page with one converter kept for the whole build, reset between pages, and registers the same
  MkDocs processors :meth:`mkdocs.structure.pages.Page.render` does, so the HTML, the table of
  contents, the title and the anchors are those MkDocs would make.
* Material renders the site navigation (the sidebar and the tabs) again for every page, about a
  third of a page's template time with this site's nav. For a page that is not in the nav, no item
  of it is active, so the nav's HTML depends only on where the page is: :class:`NavCache` renders
  it once per set of relative links and reuses it.

Both are checked page by page against plain MkDocs (tests/site_build/test_render_speedups.py).
The plugin's ``reuse_nav: false`` turns the nav cache off, for a theme override that makes the
nav depend on the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import markdown
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render consults

NAV_TEMPLATES = ("partials/nav.html", "partials/tabs.html")
"""Material's partials that render the whole nav: the sidebar and the tabs."""


class SharedConverter:
    """One Markdown converter for the build's generated pages, made with the site's extensions."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def get(self, config) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(extensions=config["markdown_extensions"],
                                         extension_configs=config["mdx_configs"] or {})
        else:
            self._md.reset()
        return self._md


class SharedConverterPage(Page):
    """A generated page: rendered as :meth:`Page.render` does, with the build's shared converter."""

    converter: SharedConverter

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.converter.get(config)
        # the processors MkDocs adds per page; registering one replaces the last page's of that name
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        relative_paths = _RelativePathTreeprocessor(self.file, files, config)
        relative_paths._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)

        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_paths.links_to_anchors


def shared_converter_page(file, config, converter: SharedConverter) -> SharedConverterPage:
    """The page of a generated file (MkDocs then uses it instead of making a Page of its own)."""
    page = SharedConverterPage(None, file, config)
    page.converter = converter
    return page


def _nav_urls(items: list[StructureItem]) -> Iterator[str]:
    for item in items:
        if isinstance(item, (Page, Link)):
            yield item.url
        if isinstance(item, Section):
            yield from _nav_urls(item.children)


class NavCache:
    """Material's nav partials rendered once per place for the pages that are not in the nav.

    What such a page changes in the nav's HTML is the relative form of each link (no item is
    active), so the key is those relative links; a page in the nav is always rendered afresh.
    """

    def __init__(self, nav: Navigation | None) -> None:
        self._nav = nav
        self._urls = list(_nav_urls(nav.items)) if nav is not None else []
        self._in_nav = {id(page) for page in nav.pages} if nav is not None else set()
        self._html: dict[tuple, str] = {}
        self.hits = 0

    def key(self, context) -> tuple | None:
        page = context.get("page")
        if self._nav is None or not isinstance(page, Page) or id(page) in self._in_nav or page.parent is not None:
            return None
        if context.get("nav") is not self._nav or page.url is None:
            return None
        here = page.url
        return (context.get("base_url"), here.count("/"),
                tuple(get_relative_url(url, here) for url in self._urls))

    def wrap(self, name: str, render: Callable) -> Callable:
        """A template's root render function that serves its output from the cache when it can."""

        def cached(context):
            key = self.key(context)
            if key is None:
                yield from render(context)
                return
            html = self._html.get((name, key))
            if html is None:
                html = self._html[(name, key)] = "".join(render(context))
            else:
                self.hits += 1
            yield html

        cached.__wrapped__ = render
        return cached


def install_nav_cache(env, nav: Navigation | None) -> NavCache:
    """Wrap Material's nav partials in env (those it has) with a fresh cache for this build."""
    from jinja2 import TemplateNotFound

    cache = NavCache(nav)
    for name in NAV_TEMPLATES:
        try:
            template = env.get_template(name)
        except TemplateNotFound:
            continue
        render = getattr(template.root_render_func, "__wrapped__", template.root_render_func)
        template.root_render_func = cache.wrap(name, render)
    return cache
