"""PyYAML's side of the parser (truenorth.load.yaml_nodes): its composer and the walk of its nodes into
plain values with marks, for a file the accelerator hands back or where the accelerator is not built; the
plain scalars the accelerator asks about that are not written in the simplest way (yaml_nodes.plain_value);
and the located syntax errors.

Imported on first need: importing PyYAML costs about 10 ms (most of it compiling one regular expression),
a twentieth of a check that parses the one file edited since the last.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

from truenorth.load.yaml_nodes import (MAX_DEPTH, YamlProblem, _NotPlain, _INT, _MAP, _SCALAR_TAGS, _SEQ, _STR,
                                       _TIMESTAMP, editor_position, shorten)

try:  # the C parser is several times faster; fall back to pure Python where it isn't built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# First characters that can start a plain scalar YAML reads as something other than text
# (true/no/null/~, numbers, dates, .inf, <<, =); every other plain scalar is text.
MAY_NOT_BE_TEXT = frozenset(key for key in _BaseLoader.yaml_implicit_resolvers if key)
SHORTCUT = None not in _BaseLoader.yaml_implicit_resolvers  # no resolver that applies to any first character


_RESOLVED: dict[str, str] = {}  # plain scalar -> its tag, for short scalars that are not obviously text


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
            if implicit[0] and (not value or value[0] in MAY_NOT_BE_TEXT or not SHORTCUT):
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



def compose(text: str) -> tuple[Any, tuple]:
    """(data, marks) of a document (yaml_nodes.Document's fields), by PyYAML's composer; YamlProblem for
    what a goals file may not be or hold."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error we know of is marked
        raise YamlProblem("TN001", f"invalid YAML: {exc}") from None
    if node is None:
        raise YamlProblem("TN003", "the file is empty", 1, 1, "Remove the file, or fill it in.")
    try:
        return _walk(node, set())
    except RecursionError:  # hundreds of levels deep: say where
        refuse_deep_nesting(text)
        raise YamlProblem("TN001", "lists or mappings are nested too deeply", 1, 1) from None


def plain_value(text: str) -> Any:
    """The value of a plain scalar, resolved and built as the composer's path does (_NotPlain for `<<`, `=`)."""
    tag = _RESOLVED.get(text) or Resolver.resolve(_BaseLoader, ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    if tag in _SCALAR_TAGS:
        return _scalar(ScalarNode(tag, text))
    raise _NotPlain(text)


def refuse_deep_nesting(text: str) -> None:
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


