"""Raw HTML kept out of Python-Markdown and the search plugin on the generated pages (public API only).

The generated pages hold their structured parts (status lines, progress bars, lines of sight, key
results, long lists, diagrams) as raw HTML, which Markdown passes through unchanged. Passing it
through still costs: Python-Markdown runs an HTML parser over every tag of it, and the search
plugin parses the rendered page again. So the plugin sets that HTML aside before Markdown runs
(`on_page_markdown`), leaving an HTML comment in its place, and puts it back once the search plugin
has indexed the page (`on_page_context` at priority -100): the HTML a reader gets is the same,
Markdown and search only see the prose and headings. Measured (architecture review 2026-12, §2.3):
a build of 2,000 people takes 9.4 s with it, 29.7 s without.

fold_into_headings / unfold (when attr_list is on) and stash_excluded_sections take the same idea
one step further: the HTML after a heading, and the sections search leaves out, are set aside too.
"""

from __future__ import annotations

import marshal
import re
import zlib

# a block-level raw HTML paragraph, unless marked for search (site.widgets.SEARCHABLE)
_STASH_BLOCK = re.compile(r"<(?:p|div|ul|ol|table|figure|h[1-6])(?![^>\n]*\btn-searchable\b)[\s>]")
_HEADING_ID = re.compile(r'<h[1-6]\s[^>\n]*?\bid="([^"<>\n]*)"')
# inline pictures and status badges inside a Markdown line (never first on a line: there a comment would
# start a block of its own)
_STASH_INLINE = re.compile(r'(?<=[^\n])(?:<svg\b[^\n]*?</svg>|<span class="tn-status[^"<>]*">[^<\n]*</span>)')
_STASHED = re.compile(r"<!--tn-stash:(\d+)-->")


def stash_html(markdown: str, anchors: list[str] | None = None) -> tuple[str, list[str]]:
    """(markdown with its raw HTML replaced by `<!--tn-stash:N-->` comments, the HTML set aside).

    For generated pages only (their text is escaped: no `<` of their own can start a tag). A block is
    set aside when a paragraph (text between blank lines) starts at the margin with a block-level tag;
    Markdown would output it verbatim, as it does the comment that stands in for it. Inline, SVG
    pictures and status badges are set aside. `anchors`, when given, gets the id of each heading set
    aside (a block that starts with one): MkDocs no longer sees them, to check links to them.
    """
    stash: list[str] = []

    def keep(html: str) -> str:
        stash.append(html)
        return f"<!--tn-stash:{len(stash) - 1}-->"

    out: list[str] = []
    run: list[str] = []  # consecutive blocks become one comment (as Markdown would, a blank line between them)
    for chunk in markdown.split("\n\n"):
        body = chunk.strip("\n")
        if not body and run:
            continue
        if _STASH_BLOCK.match(body):
            run.append(body)
            if anchors is not None and body[1] == "h":
                found = _HEADING_ID.match(body)
                if found:
                    anchors.append(found.group(1))
            continue
        if run:
            out.append(keep("\n\n".join(run)))
            run = []
        out.append(_STASH_INLINE.sub(lambda m: keep(m.group(0)), chunk) if "<" in chunk else chunk)
    if run:
        out.append(keep("\n\n".join(run)))
    return "\n\n".join(out), stash




def _marked_heading(line: str, mark: str) -> str | None:
    """An ATX heading line with `mark` added to its attribute list (made if it has none); None for a
    line that is not one heading. Generated text escapes its own braces, so a final "{...}" with no
    backslash, brace or newline inside is the attribute list."""
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6 or line[hashes:hashes + 1] not in (" ", "\t") or "\n" in line:
        return None
    line = line.rstrip(" \t")
    if line.endswith("}"):
        start = line.rfind("{")
        attrs = line[start + 1:-1]
        if start > hashes and line[start - 1] != "\\" and "}" not in attrs and "\\" not in attrs:
            return f"{line[:start + 1]}{attrs.rstrip()} {mark} }}"
    return f"{line} {{ {mark} }}"


_FOLDABLE = re.compile(r'<!--tn-stash:\d+-->|<p class="[^"<>]*\btn-searchable\b')
_FOLDED = re.compile(r' data-tn-fold="(\d+)"')


