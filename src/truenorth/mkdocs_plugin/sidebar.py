"""The left sidebar of the pages outside the nav: a goal's, a department's, a person's and a play's own.

These pages are kept out of MkDocs' nav (a nav that lists them makes every page, and so the build, grow
with the organisation), so the theme's sidebar has nothing to show on them. Each carries its own
navigation instead, made by truenorth.site as one raw HTML block, `<nav class="tn-localnav">` (where the
page sits: the vision, the corporate goals, the department and team, or the playbook; and its
neighbours). With Material, the plugin takes that block out of the page's Markdown and gives it to
the page's template as `page.meta.truenorth_nav`, and chooses the template by the page's `template:`
meta: templates/truenorth/page.html, which extends the theme's main.html (a custom_dir's own, when
there is one) and overrides its documented `site_nav` block. That is Material's documented theme
customisation, shipped in the package and added to the theme's template folders by the plugin
(`theme.dirs`, after every folder of the site's own, so a custom_dir may override it too).

Such a page renders no site-wide nav at all, which is also what makes it cheaper than a page of the
nav. With another theme, or when a page names a template of its own, the block stays in the page,
under its heading.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATE = "truenorth/page.html"
"""The template of the pages with a sidebar of their own (in TEMPLATES_DIR)."""

TEMPLATES_DIR = str(Path(__file__).parent / "templates")
"""The folder added to the theme's template folders."""

META_KEY = "truenorth_nav"
"""The page meta that holds the sidebar's HTML."""

_START = '<nav class="tn-localnav"'
_END = "</nav>"


def themes_it(config) -> bool:
    """Whether the site's theme is one this template extends (Material, whose `site_nav` block it overrides)."""
    theme = config.theme
    return getattr(theme, "name", None) == "material"


def add_templates(config) -> None:
    """Make TEMPLATE findable: its folder joins the theme's, after them (theirs win on a clash)."""
    if TEMPLATES_DIR not in config.theme.dirs:
        config.theme.dirs.append(TEMPLATES_DIR)


def take_local_nav(markdown: str) -> tuple[str, str | None]:
    """(the Markdown without it, the page's own navigation block) or (markdown, None) when it has none.

    The block is a raw HTML paragraph of its own that starts a line (site.widgets.local_nav_html)."""
    at = markdown.find(_START)
    while at > 0 and markdown[at - 1] != "\n":
        at = markdown.find(_START, at + 1)
    if at < 0:
        return markdown, None
    end = markdown.find(_END, at)
    if end < 0:
        return markdown, None
    end += len(_END)
    line_end = markdown.find("\n", end)
    if markdown[end: len(markdown) if line_end < 0 else line_end].strip():
        return markdown, None  # not a block of its own
    return markdown[:at] + markdown[end:], markdown[at:end]


def use_sidebar(page, markdown: str) -> str:
    """Give the page its own sidebar if its Markdown carries its navigation and it names no template of
    its own: the Markdown without the block (page.meta gets the template and the block)."""
    if page.meta.get("template"):
        return markdown
    rest, nav = take_local_nav(markdown)
    if nav is None:
        return markdown
    page.meta["template"] = TEMPLATE
    page.meta[META_KEY] = nav
    return rest
