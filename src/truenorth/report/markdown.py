"""Findings as Markdown, for a GitHub job summary or a pull-request comment: the summary line, then a
table with a row per finding (severity, rule, place, message, hint).

The summary line is figures and fixed words only; every piece of user text goes through escape.markdown_text: it cannot end its cell, start a row, a
heading, a link, HTML or a mention. A very long report keeps the first MAX_ROWS findings and says how
many more there are (a job summary holds at most 1 MiB).
"""

from __future__ import annotations

from truenorth.findings import Report
from truenorth.report.escape import markdown_text
from truenorth.report.text import summary_line

MAX_ROWS = 500
HEADING = "### truenorth check"


def render_markdown(result: Report, color: bool = False) -> str:
    lines = [HEADING, "", ("✅ " if not result.has_errors else "❌ ") + summary_line(result), ""]
    if result.findings:
        lines += ["| Severity | Rule | Where | Message | Hint |", "| --- | --- | --- | --- | --- |"]
        for f in result.findings[:MAX_ROWS]:
            lines.append(f"| {f.severity.value} | {markdown_text(f.code)} {markdown_text(f.name)} "
                         f"| {markdown_text(str(f.location))} | {markdown_text(f.message)} | {markdown_text(f.hint)} |")
        more = len(result.findings) - MAX_ROWS
        if more > 0:
            lines += ["", f"… and {more} more finding{'s' if more != 1 else ''}: run `truenorth check` to see them all."]
        lines.append("")
    return "\n".join(lines)
