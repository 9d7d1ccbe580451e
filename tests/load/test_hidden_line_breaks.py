"""What review cannot see is an error (issue 16, item 6).

YAML 1.1 reads U+0085 (NEXT LINE), U+2028 (LINE SEPARATOR) and U+2029 (PARAGRAPH SEPARATOR) as line
breaks; editors, terminals and code review show them inside a line. Text after one in a comment would be
read as a key nobody sees (a `visibility: private` that hides a goal), and every line number after one
would drift from the editor's. A goals file holding one is refused, at the place an editor shows.

And a file that is not UTF-8 is reported at its first bad byte: the byte itself, its offset in the file
(from 0, a byte order mark counted, as a hex viewer shows it), and its line and column as an editor
shows them (in characters, from the first character after the byte order mark).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import make_org
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config
from truenorth.load import yaml_nodes

HIDDEN = {"\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029"}

CAT = ("person:\n  id: cat\n  name: Cat Example\n  department: ops-team\ngoals:\n  - id: cat-empathy\n"
       "    title: {title}\n    supports: [team-callbacks]\n    owner: cat\n")


@pytest.fixture(params=["accelerated", "python"])
def parser(request, monkeypatch):
    """Each test runs with the C accelerator (when built) and with PyYAML alone: they must agree."""
    if request.param == "python":
        monkeypatch.setattr(yaml_nodes, "_fastyaml", None)
    elif yaml_nodes._fastyaml is None:
        pytest.skip("the YAML accelerator is not built")
    return request.param


def findings_of(root):
    return [(f.code, f.location.path, f.location.line, f.location.column, f.message, f.hint)
            for f in run_check(load_config(root)).findings]


@pytest.mark.parametrize("char", list(HIDDEN))
def test_a_key_hidden_behind_a_comment_is_refused_where_the_editor_shows_it(char, parser, org_factory):
    # Read as YAML 1.1 reads it, this goal would be private; an editor shows one comment line.
    text = CAT.format(title=f"Listen first  # reviewed{char}    visibility: private")
    root = org_factory(files={"goals/people/cat.yaml": text.encode("utf-8")})
    found = findings_of(root)
    assert [f[:4] for f in found] == [("TN001", "goals/people/cat.yaml", 7, 36)]
    code, path, line, column, message, hint = found[0]
    assert text.split("\n")[line - 1][column - 1] == char  # the line and column an editor shows
    assert HIDDEN[char] in message and "line break" in message
    assert "Remove the character" in hint


@pytest.mark.parametrize("char", list(HIDDEN))
@pytest.mark.parametrize("title, column", [("Listen{} first", 18), ("'Listen{} first'", 19), ('"Listen{}"', 19),
                                           ("é😀 Listen{}", 21)])
def test_hidden_line_breaks_are_refused_in_values_too(char, title, column, parser, org_factory):
    text = CAT.format(title=title.format(char)).replace("\n", "\r\n")  # Windows line endings count as one break
    root = org_factory(files={"goals/people/cat.yaml": text.encode("utf-8")})
    assert [f[:4] for f in findings_of(root)] == [("TN001", "goals/people/cat.yaml", 7, column)]


def test_the_first_hidden_line_break_is_the_one_reported(parser, org_factory):
    text = "# \u2029\n" + CAT.format(title="a\x85b")
    root = org_factory(files={"goals/people/cat.yaml": text})
    assert [f[:4] for f in findings_of(root)] == [("TN001", "goals/people/cat.yaml", 1, 3)]


def test_check_exits_1_and_names_the_character(org_factory):
    root = org_factory(files={"goals/people/cat.yaml": CAT.format(title="a\u2028b")})
    out = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert out.exit_code == 1
    assert "goals/people/cat.yaml:7:13: TN001 error: the file holds the character U+2028 (LINE SEPARATOR)" in out.output


# ------------------------------------------------------------------------------------------ not UTF-8

BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("bom", [b"", BOM])
@pytest.mark.parametrize("before, line, column", [
    (b"", 1, 1),  # the very first byte (after the byte order mark)
    (b"a: ", 1, 4),
    (b"a: \xc3\xa9\xf0\x9f\x98\x80 ", 1, 7),  # two characters of two and four bytes count as two columns
    (b"a: 1\nb: x", 2, 5),
    (b"a: 1\r\nb: 2\r\nc: ", 3, 4),  # CRLF is one line break
    (b"a: 1\rb: 2\rc: ", 3, 4),  # and so is a lone CR, as editors count it
])
def test_a_bad_byte_is_named_with_its_offset_line_and_column(bom, before, line, column, parser, org_factory):
    raw = bom + before + b"\xff rest\n"
    root = org_factory(files={"goals/people/cat.yaml": raw})
    found = findings_of(root)
    assert [f[:4] for f in found] == [("TN002", "goals/people/cat.yaml", line, column)]
    assert f"byte 0xff (at byte offset {len(bom) + len(before)})" in found[0][4]


def test_a_truncated_character_is_named_by_its_first_byte(org_factory):
    raw = BOM + "title: café".encode()[:-1] + b"\n"  # the é cut after its first byte
    found = findings_of(org_factory(files={"goals/people/cat.yaml": raw}))
    assert [f[:4] for f in found] == [("TN002", "goals/people/cat.yaml", 1, 11)]
    assert f"byte 0xc3 (at byte offset {len(raw) - 2})" in found[0][4]


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_a_utf16_or_utf32_file_is_named_as_such(encoding, name, org_factory):
    raw = CAT.format(title="Listen first").encode(encoding)  # with its byte order mark
    found = findings_of(org_factory(files={"goals/people/cat.yaml": raw}))
    assert [f[:4] for f in found] == [("TN002", "goals/people/cat.yaml", 1, 1)]
    assert f"{name} byte order mark" in found[0][5] and "UTF-8" in found[0][5]


def test_a_byte_order_mark_moves_no_location(parser, tmp_path):
    """Line and column count from the first character after the mark, in findings as in marks."""
    text = CAT.format(title="Listen first").replace("owner: cat", "owner: nobody")
    plain = findings_of(make_org(tmp_path / "plain", files={"goals/people/cat.yaml": text.encode()}))
    marked = findings_of(make_org(tmp_path / "marked", files={"goals/people/cat.yaml": BOM + text.encode()}))
    assert plain == marked and plain and plain[0][2:4] == (9, 12)


@pytest.mark.parametrize("text, line, column", [
    ("a: 1\nb: [1", 2, 6),  # libyaml places the end of the stream on a line 3 the file does not have
    ("a: 1\r\nb: [1", 2, 6),
    ("a: 1\nb: [1\n", 3, 1),  # after a final line break, the editor does show an empty line 3
    ("a: 1\nb\n", 3, 1),
])
def test_a_problem_at_the_end_of_the_file_is_placed_where_the_file_ends(text, line, column, parser, org_factory):
    root = org_factory(files={"goals/people/cat.yaml": text})
    assert [f[:4] for f in findings_of(root)] == [("TN001", "goals/people/cat.yaml", line, column)]
