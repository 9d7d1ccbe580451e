"""Escaping user text for output: one function per output context, used by every command.

Names, titles, ids, descriptions and file names come from the goals repository, and any of them can
hold a line break or a control character. Printed as they are, a newline in a person's name writes a
line that looks like a finding, or a GitHub workflow command (`::error`, `::stop-commands::`); an ANSI
escape repaints the terminal; a bidi override reorders what a reviewer reads. The model keeps the text
as written; it is escaped here, as it is printed, so that no user text can start a line of its own.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Control characters (C0, DEL, C1: newline, carriage return, tab, escape...), the Unicode line and
# paragraph separators, bidi controls (the "Trojan Source" set) and lone surrogates (a file name that
# is not UTF-8; printing one as it is would fail).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """One line of text for a terminal or a log: line breaks, tabs and other control characters as escapes
    (`\\n`, `\\x1b`, `\\u202e`), so the text stays on the line it was printed on and shows what it holds."""
    return _UNSAFE.sub(_shown, text)


def is_terminal_safe(text: str) -> bool:
    """Whether `terminal(text)` is `text` itself: nothing in it to escape (one scan of a long text, for a
    reporter that would otherwise escape it piece by piece)."""
    return _UNSAFE.search(text) is None


def github_data(text: str) -> str:
    """A workflow command's message (after the second `::`): escaped for the terminal, then `%` as GitHub
    decodes it; the runner never sees a line break inside, so user text cannot start a command."""
    return terminal(text).replace("%", "%25")


def github_property(text: str) -> str:
    """A workflow command's property value (`file=...`): as a message, and `:` and `,` too."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_LINE_BREAK = "%0A"  # a line break of our own inside an annotation (between message and hint)

# Every ASCII punctuation character CommonMark lets a backslash escape: escaped, none can start
# emphasis, a link, a heading, HTML, a code span or (`|`) a new table cell.
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def markdown_text(text: str) -> str:
    """User text as literal inline Markdown (a job summary, a pull-request comment, a chat message, a generated
    page) that stays on its line and in its table cell: every ASCII punctuation character backslash-escaped (no
    emphasis, link, image, heading, list, HTML, entity, code span or `|` cell break can start), control
    characters and line breaks as for the terminal, and a word joiner after `@`, so a name cannot mention (and
    notify) anyone. The one Markdown escape: report/markdown, sarif, diff, review, digest and owe use it."""
    return terminal(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text)).replace("\\@", "\\@&#8288;")


# json.dumps escapes the C0 controls itself; with ensure_ascii=False it leaves these as they are.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(payload: Any, **options: Any) -> str:
    """`payload` as JSON (non-ASCII text kept readable) in which no character breaks a line or steers a
    terminal: they appear as \\u escapes, which every JSON reader turns back into the same text."""
    text = json.dumps(payload, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
