"""`path:line:col: CODE message`, grouped by file, then one summary line."""

from __future__ import annotations

import re
from itertools import groupby

from truenorth.findings import Report

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Make hostile strings harmless on a terminal: control characters (ANSI escapes, bidi overrides) shown escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                        text)


def summary_line(result: Report) -> str:
    """e.g. `124 goals in 62 files, 1 skipped for errors, 99% traced to the vision (123/124), 1 standalone
    (reviewed standalone_reason); no problems`: the skipped and standalone parts only when there are any."""
    s = result.summary
    share = f"{s.traced_share:.0%}"
    if s.traced < s.goals and share == "100%":  # 999 of 1,000 is not all of them
        share = ">99%"
    status = "no problems" if not (s.errors or s.warnings) else (
        f"{s.errors} error{'s' if s.errors != 1 else ''}, {s.warnings} warning{'s' if s.warnings != 1 else ''}")
    skipped = f", {s.skipped} skipped for errors" if s.skipped else ""
    standalone = f", {s.standalone} standalone (reviewed standalone_reason)" if s.standalone else ""
    return (f"{s.goals} goals in {s.files} files{skipped}, {share} traced to the vision ({s.traced}/{s.goals})"
            f"{standalone}; {status}")


def render_text(result: Report, color: bool = False) -> str:
    lines: list[str] = []
    for path, group in groupby(result.findings, key=lambda f: f.location.path):
        if lines:
            lines.append("")
        for f in group:
            sev = f.severity.value
            if color:
                sev = f"\x1b[{'31' if sev == 'error' else '33'}m{sev}\x1b[0m"
            lines.append(clean(f"{f.location}: {f.code} {sev}: {f.message} [{f.name}]"))
            if f.hint:
                lines.append(clean(f"    hint: {f.hint}"))
    if lines:
        lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
