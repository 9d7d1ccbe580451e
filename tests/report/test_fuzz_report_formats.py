"""SARIF and Markdown with hostile text in every field of a finding: SARIF still validates and reads back
what was written; the Markdown table keeps one row per finding and five cells per row, and each cell
reads back (as a CommonMark reader with GitHub's tables reads it) as the text, escaped for one line."""

from __future__ import annotations

import json
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, strategies as st
from markdown_it import MarkdownIt

from tests.cli.test_fuzz_output import FEWER, FINDING, broken_org, hostile, lines_of
from tests.report.sarif_schema import path_of, validate
from truenorth.cli import cli
from truenorth.findings import Finding, Report, Severity, Summary
from truenorth.model import Location
from truenorth.report import REPORTERS
from truenorth.report.escape import terminal
from truenorth.report.markdown import MAX_ROWS

GFM = MarkdownIt("commonmark").enable("table")


class _Cells(HTMLParser):
    """The tables' rows as lists of cell texts, and every other tag seen."""

    TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.other_tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag not in self.TABLE_TAGS:
            self.other_tags.append(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_markdown(output: str) -> _Cells:
    """The table as a reader sees it: the word joiner escape.markdown_text puts after every `@` (so that no
    name mentions anyone) is invisible, and taken out here."""
    cells = _Cells()
    cells.feed(GFM.render(output).replace("&#8288;", "").replace("\u2060", ""))
    return cells


def report_of(findings) -> Report:
    return Report(findings, Summary(3, 5, 4, sum(f.severity is Severity.ERROR for f in findings),
                                    sum(f.severity is Severity.WARNING for f in findings)))


@given(findings=st.lists(FINDING, max_size=6))
def test_markdown_keeps_one_row_per_finding_and_each_cell_reads_back(findings):
    output = REPORTERS["markdown"](report_of(findings))
    lines_of(output)  # no raw line break or control character
    read = read_markdown(output)
    assert set(read.other_tags) <= {"h3", "p"}, read.other_tags  # no link, image, HTML, emphasis or code of theirs
    rows = read.rows[1:]  # after the header row
    assert len(rows) == len(findings)
    for row, f in zip(rows, findings):
        # (a table cell drops the spaces it starts and ends with)
        assert row == [f.severity.value, f"{f.code} {f.name}", *(terminal(text).strip(" ") for text in (
            str(f.location), f.message, f.hint))]


@given(findings=st.lists(FINDING, max_size=6))
def test_sarif_validates_and_reads_back_whatever_the_text(findings):
    output = REPORTERS["sarif"](report_of(findings))
    lines_of(output)
    log = json.loads(output)
    validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(findings)
    for result, f in zip(results, findings):
        assert result["ruleId"] == f.code and result["level"] == f.severity.value
        assert result["message"]["text"] == f.message + (f"\nhint: {f.hint}" if f.hint else "")
        assert result["properties"]["hint"] == f.hint
        place = result["locations"][0]["physicalLocation"]
        assert path_of(place["artifactLocation"]["uri"]) == f.location.path
        assert (place["region"]["startLine"], place["region"]["startColumn"]) == (f.location.line, f.location.column)


@FEWER
@given(text=hostile)
def test_check_as_sarif_and_markdown_on_an_organisation_with_hostile_text(text):
    with tempfile.TemporaryDirectory() as tmp:
        root = str(broken_org(Path(tmp), text))
        runner = CliRunner()
        findings = json.loads(runner.invoke(cli, ["check", "--root", root, "--format", "json"]).output)["findings"]
        sarif = runner.invoke(cli, ["check", "--root", root, "--format", "sarif"])
        assert sarif.exit_code == 1
        log = json.loads(sarif.output)
        validate(log)
        assert [path_of(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                for r in log["runs"][0]["results"]] == [f["path"] for f in findings]
        markdown = runner.invoke(cli, ["check", "--root", root, "--format", "markdown"])
        assert markdown.exit_code == 1
        rows = read_markdown(markdown.output).rows[1:]
        assert [row[3] for row in rows] == [terminal(f["message"]).strip(" ") for f in findings]


def test_a_long_markdown_report_keeps_the_first_rows_and_counts_the_rest():
    findings = [Finding("TN101", "orphan", Severity.ERROR, f"goal {i}", Location("goals/a.yaml", i, 1))
                for i in range(1, MAX_ROWS + 8)]
    output = REPORTERS["markdown"](report_of(findings))
    assert len(read_markdown(output).rows) == MAX_ROWS + 1
    assert "… and 7 more findings" in output
