"""Findings and summary as JSON, for tools and dashboards."""

from __future__ import annotations

from truenorth.findings import Report
from truenorth.report.escape import json_text


def render_json(result: Report, color: bool = False) -> str:
    s = result.summary
    payload = {
        "summary": {"files": s.files, "goals": s.goals, "traced": s.traced, "traced_share": round(s.traced_share, 4),
                    "standalone": s.standalone, "skipped": s.skipped, "errors": s.errors, "warnings": s.warnings,
                    "suppressed": s.suppressed, "health": s.health},
        "findings": [
            {"code": f.code, "name": f.name, "severity": f.severity.value, "message": f.message, "hint": f.hint,
             "path": f.location.path, "line": f.location.line, "column": f.location.column,
             "related": [{"path": r.path, "line": r.line, "column": r.column} for r in f.related]}
            for f in result.findings
        ],
    }
    return json_text(payload, indent=2) + "\n"
