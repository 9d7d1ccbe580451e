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


def splice_text(previous: str, previous_paths: list[str], files: list, result, color: bool = False) -> str | None:
    """What render_text gives for `result`, made from `previous`, the output render_text gave for another
    report whose findings were in the files `previous_paths` (in order): `files` lists this report's
    files in order, each (path, its findings), the findings None where they are those it had in
    `previous`, whose lines are then taken as they are. None when `previous` is not such an output
    (another number of files, a file's lines not where they should be): the caller renders instead.

    A file's lines depend on its findings alone (see _checked_lines), so the result is render_text's."""
    blocks = previous.split("\n\n")  # each file's lines, a blank line after each; then the summary line
    if len(blocks) != len(previous_paths) + 1 or not blocks[-1].endswith("\n"):
        return None
    shown = dict(zip(previous_paths, blocks))
    parts = []
    for path, findings in files:
        if findings is None:
            block = shown.get(path)
            if block is None or not (block.startswith(f"{path}:") or block.startswith(f"{terminal(path)}:")):
                return None
            parts.append(block)
        elif findings:
            parts.append("\n".join(_checked_lines(findings, color)))
    parts.append(summary_line(result) + "\n")
    return "\n\n".join(parts)


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
