"""Speedup `shared_converter` (and its parts `headings_only` and `fork`): the generated pages that are
not in the nav converted with one Markdown converter for the whole build.

MkDocs makes a new Markdown converter for every page, loading every extension again (about 0.6 ms a
page with this site's extensions). :class:`SharedConverterPage` renders a generated page with one
converter kept for the whole build, reset between pages, and registers the same MkDocs processors
:meth:`mkdocs.structure.pages.Page.render` does. Private names used: MkDocs'
`_RawHTMLPreprocessor`, `_ExtractAnchorsTreeprocessor`, `_RelativePathTreeprocessor`,
`_ExtractTitleTreeprocessor` and their `_register`, `Page._title_from_render`.

With `headings_only` on, a page left with nothing but headings skips Python-Markdown
(speedups/headings_only.py). With `fork` on, a large organisation's pages are converted three in
five by a forked child (:meth:`SharedConverter.share_with_child`, on speedups/fork.py); the parent
takes the child's HTML for a page only if the child converted exactly the Markdown the parent holds
for it by then (so another plugin's edits are never lost) and logged nothing doing it.

Self-check: the first CHECKED pages of each build are rendered by MkDocs' own `Page.render` as well,
and so are the first pages taken from the child; at the first difference the shortcut turns itself
off for the rest of the build (one log line) and MkDocs' result is used. Off in mkdocs.yml:
`speedups: {shared_converter: false}`.

Measured gain (architecture review 2026-12, §2.1): 1,000 people in one process 9.0 -> 5.7 s together
with nav_cache; headings_only: Markdown at 10,000 people 11 -> 2.2 s, build / bare 1.39 -> 1.29.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable

import markdown
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from truenorth.mkdocs_plugin.speedups import headings_only
from truenorth.mkdocs_plugin.speedups.fork import CONVERT_SHARE, KeyedChild, LogCounter, childs_share, worth_a_child

_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render consults
log = logging.getLogger("mkdocs.plugins.truenorth")

HEADINGS_CHECKED = 5
"""Pages of headings only converted both ways at the start of each build (SharedConverter.headings_only)."""

CHECKED = 5
"""Pages rendered by MkDocs' Page.render too at the start of each build, and pages taken from the child."""


class SharedConverter:
    """One Markdown converter for the build's generated pages, made with the site's extensions,
    and the child that converts some of them (see share_with_child)."""

    def __init__(self, *, headings: bool = True) -> None:
        self._md: markdown.Markdown | None = None
        # False: not for this build (switched off, or the site's settings are not ones it reproduces)
        self._headings: headings_only.TocSettings | bool | None = None if headings else False
        self.on = True  # False once a page differed from MkDocs' own render: MkDocs renders the rest
        self.checked = 0  # pages compared with MkDocs' own render in this build
        self.child_checked = 0  # pages from the child compared with the parent's own conversion
        self._headings_checked = 0
        self.headings_taken = 0  # pages converted by speedups.headings_only
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
        (speedups.headings_only), or None for any other page or when the site's Markdown settings
        are not ones it reproduces. The first HEADINGS_CHECKED such pages of a build are converted by
        Python-Markdown too: at the first difference, this stops for the rest of the build."""
        if self._headings is None:
            self._headings = headings_only.settings_of(self.get(config), config["markdown_extensions"]) or False
        if self._headings is False:
            return None
        quick = headings_only.convert(page.markdown, self._headings)
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
        plugin's own hook); False when that does not pay (see fork.worth_a_child)."""
        if not worth_a_child(len(pages)):
            return False
        theirs = childs_share(pages, CONVERT_SHARE)

        def produce(send: Callable[[bytes], None]) -> None:
            warned = LogCounter.take_over_logging()  # the parent does the logging: the child counts
            for page in theirs:
                page.markdown, page.meta = get_data(page.file.content_string)
                page.markdown = on_page_markdown(page.markdown, page=page, config=config, files=files)
                before = warned.count
                page.render(config, files)
                if warned.count != before or not self.on:  # the parent renders it again (and logs what it says)
                    send(page.file.src_uri, b"")
                    continue
                links = None if page.links_to_anchors is None else {
                    file.src_uri: anchors for file, anchors in page.links_to_anchors.items()}
                send(page.file.src_uri, pickle.dumps({
                    "markdown": page.markdown, "content": page.content, "toc": page._toc_tokens,
                    "title": page._title_from_render, "anchors": page.present_anchor_ids, "links": links},
                    pickle.HIGHEST_PROTOCOL))
                page.content = page.markdown = None  # sent: the child need not hold it (memory at 100,000 people)

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



def _toc_shape(items) -> list:
    return [(item.title, item.id, item.level, _toc_shape(item.children)) for item in items]


class SharedConverterPage(Page):
    """A generated page: rendered as :meth:`Page.render` does, with the build's shared converter."""

    converter: SharedConverter
    _toc_tokens: list | None = None

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        converter = self.converter
        if not converter.on:
            return Page.render(self, config, files)  # the plain path
        done = converter.from_child(self)
        if done is not None and converter.child_checked < CHECKED:
            converter.child_checked += 1
            own = self._convert(config, files)
            if (done["content"], done["toc"], done["title"], done["anchors"]) != own[:4]:
                log.info(f"truenorth: the forked child converted {self.file.src_uri} differently; "
                         "the parent converts the rest itself")
                converter.close()
                done = None
        if done is not None:
            self.content = done["content"]
            self.toc = get_toc(done["toc"])
            self._title_from_render = done["title"]
            self.present_anchor_ids = done["anchors"]
            if done["links"] is not None and _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
                self.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in done["links"].items()}
            return
        converted = converter.headings_only(self, config, files)
        if converted is None:
            converted = self._convert(config, files)
        if converter.checked < CHECKED:  # compared with MkDocs' own render of this page, which it keeps
            converter.checked += 1
            Page.render(self, config, files)
            if (self.content, _toc_shape(self.toc), self._title_from_render, self.present_anchor_ids) != (
                    converted[0], _toc_shape(get_toc(converted[1])), converted[2], converted[3]):
                log.info(f"truenorth: the shared converter renders {self.file.src_uri} differently from MkDocs; "
                         "MkDocs renders every page (speedups.shared_converter off for this build)")
                converter.on = False
            self._toc_tokens = converted[1]
            return
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
