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
    lines = _checked_lines(result.findings, color)
    if lines:
        lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _checked_lines(findings, color: bool) -> list[str]:
    # User text with nothing to escape (the usual case) is printed as it is: one scan of every line instead
    # of five per finding (at 10,000 people, 9,000 findings: 30 ms of a one-file check's 0.2 s). A line
    # that holds anything to escape sends every piece through `terminal`, as always (`terminal` leaves
    # text with nothing to escape as it is, so the lines of one file are the same, rendered alone).
    plain = _lines(findings, _as_is, False)
    if is_terminal_safe("\x20".join(plain)):
        return _lines(findings, _as_is, True) if color else plain
    return _lines(findings, terminal, color)


def splice_text(previous: str, changes: list, result, color: bool = False) -> str | None:
    """What render_text gives for `result`, made from `previous`, the output render_text gave for another
    report, by replacing the lines of the files whose findings changed: `changes` lists those files in
    the order of their paths, each (path, where its lines began in `previous`: the location of its first
    finding there, or None when it had none; where the lines of the next file with findings there began,
    or None for the summary line; its findings now). None when `previous` does not have those lines
    where they should be: the caller renders instead.

    A file's lines depend on its findings alone (see _checked_lines), and each file's lines end with a
    blank line, the only blank lines there are (no line of a finding is empty), so the lines of a file
    begin after a blank line (or at the start) with its first finding's location. Only those few places
    are looked for, and everything between them is taken as it is: at 100,000 people the output is
    tens of megabytes, and a few searches and one join cost a fraction of rendering or splitting it."""
    last = previous.rfind("\n\n")
    summary_at = 0 if last < 0 else last + 2
    pieces, cursor = [], 0
    for _path, was_at, next_at, findings in changes:
        anchor = was_at if was_at is not None else next_at  # its lines, or where they go: before the next file's
        start = summary_at if anchor is None else _lines_at(previous, anchor)
        if start < cursor:  # not there (-1), or not in order
            return None
        end = start
        if was_at is not None:
            end = previous.find("\n\n", start) + 2
            if end < 2 or end > summary_at:
                return None
        pieces.append(previous[cursor:start])
        if findings:
            pieces.append("\n".join(_checked_lines(findings, color)) + "\n\n")
        cursor = end
    if cursor > summary_at:
        return None
    pieces.append(previous[cursor:summary_at])
    pieces.append(summary_line(result) + "\n")
    return "".join(pieces)


def _lines_at(output: str, first) -> int:
    """Where, in a text output, the lines of the file whose first finding is at `first` begin; -1 if nowhere."""
    head = f"{terminal(str(first))}: "
    if output.startswith(head):
        return 0
    found = output.find(f"\n\n{head}")
    return -1 if found < 0 else found + 2


def _as_is(text: str) -> str:
    return text


def _lines(findings, escape, color: bool) -> list[str]:
    """The findings' lines, grouped by file (a blank line between files), each piece of user text passed
    through `escape`."""
    lines: list[str] = []
    append = lines.append
    shown = None  # the path of the findings above
    for f in findings:
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
    return lines
