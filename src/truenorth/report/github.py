"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.

Every line is a workflow command of ours (or the summary line): user text is escaped
(truenorth.report.escape), so it can never break a line and start a command of its own.
"""

from __future__ import annotations

from truenorth.findings import Report
from truenorth.report.escape import GITHUB_LINE_BREAK, github_data, github_property
from truenorth.report.text import summary_line


def render_github(result: Report, color: bool = False, base: str = "") -> str:
    """One annotation per finding; `base`: what the files' paths start with from the repository's top (GitHub
    places an annotation by the path from there), "" when truenorth's root is that top."""
    lines = []
    for f in result.findings:
        command = "error" if f.severity.value == "error" else "warning"
        message = github_data(f.message) + (GITHUB_LINE_BREAK + github_data(f.hint) if f.hint else "")
        lines.append(f"::{command} file={github_property(base + f.location.path)},line={f.location.line},"
                     f"col={f.location.column},title={github_property(f.code + ' ' + f.name)}::{message}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
