"""Safe YAML parsing that keeps every value's line and column.

PyYAML's composer (the C one when available) builds nodes that carry marks; we
walk them into plain Python values ourselves. That walk is where we refuse what a
goals file must never contain: duplicate keys, tags beyond the plain JSON-like
ones (``!!python/object`` and friends), and aliases to collections (the
"billion laughs" bomb expands only if someone follows the aliases; we don't).
"""

from __future__ import annotations

import datetime as _dt
import operator
import os
import re
from dataclasses import dataclass
from typing import Any

import yaml

from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

try:  # the C parser is several times faster; fall back to pure Python where it isn't built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

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
# First characters that can start a plain scalar YAML reads as something other than text
# (true/no/null/~, numbers, dates, .inf, <<, =); every other plain scalar is text.
_MAY_NOT_BE_TEXT = frozenset(key for key in _BaseLoader.yaml_implicit_resolvers if key)
_SHORTCUT = None not in _BaseLoader.yaml_implicit_resolvers  # no resolver that applies to any first character


_RESOLVED: dict[str, str] = {}  # plain scalar -> its tag, for short scalars that are not obviously text

# The optional accelerator (a C module over libyaml, built at install time when a compiler and
# libyaml's headers are there): ordinary files straight to values and marks. It hands back None for
# anything unusual, which then takes the regular path below. TRUENORTH_NO_ACCELERATOR=1 turns it off.
try:
    from truenorth.load import _fastyaml
except ImportError:  # not built: PyYAML alone, same results
    _fastyaml = None  # type: ignore[assignment]
if os.environ.get("TRUENORTH_NO_ACCELERATOR"):
    _fastyaml = None  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """PyYAML's safe loader with the same tag resolution, minus its per-node overhead.

    The composer calls `resolve` (and the path-resolver hooks) from Python for every node:
    on a large organisation that is millions of calls. Most plain scalars are titles and
    ids whose first character already proves they are text, so only the others go through
    PyYAML's regular expressions; the result is the same tag. No path resolvers are
    registered, so the hooks that maintain them have nothing to do.
    """

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0] and (not value or value[0] in _MAY_NOT_BE_TEXT or not _SHORTCUT):
                # Keys such as "owner" or "title", numbers and dates recur in every file: remember
                # short ones (the answer depends on the text alone, as no path resolvers exist).
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = Resolver.resolve(self, kind, value, implicit)
                    if len(value) <= 24 and len(_RESOLVED) < 50_000:
                        _RESOLVED[value] = tag
                return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    # The path-resolver hooks have nothing to do (none is registered), yet the composer calls them
    # twice per node. Built-in functions that take the same arguments and ignore the result
    # avoid creating a Python frame each time: about a tenth of the parsing time.
    descend_resolver = staticmethod(operator.is_)  # called as (parent node, index)
    ascend_resolver = staticmethod(tuple)  # called with no argument


_constructor = yaml.constructor.SafeConstructor()


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
        _refuse_deep_nesting(text)
    if _fastyaml is not None:
        composed = _fastyaml.compose(text, _plain_value, _PLAIN_VALUES, _FIRST_CHARS, not _SHORTCUT)
        if composed is not None:
            return Document(*composed)  # (data, marks)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error we know of is marked
        raise YamlProblem("TN001", f"invalid YAML: {exc}") from None
    if node is None:
        raise YamlProblem("TN003", "the file is empty", 1, 1, "Remove the file, or fill it in.")
    try:
        return Document(*_walk(node, set()))
    except RecursionError:  # hundreds of levels deep: say where
        _refuse_deep_nesting(text)
        raise YamlProblem("TN001", "lists or mappings are nested too deeply", 1, 1) from None


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


def _refuse_deep_nesting(text: str) -> None:
    """Raise a located TN001 if lists or mappings nest deeper than MAX_DEPTH.

    Measured on the parser's event stream, which libyaml produces without recursion.
    """
    loader = _BaseLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        "TN001", f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                        event.start_mark.line + 1, event.start_mark.column + 1,
                        "Goals files nest a few levels at most; check the brackets and indentation here.")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: composing reports it, with its place
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    # At the end of a file without a final line break, libyaml's mark is on a line after the last: an
    # editor has no such line, so the problem is placed just after the last character instead.
    line, column = min((line, column), editor_position(text))
    problem = (exc.problem or str(exc)).strip()
    context = (exc.context or "").strip()
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    hint = "Check the indentation and the punctuation (colons, quotes, brackets) on this line and the one above."
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as libyaml and editors count lines
    this_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "\\t" in problem or "\t" in this_line[: max(column, 1)]:
        message = "invalid YAML: a tab character is used for indentation"
        hint = "YAML indents with spaces only: replace the tab with spaces (most editors: convert indentation to spaces)."
    elif "expected a single document" in problem:
        message = "the file holds more than one YAML document (a second '---')"
        hint = "Keep one document per file: remove the extra '---' line or split the file."
    elif "found undefined alias" in problem:
        hint = "An alias (*name) must refer to an anchor (&name) written earlier in the file."
    elif "mapping values are not allowed" in problem:
        quoted = _quoted_value_hint(this_line)
        if quoted:
            hint = quoted
    return YamlProblem("TN001", message, line, column, hint)


