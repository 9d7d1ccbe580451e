"""Safe Markdown and HTML building blocks for the generated pages.

Three escaping contexts, never mixed up:

* `md(text)`: text placed in Markdown (paragraphs, headings, list items, table cells, link texts,
  and text between inline HTML tags, which Markdown still processes). Markdown punctuation is
  backslash-escaped so nothing becomes a link, image, emphasis, heading or attribute list, then
  `& < > " '` are HTML-escaped so no tag can be formed.
* `h(text)`: text placed inside a raw HTML block (an `<svg>` inside a `<figure>`), which Markdown
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
import posixpath
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
_ATTR_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
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
    paragraphs = (h(p) for p in re.split(r"\n\s*\n", str(text)))
    return "\n".join(f"<p>{p}</p>" for p in paragraphs if p)


def code(text: object) -> str:
    """A Markdown code span (Markdown escapes its HTML itself; backticks are replaced so it cannot end early)."""
    return "`" + one_line(text).replace("`", "'") + "`" if one_line(text) else ""


def h(text: object) -> str:
    """Text or attribute value inside raw HTML or SVG (not processed by Markdown)."""
    return _h(text if type(text) is str else str(text))


@functools.lru_cache(maxsize=131072)
def _h(text: str) -> str:
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
def metric_anchor(metric_id: str) -> str:
    return f"metric-{safe_id(metric_id)}"


# -- links --------------------------------------------------------------------------------

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
        return ("#" + anchor).translate(_ATTR_TABLE)
    src_dir, _ = _url_parts(from_page, directory_urls)
    dst_dir, dst_name = _url_parts(to_page, directory_urls)
    target = (_dir_prefix(src_dir, dst_dir) + dst_name) or "./"
    return (target + ("#" + anchor if anchor else "")).translate(_ATTR_TABLE)


def link(text: object, target: str) -> str:
    """A Markdown link with escaped text; `target` must come from `rel` (ids already checked)."""
    return f"[{md(text)}]({target})"


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
