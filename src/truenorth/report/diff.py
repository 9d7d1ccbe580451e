"""`truenorth diff` as text (a terminal), Markdown (a pull-request comment, a GitHub job summary) or JSON.

Markdown puts user text in plain cells, never in code spans (where a backslash does not escape).
Each renderer takes the CascadeDiff (analysis.cascade_diff) and the two trees' labels ("3f2a1bc",
"working tree"). User text is escaped for its format (report.escape): a title cannot write a line of
its own in text, break a table or mention anyone in Markdown, or steer a terminal through JSON.
"""

from __future__ import annotations

from truenorth.analysis.cascade_diff import SECTIONS, CascadeDiff, GoalpostMove, GoalRef, Moved, Share
from truenorth.findings import Finding
from truenorth.report.escape import json_text, markdown_text as md, terminal

MARKDOWN_ROWS = 50  # per table: a job summary is limited to 1 MiB; the rest is counted

TITLES = {
    "added": "Goals added", "removed": "Goals removed", "retired": "Goals retired", "status": "Status changed",
    "retitled": "Re-titled", "reowned": "Re-owned", "relinked": "Re-linked (parents before → after)",
    "goalposts": "Targets and baselines moved", "gained_sight": "Goals that gain their line of sight to the vision",
    "lost_sight": "Goals that lose their line of sight to the vision",
}


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "none"
    shown = f"{value:g}" if value != int(value) or abs(value) >= 1e15 else f"{int(value)}"
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def share(s: Share) -> str:
    percent = f"{s.share:.0%}"
    if s.traced < s.goals and percent == "100%":
        percent = ">99%"
    return f"{percent} ({s.traced}/{s.goals})"


def counts_line(diff: CascadeDiff) -> str:
    parts = []
    for section in SECTIONS:
        n = len(getattr(diff, section)) + diff.private[section]
        if n:
            parts.append(f"{n} {_short(section)}")
    return ", ".join(parts) if parts else "no change to the goals"


def _short(section: str) -> str:
    return {"added": "added", "removed": "removed", "retired": "retired", "status": "changed status",
            "retitled": "re-titled", "reowned": "re-owned", "relinked": "re-linked",
            "goalposts": "targets/baselines moved", "gained_sight": "gain line of sight",
            "lost_sight": "lose line of sight"}[section]


