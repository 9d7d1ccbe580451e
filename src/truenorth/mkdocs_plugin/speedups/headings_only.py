"""Speedup `headings_only`: Python-Markdown's output for a page of nothing but headings, made without
running the parser. Off in mkdocs.yml: `speedups: {headings_only: false}`. Private names used:
`markdown.serializers.BOOLEAN_ATTRIBUTES`, the toc extension's token shape and `nest_toc_tokens`.
Measured gain (architecture review 2026-12, §2.1): Markdown at 10,000 people in one process 11 -> 2.2 s;
build / bare 1.39 -> 1.29.

Once the truenorth plugin has set a generated person page's raw HTML aside (html_stash.stash_html,
fold_into_headings), what is left for Markdown is its headings, each with an attribute list: the
page's name, "My goals" and a heading per goal. Python-Markdown still runs every extension of the
site over them (about 0.8 ms a page with this site's, 8 s of a 10,000-person build, more than the
rest of the page's Markdown work). :func:`convert` gives the same HTML, table of contents, title and
anchors directly, for such a page and the settings it understands, and None for anything else, which
Python-Markdown then converts. It understands:

* a document of ATX headings only (blank lines between them allowed), with no closing hashes;
* heading text as truenorth.site.escape.md writes it: plain characters, backslash escapes of
  Markdown punctuation, and HTML character references; anything else (emphasis, code, links, raw
  HTML, a stray `&` or `<`) is Python-Markdown's to convert;
* an attribute list at the end (`{#id .class key key="value"}`) with plain names and values;
* the `toc` extension with any slugify function, separator and permalink text, class and title, at
  its default base level, depth and without anchor links; and among the other extensions only those
  that have nothing to do with headings (:data:`INERT_EXTENSIONS`).

Each build checks its first such pages against Python-Markdown and stops using this at the first
difference (speedups.shared_converter.SharedConverter.headings_only);
tests/site_build/test_markdown_headings.py compares both on thousands of generated pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

INERT_EXTENSIONS = {
    "markdown.extensions.admonition", "markdown.extensions.attr_list", "markdown.extensions.md_in_html",
    "markdown.extensions.tables", "markdown.extensions.toc", "markdown.extensions.fenced_code",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.tasklist",
}
"""Extensions (by module) that change nothing in a document of plain headings (they act on blocks,
lists, tables and code), besides toc and attr_list, which this reproduces. Any other extension turns
this off: abbr, for one, may hold a site-wide glossary that marks words in headings."""

# A heading line: hashes, text, an optional attribute list; the text may hold no closing hash.
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+\{[ \t]*([^{}\n]*?)[ \t]*\})?[ \t]*")
# Heading text as md() writes it: no Markdown punctuation but escaped, `&` only in a character reference.
_TEXT = re.compile(r"(?:[^\\`*_{}\[\]()#!|&<>]|\\[\\`*_{}\[\]()#!|+\-.]|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)+")
_ESCAPE = re.compile(r"\\(.)")
_ATTR = re.compile(r"#([A-Za-z0-9_-]+)|\.([A-Za-z0-9_-]+)|([A-Za-z0-9_-]+)(?:=\"([^\"\\{}<>&\n]*)\")?")


def _boolean_attributes() -> frozenset[str]:
    from markdown.serializers import BOOLEAN_ATTRIBUTES

    return BOOLEAN_ATTRIBUTES["html"]


_BOOLEAN = _boolean_attributes()


@dataclass(slots=True)
class TocSettings:
    """What the toc extension's configuration sets for headings."""

    slugify: Callable[[str, str], str]
    separator: str
    permalink: bool | str
    permalink_class: str
    permalink_title: str
    html: bool  # the converter's output format is "html" (else XHTML): boolean attributes are written bare


@dataclass(slots=True)
class Converted:
    content: str
    toc_tokens: list
    title: str | None
    anchors: set[str]
    links: dict[str, str]  # links to anchors on the page itself: anchor -> href (the permalinks)


def _module_of(extension: object) -> str:
    if not isinstance(extension, str):
        return type(extension).__module__
    name = extension.split(":", 1)[0]
    return name if "." in name else f"markdown.extensions.{name}"


