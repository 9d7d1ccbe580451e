"""`path:line:col: CODE message`, grouped by file, then one summary line."""

from __future__ import annotations

from truenorth.findings import Report
from truenorth.report.escape import is_terminal_safe, terminal

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
    # User text with nothing to escape (the usual case) is printed as it is: one scan of every line instead
    # of five per finding (at 10,000 people, 9,000 findings: 30 ms of a one-file check's 0.2 s). A line
    # that holds anything to escape sends every piece through `terminal`, as always.
    plain = _lines(result, _as_is, False)
    if is_terminal_safe("\x20".join(plain)):
        lines = _lines(result, _as_is, True) if color else plain
    else:
        lines = _lines(result, terminal, color)
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _as_is(text: str) -> str:
    return text


def _lines(result: Report, escape, color: bool) -> list[str]:
    """The findings' lines, grouped by file (a blank line between files, and after the last), each piece of
    user text passed through `escape`."""
    lines: list[str] = []
    append = lines.append
    shown = None  # the path of the findings above
    for f in result.findings:
        location = f.location
        if location.path != shown:
            if shown is not None:
                append("")
            shown = location.path
        sev = f.severity._value_  # (the member's value, without the enum's descriptor: 9,000 findings at 10k)
        if color:  # our own escape sequence, added after the user text is escaped
            sev = f"\x1b[{'31' if sev == 'error' else '33'}m{sev}\x1b[0m"
        append(f"{escape(str(location))}: {escape(f.code)} {sev}: {escape(f.message)} [{escape(f.name)}]")
        if f.hint:
            append(f"    hint: {escape(f.hint)}")
    if lines:
        append("")
    return lines
