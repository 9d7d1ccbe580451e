"""Findings as SARIF 2.1.0, for code-scanning tools (GitHub code scanning, IDE viewers, dashboards).

One log with one run: the tool's driver lists every rule of the registry as a reportingDescriptor
(its code as `id`, its name, default level, summary, and help: what it checks, how to fix a finding
and where its reference page is), and each finding is a result pointing at its rule by id and index,
with the message and the hint, and the file as a repository-relative URI under `%SRCROOT%` with the
line and column. The output validates against the official schema (tests/report/data/).

User text (messages, hints, file names) reaches SARIF viewers as JSON strings: json_text escapes
what could break a line or steer a terminal, so nothing in it can forge a field or a result.
"""

from __future__ import annotations

from urllib.parse import quote

from truenorth import __version__
from truenorth.findings import Report, Severity
from truenorth.report.escape import json_text, markdown_text

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"  # the base the URIs are relative to: the repository root, as code-scanning uploads expect
RULE_PAGE = "reference/rules/{code}/"  # where the site publishes a rule's page (site/rule_pages.py), relative to the site

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.OFF: "none"}


def artifact_uri(path: str) -> str:
    """A repository-relative path as a relative URI reference: each segment percent-encoded from its
    bytes (a name that is not UTF-8 comes back as the bytes it was), `/` kept."""
    raw = path.encode("utf-8", "surrogateescape")
    return quote(raw, safe="/")


def _descriptor(rule) -> dict:
    page = RULE_PAGE.format(code=rule.code.lower())
    reference = (f"Reference: {page} on the organisation's truenorth site; "
                 f"`truenorth rules {rule.code}` prints the same in a terminal.")
    fix = f"How to fix: {rule.hint}" if rule.hint else ""
    text = "\n\n".join(part for part in (rule.summary, fix, reference) if part)
    markdown = "\n\n".join(part for part in (
        markdown_text(rule.summary), f"**How to fix:** {markdown_text(rule.hint)}" if rule.hint else "",
        f"**Reference:** `{page}` on the organisation's truenorth site; `truenorth rules {rule.code}` prints "
        f"the same in a terminal.") if part)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.summary or rule.name},
        "defaultConfiguration": {"level": _LEVEL.get(rule.severity, "warning")},
        "help": {"text": text, "markdown": markdown},
        "properties": {"referencePage": page},
    }


def _location(base: str, path: str, line: int, column: int) -> dict:
    return {"physicalLocation": {
        "artifactLocation": {"uri": artifact_uri(base + path), "uriBaseId": SRCROOT},
        "region": {"startLine": max(1, line), "startColumn": max(1, column)},
    }}


def sarif_log(result: Report, base: str = "") -> dict:
    """The SARIF log (as plain data) for a check's report; `base`: what the files' paths start with from the
    repository's top (%SRCROOT%), "" when truenorth's root is that top."""
    from truenorth.rules import ALL_RULES  # only when SARIF is asked for: the registry imports every rule

    rules = list(ALL_RULES)
    index = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = [_descriptor(rule) for rule in rules]
    results = []
    for f in result.findings:
        if f.code not in index:  # a code no rule of the registry has (never expected): described from the finding
            index[f.code] = len(descriptors)
            descriptors.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name},
                                "defaultConfiguration": {"level": _LEVEL.get(f.severity, "warning")}})
        text = f.message + (f"\nhint: {f.hint}" if f.hint else "")
        entry = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL.get(f.severity, "warning"),
            "message": {"text": text},
            "locations": [_location(base, *f.location)],
            "properties": {"ruleName": f.name, "hint": f.hint},
        }
        if f.related:
            entry["relatedLocations"] = [{"id": i, **_location(base, *r)} for i, r in enumerate(f.related)]
        results.append(entry)
    s = result.summary
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "truenorth",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"summary": {
                "files": s.files, "goals": s.goals, "traced": s.traced, "traced_share": round(s.traced_share, 4),
                "standalone": s.standalone, "skipped": s.skipped, "errors": s.errors, "warnings": s.warnings}},
        }],
    }


def render_sarif(result: Report, color: bool = False, base: str = "") -> str:
    return json_text(sarif_log(result, base), indent=2) + "\n"
