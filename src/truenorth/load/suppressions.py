"""Inline suppressions: `# truenorth: ignore[TN201] reason` on a goal's first line (its `- id:` line).

YAML parsers drop comments, so the file's bytes are searched for them, and only when they hold the
word `truenorth:` at all (one substring test per file: the loader's per-file loop stays as fast).
Each code in the brackets (several may be written, separated by commas) becomes a Suppression on the
goal whose item starts on that line, with the rest of the comment as its reason and the goal item's
last line, so that the check can leave out that rule's findings inside the item (check.py). What a
suppression may name, and that it must give a reason, is rule TN210's (rules/invalid_suppression.py).

A suppression is part of the goal in the model, so the check's cache sees a comment-only edit that
adds or removes one (the rule view holds `goal.suppressions`, read by TN210 and by the check).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from truenorth.model import Suppression, make_location

if TYPE_CHECKING:
    from truenorth.load.build import Fragment
    from truenorth.load.yaml_nodes import Document

MARKER = b"truenorth:"
_COMMENT = re.compile(rb"#[ \t]*truenorth:[ \t]*ignore\[([^\]\r\n]*)\]([^\r\n]*)")
_CODES = re.compile(r"[,\s]+")


def attach_suppressions(fragment: Fragment, raw: bytes, doc: Document) -> None:
    """Add the suppressions written on its goals' first lines to the fragment's goals (in place)."""
    if MARKER not in raw or not fragment.goals:
        return
    by_line: dict[int, list[tuple[str, str, int]]] = {}
    for found in _COMMENT.finditer(raw):
        start = found.start()
        line_start = raw.rfind(b"\n", 0, start) + 1
        line = raw.count(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        reason = found.group(2).decode("utf-8", "replace").strip().lstrip(":-–— \t").strip()
        codes = [c for c in _CODES.split(found.group(1).decode("utf-8", "replace")) if c] or [""]
        by_line.setdefault(line, []).extend((code, reason, column) for code in codes)
    if not by_line:
        return
    from truenorth.load.build import _last_line

    items = doc.marks[2]["goals"][2][2]
    last_of = {marks[0]: _last_line(marks) for marks in items if marks[0] in by_line}
    for goal in fragment.goals:
        written = by_line.get(goal.location.line)
        if written:
            last = last_of.get(goal.location.line, goal.location.line)
            goal.suppressions = [Suppression(code, reason, make_location((goal.location.path, goal.location.line,
                                                                           column)), last)
                                 for code, reason, column in written]