# `key: value` on one line (maybe as a list item), the value not quoted and holding a colon-space
_UNQUOTED_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):[ \t]+([^\s\"'|>\[{&*!#][^#]*?:(?:\s.*?)?)\s*$")


def _quoted_value_hint(line: str) -> str:
    """The hint for a value with an unquoted ": " in it (`title: Empathy: listen first`): quote it."""
    match = _UNQUOTED_COLON.match(line)
    if match is None:
        return ""
    key, value = match.groups()
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return (f"The value of `{key}` holds a colon followed by a space, which YAML reads as the start of another "
            f"key: put the whole value in quotes, `{key}: \"{shorten(escaped, 60)}\"`.")


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(node: yaml.Node, seen: set[int]) -> tuple[Any, tuple]:
    """(plain value, marks) from `node` (see Document); refuses aliased collections, odd tags and duplicate keys.

    This runs once per node of every file, so it is written for speed: exact classes instead of
    isinstance, marks read once, the common case (text) first.
    """
    mark = node.start_mark
    line, column = mark.line + 1, mark.column + 1
    cls = node.__class__
    if cls is ScalarNode:
        tag = node.tag
        return (node.value if tag is _STR or tag == _STR else _scalar(node)), (line, column)
    if id(node) in seen:
        raise YamlProblem(
            "TN006",
            "aliases to lists or mappings (*name) are not supported",
            line,
            column,
            "Write the values out in full; goals files are read by people, so repetition is clearer than references.",
        )
    seen.add(id(node))
    if cls is SequenceNode:
        _check_tag(node, _SEQ)
        items = [_walk(item, seen) for item in node.value]
        return [value for value, _ in items], (line, column, [marks for _, marks in items])
    _check_tag(node, _MAP)
    result: dict[str, Any] = {}
    entries: dict[str, tuple] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            raise YamlProblem("TN001", "a key must be plain text, not a list or mapping", *_mark(key_node))
        key_tag = key_node.tag
        if key_tag is _STR or key_tag == _STR:
            key = key_node.value
        elif key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem("TN006", "merge keys (<<) are not supported", *_mark(key_node), "Write the keys out in full.")
        else:
            key = str(_scalar(key_node))
        if key in result:
            first_line, first_column = entries[key][:2]
            raise YamlProblem(
                "TN004",
                f"duplicate key {shorten(key)!r}: it is also set on line {first_line}, and YAML would silently keep only the last one",
                *_mark(key_node),
                "Remove one of the two, or merge them into one.",
            )
        result[key], value_marks = _walk(value_node, seen)
        entries[key] = (*_mark(key_node), value_marks)
    return result, (line, column, entries)


def _check_tag(node: yaml.Node, expected: str) -> None:
    if node.tag != expected:
        _bad_tag(node)


def _bad_tag(node: yaml.Node) -> None:
    line, column = _mark(node)
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise YamlProblem(
        "TN005",
        f"the tag {shorten(tag)!r} is not allowed: goals files hold plain text, numbers, lists and mappings",
        line,
        column,
        "Remove the tag (the part starting with '!'); quote the value if it is meant as text.",
    )


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag not in _SCALAR_TAGS:
        _bad_tag(node)
    try:
        if tag == _INT and node.value.isdigit() and (node.value[0] != "0" or node.value == "0"):
            return int(node.value)  # plain decimal; YAML 1.1 reads a leading 0 as octal, left to PyYAML
        # The tag's own constructor, not construct_object: that one remembers every node it has seen.
        value = _constructor.yaml_constructors[tag](_constructor, node)
    except (ValueError, OverflowError) as exc:  # 2027-02-30, or a number thousands of digits long
        line, column = _mark(node)
        what = {_TIMESTAMP: "a date", _INT: "a whole number"}.get(tag, "a number")
        raise YamlProblem(
            "TN001", f"{shorten(node.value)!r} reads as {what}, but it is not a valid one ({shorten(exc, 80)})",
            line, column, "Correct it, or put it in quotes if it is meant as text.") from None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


_FIRST_CHARS = "".join(sorted(_MAY_NOT_BE_TEXT))
_PLAIN_VALUES: dict[str, Any] = {}  # short plain scalar -> its value (all immutable); the accelerator reads it too


class _NotPlain(Exception):
    """A plain scalar a goals file may not hold (`<<`, `=`): the regular path says why, with its place."""


def _plain_value(text: str) -> Any:
    """The value of a plain scalar, for the accelerator: resolved and built as the regular path does."""
    value = _PLAIN_VALUES.get(text, _PLAIN_VALUES)
    if value is not _PLAIN_VALUES:
        return value
    tag = _RESOLVED.get(text) or Resolver.resolve(_BaseLoader, ScalarNode, text, (True, False))
    if tag == _STR:
        value = text
    elif tag in _SCALAR_TAGS:
        value = _scalar(ScalarNode(tag, text))
    else:
        raise _NotPlain(text)
    if len(text) <= 24 and len(_PLAIN_VALUES) < 50_000:
        _PLAIN_VALUES[text] = value
    return value


def shorten(text: str, limit: int = 60) -> str:
    """A value cut to a readable length for messages (a 1 MB title must not flood a terminal)."""
    text = str(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
