"""How the MkDocs plugin renders its thousands of generated pages faster, with the same output.

Two costs of MkDocs + Material grow with every page and do not depend on what the page says:

* MkDocs makes a new Markdown converter for every page, loading every extension again (about
  0.6 ms a page with this site's extensions). :class:`SharedConverterPage` renders a generated
  page with one converter kept for the whole build, reset between pages, and registers the same
  MkDocs processors :meth:`mkdocs.structure.pages.Page.render` does, so the HTML, the table of
  contents, the title and the anchors are those MkDocs would make.
* A person page, once its HTML is set aside, is nothing but headings for Markdown; the shared
  converter makes their HTML without Python-Markdown (truenorth.markdown_headings), checking its
  first pages of each build against Python-Markdown.
* Material renders the site navigation (the sidebar and the tabs) again for every page, about a
  third of a page's template time with this site's nav. For a page that is not in the nav, no item
  of it is active, so the nav's HTML depends only on where the page is: :class:`NavCache` renders
  it once per set of relative links and reuses it.

* For a large organisation, a forked child converts three generated pages in five while the parent
  converts the rest (:meth:`SharedConverter.share_with_child`, on truenorth.page_pairs). The parent
  takes the child's HTML for a page only if the child converted exactly the Markdown the parent
  holds for it by then (so another plugin's edits are never lost) and logged nothing doing it.
* Then another child renders the theme's page template for two in three of those pages while the
  parent renders the rest (:class:`ChildTemplates`). The parent still runs every plugin's events
  for every page (search indexes it, `on_post_page` sees the HTML) and writes every file; it takes
  the child's HTML only if the page it holds, once every plugin's `on_page_context` has run, is
  the one the child rendered (content, title, meta, URL) and the child logged nothing. A plugin
  that edits the page context (other than search and this one) turns the child off: its edits
  could depend on the pages before.

All are checked page by page against plain MkDocs (tests/site_build/test_render_speedups.py).
The plugin's ``reuse_nav: false`` turns the nav cache off, for a theme override that makes the
nav depend on the page.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
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
from mkdocs.utils.meta import get_data

from truenorth import markdown_headings
from truenorth.page_pairs import CONVERT_SHARE, KeyedChild, childs_share, worth_a_child

_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render consults
log = logging.getLogger("mkdocs.plugins.truenorth")

HEADINGS_CHECKED = 5
"""Pages of headings only converted both ways at the start of each build (SharedConverter.headings_only)."""

NAV_TEMPLATES = ("partials/nav.html", "partials/tabs.html")
"""Material's partials that render the whole nav: the sidebar and the tabs."""


