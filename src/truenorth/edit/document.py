"""One YAML file, parsed with ruamel.yaml's round-trip mode so that it can be changed and written back
as a person wrote it: comments, key order, quoting, flow and folded styles, dates, blank lines and
the `# yaml-language-server: $schema=...` modeline survive, and only the lines an edit touches change.

The indentation of a file is read from the file itself (the sample's style is 2-space mappings and
`  - ` under a key); long lines are never re-wrapped; the line ending (LF or CRLF), a UTF-8 byte
order mark and a missing final newline are kept.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from truenorth.edit.errors import NotEditable

__all__ = ["CommentedMap", "CommentedSeq", "YamlDocument", "flow_list", "new_map"]

_BOM = "\ufeff"
_KEY_ONLY = re.compile(r"^( *)[^\s#\-][^#]*:\s*(#.*)?$")  # `key:` with its value on the next lines
_DASH = re.compile(r"^( *)- ")
_KEY = re.compile(r"^( *)[^\s#\-]")


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel.yaml's YAML.indent takes them, read from the file's block
    structure: the first `key:` followed by a deeper key gives the mapping indent, the first followed
    by `- ` gives the dash's offset. Defaults: the sample's style, (2, 4, 2)."""
    mapping = offset = None
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    for here, after in zip(lines, lines[1:]):
        key = _KEY_ONLY.match(here)
        if key is None:
            continue
        depth = len(key.group(1))
        dash = _DASH.match(after)
        if dash is not None and offset is None and len(dash.group(1)) >= depth:
            offset = len(dash.group(1)) - depth
        elif dash is None and mapping is None:
            deeper = _KEY.match(after)
            if deeper is not None and len(deeper.group(1)) > depth:
                mapping = len(deeper.group(1)) - depth
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return mapping, max(offset + 2, mapping), offset


def _yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never re-wrap a long line
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def new_map(*pairs: tuple[str, object], **items: object) -> CommentedMap:
    """A mapping for new content, its keys in the order given (pairs first, then keywords)."""
    result = CommentedMap()
    for key, value in (*pairs, *items.items()):
        result[key] = value
    return result


def flow_list(values) -> CommentedSeq:
    """A list written on one line, `[a, b]`, the way the sample writes `supports` and `plays`."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


class YamlDocument:
    """A goals file open for editing.

    `path` is as the check shows it (relative to the repository root, '/'-separated: "goals/corporate.yaml"),
    `file` the file on disk, `original` the bytes read (None for a new file), `data` the parsed content
    (ruamel.yaml's CommentedMap / CommentedSeq: change it in place like dicts and lists).
    `render()` gives the bytes as they would be written; `changed` says whether they differ from what
    an unchanged document renders (so that a file only looked at is never rewritten).
    """

    def __init__(self, path: str, file: Path, text: str, original: bytes | None) -> None:
        self.path, self.file, self.original = path, file, original
        self._bom = text.startswith(_BOM)
        if self._bom:
            text = text[1:]
        self._crlf = "\r\n" in text
        if self._crlf:
            text = text.replace("\r\n", "\n")
        self._final_newline = text.endswith("\n") or not text
        self._yaml = _yaml(_indentation(text))
        try:
            self.data = self._yaml.load(text)
        except (MarkedYAMLError, YAMLError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else path
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise NotEditable(f"{where}: cannot edit the file: it is not valid YAML ({problem}); "
                              "`truenorth check` says more") from None
        if self.data is None:
            self.data = CommentedMap()
        if not isinstance(self.data, CommentedMap):
            raise NotEditable(f"{path}:1:1: cannot edit the file: it does not hold a mapping of keys")
        self._baseline = self.dump() if original is not None else None

    @classmethod
    def read(cls, path: str, file: Path) -> "YamlDocument":
        """The document at `file` (shown as `path`); NotEditable when it cannot be read or parsed."""
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise NotEditable(f"{path}: cannot read the file: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotEditable(f"{path}: cannot edit the file: it is not UTF-8 (byte {exc.start})") from None
        return cls(path, file, text, raw)

    @classmethod
    def new(cls, path: str, file: Path, data: CommentedMap, header: str = "") -> "YamlDocument":
        """A document for a file that does not exist yet: `header` (comment text, one line per line,
        without the `#`: written as comments at the top) then `data`."""
        document = cls(path, file, "", None)
        document.data = data
        if header:
            data.yaml_set_start_comment(header)
        return document

    def dump(self) -> str:
        """The text the dumper makes of the data now (render() gives the very bytes read while unchanged)."""
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    def render(self) -> bytes:
        """The bytes this document would be written as."""
        text = self.dump()
        if text == self._baseline and self.original is not None:
            return self.original  # unchanged: exactly the bytes read, whatever the dumper would make of them
        if not self._final_newline and text.endswith("\n"):
            text = text[:-1]
        if self._crlf:
            text = text.replace("\n", "\r\n")
        return ((_BOM if self._bom else "") + text).encode("utf-8")

    @property
    def changed(self) -> bool:
        return self.original is None or self.dump() != self._baseline

    # -- goals ---------------------------------------------------------------------------------
    def goals(self, create: bool = False) -> CommentedSeq | None:
        """The file's `goals` list (made, at the end, when `create` and there is none)."""
        goals = self.data.get("goals")
        if goals is None and create:
            goals = self.data["goals"] = CommentedSeq()
        return goals if isinstance(goals, list) else None

    def goal(self, goal_id: str) -> CommentedMap | None:
        """The goal item with this id in this file, or None."""
        for item in self.goals() or ():
            if isinstance(item, dict) and item.get("id") == goal_id:
                return item
        return None

    def append_goal(self, goal: CommentedMap) -> None:
        """Add a goal at the end of the file's goals, after a blank line when the goals already there are
        separated by blank lines."""
        goals = self.goals(create=True)
        spaced = len(goals) >= 2 and _blank_line_before(self._baseline or "", goals)
        goals.append(goal)
        if spaced:
            goals.yaml_set_comment_before_after_key(len(goals) - 1, before="\n")


def _blank_line_before(text: str, goals: CommentedSeq) -> bool:
    """Whether the second goal item is preceded by a blank line in the file as read."""
    try:
        line = goals.lc.item(1)[0]  # 0-based line of the second item
    except (AttributeError, KeyError, TypeError, IndexError):
        return False
    lines = text.split("\n")
    return 0 < line < len(lines) and not lines[line - 1].strip()
