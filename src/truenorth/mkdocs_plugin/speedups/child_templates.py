"""Speedup `child_templates`: the theme's page template rendered for two generated pages in three by a
forked child, while the parent renders the rest.

The parent still runs every plugin's events for every page (search indexes it, `on_post_page` sees
the HTML) and writes every file; it takes the child's HTML only if the page it holds, once every
plugin's `on_page_context` has run, is the one the child rendered (content, title, meta, URL) and
the child logged nothing. A plugin that edits the page context (other than search and this one)
turns the child off: its edits could depend on the pages before. Private names used: MkDocs'
`config._current_page` and the steps of `mkdocs.commands.build._build_page`, the plugin
collection's `events`, the search plugins' `search_index`, Jinja's `Template.root_render_func`.

Self-check: the first CHECKED pages taken from the child are rendered by the parent as well; at the
first difference the parent stops taking the child's pages, with one log line. Off in mkdocs.yml:
`speedups: {child_templates: false}` (or `fork: false`, which turns every child off).

Measured gain (architecture review 2026-12, §2.3, together with the convert child of
shared_converter): 10,000 people 24.7 -> 20.4 s on 2 vCPUs; 2,000 people: none. Measured again
(December 2026, 10,000 people, single runs on two shared cores, bare build 14.3 s): all on 19.8-31.2 s
(median of five 25.6 s), child_templates off 27.2 / 35.3 s, each slower than the all-on run beside it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from mkdocs.structure.pages import Page

from truenorth.mkdocs_plugin.speedups.fork import KeyedChild, LogCounter, childs_share, worth_a_child

log = logging.getLogger("mkdocs.plugins.truenorth")

CHECKED = 5
"""Pages taken from the child that the parent renders as well and compares, at the start of each build."""


# Plugins whose `on_page_context` only reads the page or edits it in place (the child template check
# compares the page itself): Material's search and MkDocs' own index it, truenorth puts back its HTML.
_PAGE_CONTEXT_READERS = {
    ("material.plugins.search.plugin", "SearchPlugin"),
    ("mkdocs.contrib.search", "SearchPlugin"),
    ("truenorth.mkdocs_plugin.plugin", "TruenorthPlugin"),
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
    """The template of a page with no `template:` meta (as MkDocs' build chooses it)."""

    def __init__(self) -> None:
        self._child: KeyedChild | None = None
        self._templates: dict = {}  # template name -> the template whose render function is wrapped
        self.given = 0  # pages the child was given
        self.taken = 0  # pages whose HTML came from the child
        self.checked = 0  # pages from the child rendered by the parent too and compared

    @classmethod
    def template_of(cls, page: Page) -> str:
        return page.meta.get("template", cls.TEMPLATE)

    def start(self, pages: list[Page], config, nav, env, files) -> bool:
        """Fork the child for `pages` (the generated pages outside the nav, in build order); False when
        that does not pay (fork.worth_a_child) or another plugin edits the page context."""
        if not worth_a_child(len(pages)) or not _page_context_is_read_only(config):
            return False
        from mkdocs.commands.build import get_context
        from mkdocs.structure.files import InclusionLevel

        theirs = [page for page in childs_share(pages) if not page.file.inclusion.is_excluded()]
        # each page in the template it names (as MkDocs does): the theme's main.html, or the plugin's sidebar one
        templates = {name: env.get_template(name) for name in {self.template_of(page) for page in theirs}}
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # as MkDocs' build passes them

        def produce(send: Callable[[bytes], None]) -> None:
            warned = LogCounter.take_over_logging()  # the parent does the logging: the child counts
            _stop_indexing(config)  # the parent's search index is the one written
            for page in theirs:  # as mkdocs.commands.build._build_page does, up to the template's output
                before = warned.count
                config._current_page = page
                page.active = True
                try:
                    context = get_context(nav, doc_files, config, page)
                    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                    output = templates[self.template_of(page)].render(context)
                finally:
                    page.active = False
                    config._current_page = None
                if warned.count != before:  # the parent renders it again, and logs what it has to say
                    send(page.file.src_uri, b"")
                    continue
                send(page.file.src_uri, _page_state(page) + b"\0" + output.encode("utf-8", "surrogatepass"))
                page.content = None  # rendered: this copy of its HTML is not needed again (memory)

        self._child = KeyedChild([page.file.src_uri for page in theirs], produce)
        self.given = len(theirs)
        for name, template in templates.items():
            render = getattr(template.root_render_func, "__wrapped__", template.root_render_func)
            template.root_render_func = self._wrap(name, render)
        self._templates = templates
        return True

    def _wrap(self, name: str, render: Callable) -> Callable:
        def from_child(context):
            page = context.get("page")
            # only the page's own template takes the child's HTML (main.html also runs inside a template
            # that extends it)
            output = self._take(page) if isinstance(page, Page) and self.template_of(page) == name else None
            if output is not None and self.checked < CHECKED:
                self.checked += 1
                own = "".join(render(context))
                if own != output:
                    log.info(f"truenorth: the forked child rendered {page.file.src_uri} differently; "
                             "the parent renders the rest itself (speedups.child_templates off for this build)")
                    self._child.close()
                    self._child = None
                output = own
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
        for template in self._templates.values():
            render = getattr(template.root_render_func, "__wrapped__", None)
            if render is not None:
                template.root_render_func = render
        self._templates = {}
