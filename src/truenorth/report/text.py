"""`path:line:col: CODE message`, grouped by file, then one summary line."""

from __future__ import annotations

from itertools import groupby

from truenorth.findings import Report
from truenorth.report.escape import terminal

clean = terminal  # the name the commands have used: user text escaped for one line of a terminal


def summary_line(result: Report) -> str:
    """e.g. `124 goals in 62 files, 1 skipped for errors, 99% traced to the vision (123/124), 1 standalone
    (reviewed standalone_reason); no problems, 1 suppressed; alignment health 92/100`: the skipped, standalone
    and suppressed parts only when there are any (the health score: analysis/health.py)."""
    s = result.summary
    share = f"{s.traced_share:.0%}"
    if s.traced < s.goals and share == "100%":  # 999 of 1,000 is not all of them
        share = ">99%"
    status = "no problems" if not (s.errors or s.warnings) else (
        f"{s.errors} error{'s' if s.errors != 1 else ''}, {s.warnings} warning{'s' if s.warnings != 1 else ''}")
    skipped = f", {s.skipped} skipped for errors" if s.skipped else ""
    standalone = f", {s.standalone} standalone (reviewed standalone_reason)" if s.standalone else ""
    suppressed = f", {s.suppressed} suppressed" if s.suppressed else ""
    return (f"{s.goals} goals in {s.files} files{skipped}, {share} traced to the vision ({s.traced}/{s.goals})"
            f"{standalone}; {status}{suppressed}; alignment health {s.health}/100")


def render_text(result: Report, color: bool = False) -> str:
    lines: list[str] = []
    for path, group in groupby(result.findings, key=lambda f: f.location.path):
        if lines:
            lines.append("")
        for f in group:
            sev = f.severity.value
            if color:  # our own escape sequence, added after the user text is escaped
                sev = f"\x1b[{'31' if sev == 'error' else '33'}m{sev}\x1b[0m"
            lines.append(f"{terminal(str(f.location))}: {terminal(f.code)} {sev}: {terminal(f.message)} "
                         f"[{terminal(f.name)}]")
            if f.hint:
                lines.append(f"    hint: {terminal(f.hint)}")
    if lines:
        lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
