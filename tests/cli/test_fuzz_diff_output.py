"""`truenorth diff` output cannot be forged: hostile titles, owners, ids, metrics and messages stay inside their
line (text), their table cell (markdown, where they can neither open HTML nor mention anyone) and their
JSON string (which reads back as written)."""

from __future__ import annotations

import json
import re
from collections import Counter

from hypothesis import given, strategies as st

from tests.cli.test_fuzz_output import PIECES, hostile, lines_of, raw_controls
from truenorth.analysis.cascade_diff import CascadeDiff, GoalpostMove, GoalRef, Moved, Share
from truenorth.findings import Finding, Severity
from truenorth.model import Location
from truenorth.report.diff import render_json, render_markdown, render_text
from truenorth.report.escape import markdown_text

MARKDOWN_PIECES = ["|", "\\|", "\\", "<b>", "</td>", "<script>", "@ana", "@", "[x](javascript:alert(1))", "![i](x)",
                   "`", "**", "_", "&lt;", "&#124;", "\n| a | b |", "---", "#"]
text = st.lists(st.one_of(st.sampled_from(PIECES + MARKDOWN_PIECES), st.characters(blacklist_categories=("Cs",))),
                min_size=1, max_size=5).map("".join)
UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def a_diff(words: list[str]) -> CascadeDiff:
    t, o, i, m = words
    goal = GoalRef(i, t, o, "individual goal")
    return CascadeDiff(
        added=[goal], removed=[goal], retired=[goal], gained_sight=[goal], lost_sight=[goal],
        status=[Moved(goal, "status", o, t)], retitled=[Moved(goal, "title", t, o)], reowned=[Moved(goal, "owner", o, t)],
        relinked=[Moved(goal, "parents", (i, t), (o,))],
        goalposts=[GoalpostMove(goal, m, t, "target", 80.0, 75.5)],
        traced_before=Share(3, 4), traced_after=Share(4, 4), private=Counter({"added": 2}),
        introduced=[Finding("TN101", "orphan", Severity.ERROR, t, Location(f"goals/{i}.yaml", 2, 3))],
        fixed=[Finding("TN102", m, Severity.WARNING, o, Location(f"goals/{o}.yaml", 1, 1))])


@given(st.lists(text, min_size=4, max_size=4))
def test_text_keeps_every_user_text_on_its_line(words):
    plain = render_text(a_diff(["t", "o", "i", "m"]), "abc1234", "working tree")
    hostile_output = render_text(a_diff(words), "abc1234", "working tree")
    assert len(lines_of(hostile_output)) == len(lines_of(plain))


@given(st.lists(text, min_size=4, max_size=4))
def test_markdown_keeps_every_user_text_in_its_cell(words):
    output = render_markdown(a_diff(words), "abc1234", "working tree")
    plain = render_markdown(a_diff(["t", "o", "i", "m"]), "abc1234", "working tree")
    assert not raw_controls(output)
    lines, expected = output.split("\n"), plain.split("\n")
    assert len(lines) == len(expected)
    for line, model in zip(lines, expected):
        assert len(UNESCAPED_PIPE.findall(line)) == len(UNESCAPED_PIPE.findall(model)), line
        assert line[:2] == model[:2]  # a row stays a row, a heading a heading
    assert not re.search(r"(?<!\\)<", output)  # no HTML can open
    assert not re.search(r"@(?!&#8288;)", output)  # nobody is mentioned


@given(text)
def test_markdown_text_is_one_escaped_line(value):
    cell = markdown_text(value)
    assert "\n" not in cell and not raw_controls(cell)
    assert not UNESCAPED_PIPE.search(cell)


@given(st.lists(hostile, min_size=4, max_size=4))
def test_json_reads_back_as_written(words):
    data = json.loads(render_json(a_diff(words), "abc1234", "working tree"))
    t, o, i, m = words
    assert data["added"][0] == {"id": i, "title": t, "owner": o, "level": "individual goal"}
    assert data["relinked"][0]["before"] == [i, t] and data["goalposts"][0]["metric"] == m
    assert data["findings_introduced"][0]["message"] == t and data["private"] == {"added": 2}
