"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff."""

from __future__ import annotations

from truenorth.findings import Report
from truenorth.report.text import summary_line


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: Report, color: bool = False) -> str:
    lines = []
    for f in result.findings:
        command = "error" if f.severity.value == "error" else "warning"
        message = f.message + (f"\n{f.hint}" if f.hint else "")
        lines.append(f"::{command} file={_prop(f.location.path)},line={f.location.line},col={f.location.column},"
                     f"title={_prop(f.code + ' ' + f.name)}::{_data(message)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