def settings_of(md, extensions: list) -> TocSettings | None:
    """The toc settings of a Markdown instance made with these extensions (names or instances, as in
    MkDocs' markdown_extensions), or None when the extensions or settings are not ones :func:`convert`
    reproduces."""
    from markdown.extensions.toc import TocExtension

    if any(_module_of(ext) not in INERT_EXTENSIONS for ext in extensions):
        return None
    if any(type(ext).__module__ not in INERT_EXTENSIONS for ext in md.registeredExtensions):
        return None  # one an extension loads itself
    toc = next((ext.getConfigs() for ext in md.registeredExtensions if isinstance(ext, TocExtension)), None)
    if toc is None:
        return None
    from markdown.util import parseBoolValue

    if (str(toc["baselevel"]) != "1" or str(toc["toc_depth"]) != "6" or parseBoolValue(toc["anchorlink"], False)
            or parseBoolValue(toc["permalink_leading"], False)):
        return None
    permalink = parseBoolValue(toc["permalink"], False)  # as the toc extension reads it
    if permalink is None:
        permalink = toc["permalink"]  # the link's text
    if not isinstance(permalink, (bool, str)) or (isinstance(permalink, str) and re.search(r"[&<>]", permalink)):
        return None
    if permalink is not False and toc["permalink_class"] != "headerlink":
        return None  # MkDocs then takes the permalink's text into a page title
    if not callable(toc["slugify"]) or not isinstance(toc["separator"], str):
        return None
    title = toc["permalink_title"] or ""
    if not isinstance(title, str) or not re.fullmatch(r"[^\"&<>]*", title):
        return None
    return TocSettings(toc["slugify"], toc["separator"], permalink, toc["permalink_class"], title,
                       md.output_format == "html")


def convert(markdown: str, settings: TocSettings) -> Converted | None:
    """The page's HTML, toc tokens, title (as MkDocs takes it from a first `<h1>`) and anchor ids, as
    Python-Markdown would make them with MkDocs' processors, or None if the page is not one of headings
    only in the form this understands."""
    from markdown.extensions.toc import nest_toc_tokens, unique

    headings = []
    for line in markdown.split("\n"):
        if not line.strip():
            continue
        match = _HEADING.fullmatch(line) if "\t" not in line else None  # (Markdown expands tabs)
        if match is None:
            return None
        hashes, text, attr_list = match.groups()
        if not _TEXT.fullmatch(text) or text.endswith("\\") or text != text.strip():
            return None
        attrs: dict[str, str] = {}
        classes: list[str] = []
        if attr_list is not None:
            position = 0
            for attr in _ATTR.finditer(attr_list):
                if attr_list[position:attr.start()].strip() or (position and attr.start() == position):
                    return None
                position = attr.end()
                ident, cls, key, value = attr.groups()
                if cls is not None:
                    classes.append(cls)
                    continue
                name = "id" if ident is not None else key
                if name in attrs:
                    return None  # given twice
                attrs[name] = ident if ident is not None else value  # None: a name alone, written bare
            if attr_list[position:].strip() or not attr_list:
                return None
        if classes:
            if "class" in attrs:
                return None
            attrs["class"] = " ".join(classes)
        headings.append((len(hashes), _ESCAPE.sub(r"\1", text), attrs))
    if not headings:
        return None

    used = {attrs["id"] for _, _, attrs in headings if "id" in attrs}
    if settings.permalink is not False:  # the same for every heading but its href
        text = "&para;" if settings.permalink is True else settings.permalink
        link_title = f' title="{settings.permalink_title}"' if settings.permalink_title else ""
        link_start, link_end = f'<a class="{settings.permalink_class}" href="#', f'"{link_title}>{text}</a>'
    tokens = []
    out = []
    for level, inner, attrs in headings:
        name = " ".join(inner.split())
        if "id" not in attrs:
            attrs["id"] = unique(settings.slugify(html.unescape(name), settings.separator), used)
        ident = attrs["id"]
        tokens.append({"level": level, "id": ident, "name": name, "html": inner, "data-toc-label": ""})
        attributes = "".join(f" {k}" if v is None or (k == v and settings.html and k in _BOOLEAN) else f' {k}="{v}"'
                             for k, v in sorted(attrs.items()))
        permalink = f"{link_start}{ident}{link_end}" if settings.permalink is not False else ""
        out.append(f"<h{level}{attributes}>{inner}{permalink}</h{level}>")
    title = tokens[0]["name"] if headings[0][0] == 1 else None
    ids = [attrs["id"] for _, _, attrs in headings]
    links = {ident: f"#{ident}" for ident in ids} if settings.permalink is not False else {}
    return Converted("\n".join(out), nest_toc_tokens(tokens), title, set(ids), links)