class SharedConverter:
    """One Markdown converter for the build's generated pages, made with the site's extensions,
    and the child that converts some of them (see share_with_child)."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._headings: markdown_headings.TocSettings | bool | None = None  # False: not for this build
        self._headings_checked = 0
        self.headings_taken = 0  # pages converted by markdown_headings
        self._child: KeyedChild | None = None
        self.given = 0  # pages the child was given
        self.taken = 0  # pages whose HTML came from the child

    def get(self, config) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(extensions=config["markdown_extensions"],
                                         extension_configs=config["mdx_configs"] or {})
        else:
            self._md.reset()
        return self._md

    def headings_only(self, page: SharedConverterPage, config, files) -> tuple | None:
        """What page.render makes of a page of nothing but headings, without Python-Markdown
        (truenorth.markdown_headings), or None for any other page or when the site's Markdown settings
        are not ones it reproduces. The first HEADINGS_CHECKED such pages of a build are converted by
        Python-Markdown too: at the first difference, this stops for the rest of the build."""
        if self._headings is None:
            self._headings = markdown_headings.settings_of(self.get(config), config["markdown_extensions"]) or False
        if self._headings is False:
            return None
        quick = markdown_headings.convert(page.markdown, self._headings)
        if quick is None:
            return None
        converted = (quick.content, quick.toc_tokens, quick.title, quick.anchors,
                     {page.file: quick.links} if quick.links else {})
        if self._headings_checked < HEADINGS_CHECKED:
            self._headings_checked += 1
            full = page._convert(config, files)
            if full != converted:
                log.debug(f"truenorth: headings converted without Markdown differ on {page.file.src_uri}; "
                          "Markdown converts every page")
                self._headings = False
                return full
        self.headings_taken += 1
        return converted

    def share_with_child(self, pages: list[SharedConverterPage], config, files,
                         on_page_markdown: Callable[..., str]) -> bool:
        """Fork a child that converts three pages in five of `pages` (in the order MkDocs renders
        them), reading each as MkDocs does and passing it through `on_page_markdown` (the
        plugin's own hook); False when that does not pay (see page_pairs.worth_a_child)."""
        if not worth_a_child(len(pages)):
            return False
        theirs = childs_share(pages, CONVERT_SHARE)

        def produce(send: Callable[[bytes], None]) -> None:
            warned = _LogCounter.take_over_logging()  # the parent does the logging: the child counts
            for page in theirs:
                page.markdown, page.meta = get_data(page.file.content_string)
                page.markdown = on_page_markdown(page.markdown, page=page, config=config, files=files)
                before = warned.count
                page.render(config, files)
                if warned.count != before:  # the parent renders it again, and logs what it has to say
                    send(page.file.src_uri, b"")
                    continue
                links = None if page.links_to_anchors is None else {
                    file.src_uri: anchors for file, anchors in page.links_to_anchors.items()}
                send(page.file.src_uri, pickle.dumps({
                    "markdown": page.markdown, "content": page.content, "toc": page._toc_tokens,
                    "title": page._title_from_render, "anchors": page.present_anchor_ids, "links": links},
                    pickle.HIGHEST_PROTOCOL))

        self._child = KeyedChild([page.file.src_uri for page in theirs], produce)
        self.given = len(theirs)
        return True

    def from_child(self, page: SharedConverterPage) -> dict | None:
        """What the child made of this page, if it converted the page's Markdown as it is now."""
        body = self._child.take(page.file.src_uri) if self._child is not None else None
        if not body:
            return None  # not the child's page, or the child logged while converting it
        record = pickle.loads(body)
        if record["markdown"] != page.markdown:
            return None
        self.taken += 1
        return record

    def close(self) -> None:
        """Reap the child (MkDocs has read every page)."""
        if self._child is not None:
            self._child.close()
            self._child = None


class _LogCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    @classmethod
    def take_over_logging(cls) -> _LogCounter:
        """In the child: every logger's output replaced by a count of its warnings."""
        counter = cls()
        loggers = [logging.getLogger()] + [logger for logger in logging.Logger.manager.loggerDict.values()
                                           if isinstance(logger, logging.Logger)]
        for logger in loggers:
            logger.handlers = [counter] if logger.handlers or logger is loggers[0] else []
        return counter


class SharedConverterPage(Page):
    """A generated page: rendered as :meth:`Page.render` does, with the build's shared converter."""

    converter: SharedConverter
    _toc_tokens: list | None = None

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        done = self.converter.from_child(self)
        if done is not None:
            self.content = done["content"]
            self.toc = get_toc(done["toc"])
            self._title_from_render = done["title"]
            self.present_anchor_ids = done["anchors"]
            if done["links"] is not None and _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
                self.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in done["links"].items()}
            return
        converted = self.converter.headings_only(self, config, files)
        if converted is None:
            converted = self._convert(config, files)
        content, self._toc_tokens, self._title_from_render, self.present_anchor_ids, links = converted
        self.content = content
        self.toc = get_toc(self._toc_tokens)
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = links

    def _convert(self, config, files) -> tuple[str, list, str | None, set[str], dict]:
        """(HTML, toc tokens, title, anchor ids, links to anchors) as Page.render makes them."""
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
        content = md.convert(self.markdown)
        return (content, getattr(md, "toc_tokens", []), title.title,
                anchors.present_anchor_ids | raw_html.present_anchor_ids, relative_paths.links_to_anchors)


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
        homepage = (context.get("config") or {}).get("extra", {}).get("homepage")  # Material's logo link
        return (context.get("base_url"), here.count("/"), get_relative_url(homepage, here) if homepage else None,
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


# Plugins whose `on_page_context` only reads the page or edits it in place (the child template check
# compares the page itself): Material's search and MkDocs' own index it, truenorth puts back its HTML.
_PAGE_CONTEXT_READERS = {
    ("material.plugins.search.plugin", "SearchPlugin"),
    ("mkdocs.contrib.search", "SearchPlugin"),
    ("truenorth.mkdocs_plugin", "TruenorthPlugin"),
}


def _page_context_is_read_only(config) -> bool:
    for method in config.plugins.events.get("page_context", ()):
        owner = type(getattr(method, "__self__", None))
        if (owner.__module__, owner.__qualname__) not in _PAGE_CONTEXT_READERS:
            return False
    return True


class _NoIndex:
    def add_entry_from_context(self, page) -> None:
        pass


def _stop_indexing(config) -> None:
    """In the child: the search plugins index nothing (they still run: Material's also edits the page)."""
    for method in config.plugins.events.get("page_context", ()):
        plugin = getattr(method, "__self__", None)
        if type(plugin).__name__ == "SearchPlugin" and hasattr(plugin, "search_index"):
            plugin.search_index = _NoIndex()


def _page_state(page: Page) -> bytes:
    """What the page template reads of the page itself and may differ from one build step to another."""
    digest = hashlib.sha1((page.content or "").encode("utf-8", "surrogatepass"))
    digest.update(repr((page.title, page.meta, page.url, page.file.src_uri)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest().encode()


class ChildTemplates:
    """The theme's page template rendered for two generated pages in three by a forked child (see the
    module's docstring). `start` in `on_env`, once every page has its HTML; `close` after the build."""

    TEMPLATE = "main.html"

    def __init__(self) -> None:
        self._child: KeyedChild | None = None
        self._template = None
        self.given = 0  # pages the child was given
        self.taken = 0  # pages whose HTML came from the child

    def start(self, pages: list[Page], config, nav, env, files) -> bool:
        """Fork the child for `pages` (the generated pages outside the nav, in build order); False when
        that does not pay (page_pairs.worth_a_child) or another plugin edits the page context."""
        if not worth_a_child(len(pages)) or not _page_context_is_read_only(config):
            return False
        from mkdocs.commands.build import get_context
        from mkdocs.structure.files import InclusionLevel

        template = env.get_template(self.TEMPLATE)
        theirs = [page for page in childs_share(pages)
                  if "template" not in page.meta and not page.file.inclusion.is_excluded()]
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # as MkDocs' build passes them

        def produce(send: Callable[[bytes], None]) -> None:
            warned = _LogCounter.take_over_logging()  # the parent does the logging: the child counts
            _stop_indexing(config)  # the parent's search index is the one written
            for page in theirs:  # as mkdocs.commands.build._build_page does, up to the template's output
                before = warned.count
                config._current_page = page
                page.active = True
                try:
                    context = get_context(nav, doc_files, config, page)
                    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                    output = template.render(context)
                finally:
                    page.active = False
                    config._current_page = None
                if warned.count != before:  # the parent renders it again, and logs what it has to say
                    send(page.file.src_uri, b"")
                    continue
                send(page.file.src_uri, _page_state(page) + b"\0" + output.encode("utf-8", "surrogatepass"))

        self._child = KeyedChild([page.file.src_uri for page in theirs], produce)
        self.given = len(theirs)
        render = getattr(template.root_render_func, "__wrapped__", template.root_render_func)
        template.root_render_func = self._wrap(render)
        self._template = template
        return True

    def _wrap(self, render: Callable) -> Callable:
        def from_child(context):
            page = context.get("page")
            output = self._take(page) if isinstance(page, Page) else None
            if output is None:
                yield from render(context)
            else:
                yield output

        from_child.__wrapped__ = render
        return from_child

    def _take(self, page: Page) -> str | None:
        """The child's HTML for this page, if it rendered the page as the parent holds it now."""
        body = self._child.take(page.file.src_uri) if self._child is not None else None
        if not body:
            return None  # not the child's page, or the child logged while rendering it
        state, _, output = body.partition(b"\0")
        if state != _page_state(page):
            return None
        self.taken += 1
        return output.decode("utf-8", "surrogatepass")

    def close(self) -> None:
        """Reap the child and give the template its own render function back."""
        if self._child is not None:
            self._child.close()
            self._child = None
        if self._template is not None:
            render = getattr(self._template.root_render_func, "__wrapped__", None)
            if render is not None:
                self._template.root_render_func = render
            self._template = None