def fold_into_headings(markdown: str) -> tuple[str, list[str]]:
    """(markdown with the raw HTML that follows a heading taken out, that HTML): the heading is marked
    `data-tn-fold="N"` and `unfold` puts its HTML back after it, exactly as Markdown would have passed
    it through. For stash_html's output: only a heading followed by nothing but stash comments and
    searchable blocks, up to the next heading or the end, is folded. Each raw HTML block costs Python-
    Markdown an HTML parser run and a placeholder; a heading with one more attribute costs nothing."""
    chunks = markdown.split("\n\n")
    folds: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(chunks):
        chunk = chunks[i]
        mark = f'data-tn-fold="{len(folds)}"'
        heading = _marked_heading(chunk.strip("\n"), mark) if chunk.lstrip("\n").startswith("#") else None
        j = i + 1
        blocks = []
        while heading is not None and j < len(chunks):
            body = chunks[j].strip("\n")
            if body.startswith("#"):
                break
            if body and not _FOLDABLE.match(body):
                blocks = []  # prose before the next heading: leave this section as it is
                break
            if body:
                blocks.append(body)
            j += 1
        if not blocks or (j < len(chunks) and not chunks[j].strip("\n").startswith("#")):
            out.append(chunk)
            i += 1
            continue
        folds.append("\n\n".join(blocks))
        out.append(heading)
        i = j
    return "\n\n".join(out), folds


def unfold(html: str, folds: list[str]) -> str:
    """The rendered page with the HTML taken out by fold_into_headings back after its heading."""
    if not folds:
        return html
    out = []
    last = 0
    for match in _FOLDED.finditer(html):
        close = html.find("</h", match.end())
        end = html.find(">", close) + 1
        if close < 0 or end <= 0:
            return html  # not a page this fold made (cannot happen for generated pages)
        out.append(html[last:match.start()])
        out.append(html[match.end():end])
        rest_starts = html.startswith("\n", end)
        out.append("\n" + folds[int(match.group(1))] + ("\n\n" if rest_starts else ""))
        last = end + (1 if rest_starts else 0)
    out.append(html[last:])
    return "".join(out)


_HEADING_START = re.compile(r"<h[1-6][\s>]")
_EXCLUDED_HEADING = re.compile(r"<h[1-6]\s[^>]*(?<=\s)data-search-exclude[\s>=/]")  # the attribute, not text


def stash_excluded_sections(html: str, stash: list[str]) -> str:
    """The rendered page with each section that search leaves out set aside (appended to stash) too.

    For generated pages. Material's search drops a section whose heading is marked
    data-search-exclude, with all it holds up to the next heading; its parser still reads every
    tag of it. Setting those sections aside (from such a heading to the next heading) leaves the
    index as it was and spares the parser most of a person's page.
    """
    if "data-search-exclude" not in html:
        return html
    starts = [m.start() for m in _HEADING_START.finditer(html)] + [len(html)]
    out = [html[:starts[0]]]
    for start, end in zip(starts, starts[1:]):
        section = html[start:end]
        if _EXCLUDED_HEADING.match(section):
            stash.append(section)
            out.append(f"<!--tn-stash:{len(stash) - 1}-->")
        else:
            out.append(section)
    return "".join(out)


def unstash_html(html: str, stash: list[str]) -> str:
    """The rendered page with the HTML set aside by stash_html put back."""
    if not stash:
        return html

    def put_back(match: re.Match) -> str:
        piece = stash[int(match.group(1))]  # a section set aside holds comments for HTML set aside before it
        return _STASHED.sub(put_back, piece) if "<!--tn-stash:" in piece else piece

    return _STASHED.sub(put_back, html)


def pack(stash: list[str]) -> bytes:
    """A page's stash as it waits for its template: MkDocs converts every page before it renders any, so
    the build holds every page's raw HTML at once (gigabytes at 100,000 people); compressed it is about
    a tenth of that, for about 1 ms a page of 300 KB."""
    return zlib.compress(marshal.dumps(stash), 1)


def unpack(packed: bytes | list[str]) -> list[str]:
    """The stash that pack() packed (a list is returned as it is)."""
    return packed if isinstance(packed, list) else marshal.loads(zlib.decompress(packed))
