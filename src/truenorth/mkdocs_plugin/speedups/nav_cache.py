"""Speedup `nav_cache`: Material's nav partials rendered once per place for the pages outside the nav.

Material renders the site navigation (the sidebar and the tabs) again for every page, about a third
of a page's template time with this site's nav. For a page that is not in the nav, no item of it is
active, so the nav's HTML depends only on where the page is: :class:`NavCache` renders it once per
set of relative links and reuses it. Private name used: Jinja's `Template.root_render_func`, wrapped.

With the plugin's own sidebar on those pages (mkdocs_plugin/sidebar.py: Material's theme), their template
renders no `partials/nav.html` at all; what this cache still serves them is the tabs.

Self-check: the first CHECKED pages served from the cache are rendered afresh as well; at the first
difference (a theme override that makes the nav depend on the page, say) the cache turns itself
off for the rest of the build, with one log line. Off in mkdocs.yml: `speedups: {nav_cache: false}`.

Measured gain (architecture review 2026-12, §2.1): about 0.5 ms a page, ~5 s at 10,000 people; the
public alternative, a `template:` override without the sidebar, was measured at 5-7 s (§2.3).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.plugins.truenorth")

NAV_TEMPLATES = ("partials/nav.html", "partials/tabs.html")
"""Material's partials that render the whole nav: the sidebar and the tabs."""

CHECKED = 5
"""Pages served from the cache that are also rendered afresh and compared, at the start of each build."""


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
        self.checked = 0  # hits also rendered afresh and compared
        self.on = True

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
            key = self.key(context) if self.on else None
            if key is None:
                yield from render(context)
                return
            html = self._html.get((name, key))
            if html is None:
                html = self._html[(name, key)] = "".join(render(context))
            elif self.checked < CHECKED:
                self.checked += 1
                fresh = "".join(render(context))
                if fresh != html:
                    log.info(f"truenorth: the nav of {context['page'].file.src_uri} differs from the cached one; "
                             "the nav is rendered for every page (speedups.nav_cache off for this build)")
                    self.on = False
                    html = fresh
                else:
                    self.hits += 1
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