def _parents(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "none"


def _move_text(entry) -> str:
    """What changed, in plain words (not escaped)."""
    if isinstance(entry, GoalpostMove):
        return f"{entry.metric}: {entry.field} {number(entry.before, entry.unit)} → {number(entry.after, entry.unit)}"
    if entry.what == "parents":
        return f"{_parents(entry.before)} → {_parents(entry.after)}"
    if entry.what == "title":
        return f"{entry.before!r} → {entry.after!r}"
    return f"{entry.before} → {entry.after}"


def _goal(entry) -> GoalRef:
    return entry if isinstance(entry, GoalRef) else entry.goal


# ------------------------------------------------------------------------------------------ text


def render_text(diff: CascadeDiff, before: str, after: str) -> str:
    lines = [terminal(f"Cascade diff {before} → {after}: {counts_line(diff)}")]
    for section in SECTIONS:
        entries, private = getattr(diff, section), diff.private[section]
        if not entries and not private:
            continue
        lines += ["", f"{TITLES[section]} ({len(entries) + private})"]
        for entry in entries:
            goal = _goal(entry)
            if isinstance(entry, GoalRef):
                lines.append("  " + terminal(f"{goal.id}: {goal.title} ({goal.owner}), {goal.level}"))
            elif isinstance(entry, Moved) and entry.what == "title":
                lines.append("  " + terminal(f"{goal.id}: {_move_text(entry)}"))
            else:
                lines.append("  " + terminal(f"{goal.id}: {goal.title}: {_move_text(entry)}"))
        if private:
            lines.append(f"  {private} private goal{'s' if private != 1 else ''}")
    lines += ["", f"Traced to the vision: {share(diff.traced_before)} → {share(diff.traced_after)}"]
    for title, found in (("Findings introduced", diff.introduced), ("Findings fixed", diff.fixed)):
        lines += ["", f"{title} ({len(found)})"]
        lines += [f"  {_finding_text(f)}" for f in found] or ["  none"]
    return "\n".join(lines) + "\n"


def _finding_text(f: Finding) -> str:
    return (f"{terminal(str(f.location))}: {terminal(f.code)} {f.severity.value}: {terminal(f.message)} "
            f"[{terminal(f.name)}]")


# -------------------------------------------------------------------------------------- markdown


def render_markdown(diff: CascadeDiff, before: str, after: str) -> str:
    out = [f"### Cascade diff `{md(before)}` → {md(after) if after == 'working tree' else '`' + md(after) + '`'}",
           "", f"**{md(counts_line(diff))}**; traced to the vision {md(share(diff.traced_before))} → "
           f"{md(share(diff.traced_after))}; {len(diff.introduced)} finding{'s' if len(diff.introduced) != 1 else ''}"
           f" introduced, {len(diff.fixed)} fixed."]
    for section in SECTIONS:
        entries, private = getattr(diff, section), diff.private[section]
        if not entries and not private:
            continue
        out += ["", f"#### {TITLES[section]} ({len(entries) + private})", ""]
        if section in ("added", "removed", "retired", "gained_sight", "lost_sight"):
            out += ["| goal | title | owner | level |", "| --- | --- | --- | --- |"]
            rows = [f"| {md(g.id)} | {md(g.title)} | {md(g.owner)} | {md(g.level)} |" for g in entries]
        elif section == "goalposts":
            out += ["| goal | key result | moved |", "| --- | --- | --- |"]
            rows = [f"| {md(e.goal.id)}: {md(e.goal.title)} | {md(e.metric)} | {e.field} "
                    f"{md(number(e.before, e.unit))} → **{md(number(e.after, e.unit))}** |" for e in entries]
        else:
            out += ["| goal | before | after |", "| --- | --- | --- |"]
            rows = []
            for e in entries:
                if e.what == "parents":
                    was, now = _parents(e.before), _parents(e.after)
                else:
                    was, now = str(e.before), str(e.after)
                rows.append(f"| {md(e.goal.id)}: {md(e.goal.title)} | {md(was)} | {md(now)} |")
        out += _capped(rows)
        if private:
            out += ["", f"and {private} private goal{'s' if private != 1 else ''}"]
    for title, found in (("Findings introduced", diff.introduced), ("Findings fixed", diff.fixed)):
        if not found:
            continue
        out += ["", f"#### {title} ({len(found)})", "", "| where | rule | severity | message |",
                "| --- | --- | --- | --- |"]
        out += _capped([f"| {md(str(f.location))} | {md(f.code)} {md(f.name)} | {f.severity.value} | "
                        f"{md(f.message)} |" for f in found])
    return "\n".join(out) + "\n"


def _capped(rows: list[str]) -> list[str]:
    if len(rows) <= MARKDOWN_ROWS:
        return rows
    return rows[:MARKDOWN_ROWS] + ["", f"… and {len(rows) - MARKDOWN_ROWS} more (`truenorth diff` lists them all)"]


# ------------------------------------------------------------------------------------------ json


def render_json(diff: CascadeDiff, before: str, after: str) -> str:
    def goal(g: GoalRef) -> dict:
        return {"id": g.id, "title": g.title, "owner": g.owner, "level": g.level}

    def moved(e: Moved) -> dict:
        was, now = (list(e.before), list(e.after)) if e.what == "parents" else (e.before, e.after)
        return {**goal(e.goal), "before": was, "after": now}

    def finding(f: Finding) -> dict:
        return {"code": f.code, "name": f.name, "severity": f.severity.value, "message": f.message,
                "path": f.location.path, "line": f.location.line, "column": f.location.column}

    payload = {
        "before": before, "after": after,
        "added": [goal(g) for g in diff.added], "removed": [goal(g) for g in diff.removed],
        "retired": [goal(g) for g in diff.retired], "status": [moved(e) for e in diff.status],
        "retitled": [moved(e) for e in diff.retitled], "reowned": [moved(e) for e in diff.reowned],
        "relinked": [moved(e) for e in diff.relinked],
        "goalposts": [{**goal(e.goal), "metric": e.metric, "unit": e.unit, "field": e.field, "before": e.before,
                       "after": e.after} for e in diff.goalposts],
        "gained_sight": [goal(g) for g in diff.gained_sight], "lost_sight": [goal(g) for g in diff.lost_sight],
        "private": {section: diff.private[section] for section in SECTIONS if diff.private[section]},
        "traced": {"before": {"traced": diff.traced_before.traced, "goals": diff.traced_before.goals,
                              "share": round(diff.traced_before.share, 4)},
                   "after": {"traced": diff.traced_after.traced, "goals": diff.traced_after.goals,
                             "share": round(diff.traced_after.share, 4)}},
        "findings_introduced": [finding(f) for f in diff.introduced],
        "findings_fixed": [finding(f) for f in diff.fixed],
    }
    return json_text(payload, indent=2) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
