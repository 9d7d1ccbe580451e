"""Safe YAML parsing that keeps every value's line and column.

PyYAML's composer (the C one when available) builds nodes that carry marks; we
walk them into plain Python values ourselves. That walk is where we refuse what a
goals file must never contain: duplicate keys, tags beyond the plain JSON-like
ones (``!!python/object`` and friends), and aliases to collections (the
"billion laughs" bomb expands only if someone follows the aliases; we don't).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from typing import Any

Path_ = tuple  # a path into the document: ("goals", 3, "supports", 0)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}
# The optional accelerator (a C module over libyaml, built at install time when a compiler and
# libyaml's headers are there): ordinary files straight to values and marks. It hands back None for
# anything unusual, which then takes the regular path below. TRUENORTH_NO_ACCELERATOR=1 turns it off.
try:
    from truenorth.load import _fastyaml
except ImportError:  # not built: PyYAML alone, same results
    _fastyaml = None  # type: ignore[assignment]
if os.environ.get("TRUENORTH_NO_ACCELERATOR"):
    _fastyaml = None  # type: ignore[assignment]


class YamlProblem(Exception):
    """A file that cannot be read as a goals document. Carries a 1-based line and column."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1, hint: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass(slots=True)
class Document:
    """A parsed file: plain data, plus where each value (and each mapping key) was written.

    `marks` mirrors `data`, one entry per value:
    - a scalar: (line, column);
    - a list: (line, column, [the marks of its items]);
    - a mapping: (line, column, {key: (key line, key column, the marks of its value)}).
    Lines and columns are 1-based. A tree rather than a table keyed by paths: it is cheaper to
    build (no path per value), and a lookup follows the path from the root.
    """

    data: Any
    marks: tuple = (1, 1)

    def mark(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The line and column of `path`, or of its nearest written ancestor.

        With `key`, where the key of the value (or of its nearest ancestor) is written, for values
        that sit in a mapping; list items have no key, so their own place is given.
        """
        node, found, found_key = self.marks, self.marks[:2], None
        for part in path:
            children = node[2] if len(node) == 3 else None
            if children.__class__ is dict:
                entry = children.get(part) if part.__class__ is str else None
                if entry is None:
                    break
                found_key, node = entry[:2], entry[2]
            elif children is not None and part.__class__ is int and 0 <= part < len(children):
                found_key, node = None, children[part]
            else:
                break
            found = node[:2]
        return (found_key or found) if key else found


_BOMS = ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
         (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def accelerated() -> bool:
    """Whether the optional C accelerator (_fastyaml) is in use in this process."""
    return _fastyaml is not None


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, or a located problem pointing at the first byte that is not UTF-8.

    A leading byte order mark is dropped. The problem gives the byte's offset in the file (from 0,
    the mark's bytes counted, as a hex viewer shows it) and its line and column as an editor shows
    them: characters from the start of the line, the mark not counted.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # utf-8-sig counts from after the mark
        offset = bom + exc.start
        line, column = editor_position(raw[bom:offset].decode("utf-8"))
        encoding = next((name for mark, name in _BOMS if raw.startswith(mark)), "UTF-8")
        hint = ("Save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8)." if encoding == "UTF-8" else
                f"The file starts with a {encoding} byte order mark: save it as UTF-8 instead "
                "(in most editors: File > Save with encoding > UTF-8).")
        raise YamlProblem(
            "TN002",
            f"the file is not UTF-8 text: byte 0x{raw[offset]:02x} (at byte offset {offset}) cannot be decoded",
            line,
            column,
            hint,
        ) from None


def editor_position(before: str) -> tuple[int, int]:
    """The 1-based line and column just after `before`, counted as editors count them: a line ends at
    a line feed, a carriage return, or both together; a column is a character."""
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, len(before) - start + 1


# Characters YAML 1.1 (and so PyYAML and libyaml) reads as line breaks, but editors, terminals and
# code review show inside a line: text after one in a comment would be read as a key that no
# reviewer sees (a `visibility: private` hidden behind `# note`), and every line number after one
# would drift from the editor's. A goals file may not hold them at all.
_HIDDEN_BREAKS = {"\x85": "U+0085 (NEXT LINE)", "\u2028": "U+2028 (LINE SEPARATOR)",
                  "\u2029": "U+2029 (PARAGRAPH SEPARATOR)"}


def _refuse_hidden_breaks(text: str) -> None:
    at = min(i for i in map(text.find, _HIDDEN_BREAKS) if i >= 0)
    line, column = editor_position(text[:at])
    raise YamlProblem(
        "TN001",
        f"the file holds the character {_HIDDEN_BREAKS[text[at]]}, which YAML reads as a line break "
        "although editors and code review show no line break there",
        line, column,
        "Remove the character, or replace it with a space or an ordinary line break "
        "(it usually comes with text pasted from a web page or a word processor).")


def parse(text: str) -> Document:
    """Parse one YAML document into plain values with marks, refusing anything unsafe."""
    if _CONTENT_LINE.search(text) is None:
        raise YamlProblem("TN003", "the file is empty", 1, 1, "Remove the file, or fill it in (see the schema named on its first line).")
    if "\x85" in text or "\u2028" in text or "\u2029" in text:  # three scans at memory speed, before either parser
        _refuse_hidden_breaks(text)
    if len(text) >= COMPOSER_SAFE_DEPTH and sum(map(text.count, "[{-:?")) >= COMPOSER_SAFE_DEPTH:
        from truenorth.load.yaml_regular import refuse_deep_nesting

        refuse_deep_nesting(text)
    if _fastyaml is not None:
        composed = _fastyaml.compose(text, _plain_value, _PLAIN_VALUES, _FIRST_CHARS, not _SHORTCUT)
        if composed is not None:
            return Document(*composed)  # (data, marks)
    from truenorth.load.yaml_regular import compose  # PyYAML: imported on first need

    return Document(*compose(text))


# A line (as str.splitlines cuts them) with something on it other than a comment: after the start or a
# line break, any spaces that are not line breaks, then a character that is neither a space nor "#".
# The search stops at the first such line, usually the second of the file.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTENT_LINE = re.compile(rf"(?:\A|[{_LINE_BREAKS}])[^\S{_LINE_BREAKS}]*[^\s#]")

MAX_DEPTH = 100  # goals files nest six levels at most
# PyYAML's C composer recurses once per level and crashes the interpreter (a segmentation fault)
# near 30,000 levels. Every level of nesting needs its own indicator character ("[", "{", "-",
# ":" or "?"), so a file with fewer of them than this cannot get near: that is every ordinary
# goals file, checked with a few `str.count` calls. Others are measured before composing.
COMPOSER_SAFE_DEPTH = 5000


# The first characters of a plain scalar that YAML 1.1 may read as something other than text (true/no/null/~,
# numbers, dates, .inf, <<, =, and !, & and * that PyYAML lists too): every other plain scalar is text. As
# PyYAML's resolvers say (tests/load/test_yaml_accelerator.py compares), written out so that reading an
# ordinary file needs no PyYAML at all.
_FIRST_CHARS = "!&*+-.0123456789<=FNOTYfnoty~"
_SHORTCUT = True  # no resolver that applies whatever the first character (PyYAML has none)
_PLAIN_VALUES: dict[str, Any] = {}  # short plain scalar -> its value (all immutable); the accelerator reads it too


class _NotPlain(Exception):
    """A plain scalar a goals file may not hold (`<<`, `=`): the regular path says why, with its place."""


# The plain scalars of goals files read as YAML 1.1 reads them (PyYAML's resolvers and constructors:
# tests/load/test_yaml_accelerator.py compares them on many thousands), without PyYAML: text, the words for
# yes, no and nothing, whole and decimal numbers and dates in their simplest spellings. Any other spelling
# of a number or a date (0x1f, 1_000, +5, .5, 1e3, 12:30, a date and time) is PyYAML's to read.
_WORDS = {**dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
          **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
          **dict.fromkeys(("~", "null", "Null", "NULL"), None)}
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NUMBER_STARTS = frozenset("+-.0123456789")  # of the first characters: those a number or a date starts with
# Every character YAML 1.1's numbers and dates are written with (0b, 0x, 1e3, .inf, .nan, 12:30, a time, a
# zone): a plain scalar with any other, whatever its first character, is text.
_IN_NUMBERS = frozenset("0123456789+-._: \tabcdefABCDEFxXeEinfINFTtZ")
# The plain scalars a goals file may not hold (an anchor, alias or tag on its own, a merge key, `=`): PyYAML's
# path says why, with their place. With the words above, the only plain scalars other than text that start
# with a letter or one of ~ ! & * < = (the other first characters YAML asks about).
_NOT_PLAIN = frozenset(("!", "&", "*", "<<", "="))


def _plain_value(text: str) -> Any:
    """The value of a plain scalar, for the accelerator: resolved and built as the regular path does."""
    value = _PLAIN_VALUES.get(text, _PLAIN_VALUES)
    if value is not _PLAIN_VALUES:
        return value
    value = _WORDS.get(text, _PLAIN_VALUES)
    if value is not _PLAIN_VALUES or not text:
        pass  # ("": PyYAML's nothing)
    elif text[0] not in _NUMBER_STARTS:
        if text not in _NOT_PLAIN:
            value = text
    elif _WHOLE.fullmatch(text):
        value = int(text)
    elif _DECIMAL.fullmatch(text):
        value = float(text)
    elif not _IN_NUMBERS.issuperset(text):
        value = text  # 2027-H1, 3rd line
    else:
        date = _DATE.fullmatch(text)
        try:
            value = _dt.date(*map(int, date.groups())).isoformat() if date else _PLAIN_VALUES
        except ValueError:  # 2027-02-30: PyYAML's path says what is wrong, with its place
            pass
    if value is _PLAIN_VALUES:
        from truenorth.load.yaml_regular import plain_value

        value = plain_value(text)
    if len(text) <= 24 and len(_PLAIN_VALUES) < 50_000:
        _PLAIN_VALUES[text] = value
    return value


def shorten(text: str, limit: int = 60) -> str:
    """A value cut to a readable length for messages (a 1 MB title must not flood a terminal)."""
    text = str(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
