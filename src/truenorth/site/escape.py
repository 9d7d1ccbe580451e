"""Escaping for the generated pages: every string from YAML goes through one of these (URLs: site/links.py).

Three escaping contexts, never mixed up:

* `md(text)`: text placed in Markdown (paragraphs, headings, list items, table cells, link texts,
  and text between inline HTML tags, which Markdown still processes). Markdown punctuation is
  backslash-escaped so nothing becomes a link, image, emphasis, heading or attribute list, then
  `& < > " '` are HTML-escaped so no tag can be formed.
* `html_text(text)`: text placed inside a raw HTML block (an `<svg>` inside a `<figure>`), which Markdown
  leaves alone: HTML escaping only.
* `title_text(text)`: plain text for a page's front matter `title`, which themes print unescaped
  (and Material's `striptags` would even unescape entities): characters that could form markup
  are replaced by look-alikes.

Every string that comes from YAML goes through one of them. Ids are checked with `safe_id`
before they are used in a path or an anchor.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_RESERVED_NAMES = {"index"}  # would clash with the index page of the folder
# Characters Python-Markdown (with the tables extension) lets a backslash escape and that could start
# markup anywhere in a line get a backslash; `& < > " '` become HTML character references (one
# translation table does both). `- + .` only matter at the start of a line (lists), so only there.
_MD_TABLE = str.maketrans({
    **{c: "\\" + c for c in "\\`*_{}[]()#!|"},
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
})
ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
# In raw HTML, Markdown punctuation also becomes character references (they read the same), so no
# Markdown processor (md_in_html, another site builder) can turn the text into a link, image or emphasis.
_HTML_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                             **{c: f"&#{ord(c)};" for c in "[]()!*_`\\{}|~#"}})
_MD_LEADING = re.compile(r"^(\d*)([-+.])")
# Line starts other extensions may read as syntax (~~~ fences, ??? details, : definitions, = setext):
# no backslash escape exists for them, so they become character references.
_MD_LEADING_ENTITY = {"~": "&#126;", "?": "&#63;", ":": "&#58;", "=": "&#61;"}
# Characters YAML (and so a front matter block) refuses, plus other control characters.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x7f-\x9f]")
_TITLE_SWAP = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "ʻ", "\\": "∖"})


def one_line(text: object) -> str:
    """Whitespace (newlines included) collapsed to single spaces, ends trimmed, control characters dropped."""
    text = str(text)
    if not (text.isascii() and text.isprintable()):
        text = _NON_PRINTABLE.sub("", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=131072)
def _md(text: str) -> str:
    """Inline Markdown text that renders exactly as `text` and can form no markup, link or image."""
    escaped = one_line(text).translate(_MD_TABLE)
    first = escaped[:1]
    if first in _MD_LEADING_ENTITY:
        escaped = _MD_LEADING_ENTITY[first] + escaped[1:]
    elif first and (first in "-+." or first.isdigit()):
        escaped = _MD_LEADING.sub(r"\1\\\2", escaped)
    return escaped


def md(text: object) -> str:
    """Inline Markdown text that renders exactly as `text` and can form no markup, link or image."""
    return _md(text if type(text) is str else str(text))


def md_paragraphs(text: object) -> str:
    """Multi-paragraph text (blank lines separate paragraphs), each paragraph escaped with `md`."""
    text = str(text)
    if "\n" not in text:
        return md(text)
    paragraphs = [md(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def html_paragraphs(text: object) -> str:
    """Multi-paragraph text as raw HTML `<p>` elements, one per line (no blank line: one HTML block)."""
    paragraphs = (html_text(p) for p in re.split(r"\n\s*\n", str(text)))
    return "\n".join(f"<p>{p}</p>" for p in paragraphs if p)


def code(text: object) -> str:
    """A Markdown code span (Markdown escapes its HTML itself; backticks are replaced so it cannot end early)."""
    return "`" + one_line(text).replace("`", "'") + "`" if one_line(text) else ""


def html_text(text: object) -> str:
    """Text or attribute value inside raw HTML or SVG (not processed by Markdown)."""
    return _html_text(text if type(text) is str else str(text))


@functools.lru_cache(maxsize=131072)
def _html_text(text: str) -> str:
    return one_line(text).translate(_HTML_TABLE)


def title_text(text: object, limit: int = 200) -> str:
    """Plain text safe to print unescaped in a theme's <title>, header and nav."""
    value = one_line(text).translate(_TITLE_SWAP)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def front_matter(title: object, **extra: object) -> str:
    """A YAML front matter block; values are JSON strings (valid YAML) of `title_text`."""
    lines = ["---", f"title: {json.dumps(title_text(title), ensure_ascii=False)}"]
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


@functools.lru_cache(maxsize=None)
def safe_id(value: str) -> str:
    """`value` when it is a valid id, else a stable slug that is not a valid id (so never collides)."""
    if ID_RE.fullmatch(value):
        return value
    digest = hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"x_{digest}"


@functools.lru_cache(maxsize=None)
def file_stem(value: str) -> str:
    """A file name (without .md) for an id: never a path, never a folder's index page."""
    stem = safe_id(value)
    if stem in _RESERVED_NAMES:
        stem += "_"
    assert "/" not in stem and "\\" not in stem and not stem.startswith(".")
    return stem


@functools.lru_cache(maxsize=None)
def goal_anchor(goal_id: str) -> str:
    return f"goal-{safe_id(goal_id)}"


@functools.lru_cache(maxsize=None)
def person_anchor(person_id: str) -> str:
    """The anchor of a person's section in their department's page (people_pages: team)."""
    return f"person-{safe_id(person_id)}"


@functools.lru_cache(maxsize=None)
def metric_anchor(metric_id: str) -> str:
    return f"metric-{safe_id(metric_id)}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def pct(value: float | None) -> str:
    return "&#8212;" if value is None else f"{round(value * 100)}%"  # an em dash, in Markdown and HTML alike


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"
