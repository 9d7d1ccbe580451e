"""The review of a period (analysis.review) as text, Markdown or JSON, for `truenorth review`.

Private goals are counted but never named, as in the other commands' listings. Markdown is made for a
pull-request comment, a chat message or the wiki: every user text in it is escaped (markdown_text), so a
title cannot open a table cell, a link or a heading of its own.
"""

from __future__ import annotations

from typing import Any

from truenorth.analysis.review import OUTCOMES, Review, ReviewedGoal, Tally
from truenorth.model import Organisation
from truenorth.report.escape import json_text, markdown_text, terminal



def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _source_note(review: Review) -> str:
    if review.sources == {"git"}:
        return "Scores against the targets as promised when each period began (from git)."
    if "git" in review.sources:
        return "Scores against the targets as promised (from git) where the history has them, else the current targets."
    return "Scores against the current targets: no git history to tell the targets as promised."


def _public(org: Organisation, goals: list[ReviewedGoal]) -> tuple[list[ReviewedGoal], int]:
    shown = [g for g in goals if not g.goal.is_private]
    return shown, len(goals) - len(shown)


def _moves(g: ReviewedGoal) -> list[str]:
    lines = []
    for move in g.moves:
        steps = ", ".join(f"{_num(m.old)} → {_num(m.new)} on {m.date.isoformat()} ({m.commit}, {m.author})"
                          for m in move.promise.moves)
        lines.append(f"{move.key_result.metric}: target promised {_num(move.promise.target)}, moved {steps}")
    return lines


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _heading(review: Review) -> str:
    state = "ended" if review.ended else "in progress"
    return f"Review of {review.period} ({review.start.isoformat()} to {review.end.isoformat()}, {state})"


def text(review: Review, org: Organisation) -> str:
    out = [_heading(review), _source_note(review), ""]
    width = max([len(t.label) for t in (*review.by_level, *review.by_department, review.total)] + [10])
    header = f"  {'':<{width}}  goals  achieved  partial  missed  dropped  not closed  mean score"
    for title, rows in (("By level", review.by_level), ("By department", review.by_department)):
        out += [title, header]
        for t in rows:
            out.append(terminal(_tally_line(t, width)))
        out.append("")
    out += ["Overall", header, _tally_line(review.total, width), ""]
    for title, goals, detail in (
            ("Targets that moved after the period began", review.moved, _moves),
            ("Biggest misses", review.misses, lambda g: [f"retrospective: {g.goal.retrospective}"]
             if g.goal.retrospective else ["no retrospective written"]),
            ("Full marks on every key result (were the targets ambitious?)", review.full_marks, lambda g: []),
            ("Not closed out", review.not_closed if review.ended else [], lambda g: [])):
        out.append(f"{title} ({len(goals)})")
        shown, private = _public(org, goals)
        for g in shown:
            score = "" if g.score is None else f", score {_pct(g.score)}"
            out.append(terminal(f"  {g.goal.id}: {g.goal.title} ({g.outcome}{score})"))
            out += [terminal(f"    {line}") for line in detail(g)]
        if private:
            out.append(f"  {private} private goal{'s' if private != 1 else ''}")
        if not goals:
            out.append("  none")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _tally_line(t: Tally, width: int) -> str:
    c = t.counts
    return (f"  {t.label:<{width}}  {t.goals:>5}  {c['achieved']:>8}  {c['partial']:>7}  {c['missed']:>6}  "
            f"{c['dropped']:>7}  {c['open']:>10}  {_pct(t.mean_score):>10}")


def markdown(review: Review, org: Organisation) -> str:
    out = [f"## {markdown_text(_heading(review))}", "", markdown_text(_source_note(review)), "",
           "| | Goals | Achieved | Partial | Missed | Dropped | Not closed | Mean score |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for t in (*review.by_level, *review.by_department, review.total):
        c = t.counts
        label = f"**{markdown_text(t.label)}**" if t is review.total else markdown_text(t.label)
        out.append(f"| {label} | {t.goals} | {c['achieved']} | {c['partial']} | {c['missed']} | {c['dropped']} | "
                   f"{c['open']} | {_pct(t.mean_score)} |")
    out.append("")
    for title, goals, detail in (
            ("Targets that moved after the period began", review.moved, _moves),
            ("Biggest misses", review.misses, lambda g: [f"Retrospective: {g.goal.retrospective}"]
             if g.goal.retrospective else ["No retrospective written."]),
            ("Full marks on every key result", review.full_marks, lambda g: []),
            ("Not closed out", review.not_closed if review.ended else [], lambda g: [])):
        out += [f"### {title} ({len(goals)})", ""]
        shown, private = _public(org, goals)
        for g in shown:
            score = "" if g.score is None else f", score {_pct(g.score)}"
            out.append(f"- `{markdown_text(g.goal.id)}` {markdown_text(g.goal.title)} ({g.outcome}{score})")
            out += [f"  - {markdown_text(line)}" for line in detail(g)]
        if private:
            out.append(f"- {private} private goal{'s' if private != 1 else ''}")
        if not goals:
            out.append("None.")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def as_json(review: Review, org: Organisation) -> str:
    def tally(t: Tally) -> dict[str, Any]:
        return {"key": t.key, "label": t.label, "goals": t.goals, **{k: t.counts[k] for k in OUTCOMES},
                "mean_score": t.mean_score}

    def goal(g: ReviewedGoal) -> dict[str, Any]:
        return {"id": g.goal.id, "title": g.goal.title, "level": g.goal.level.label, "department": g.goal.department,
                "owner": g.goal.owner, "period": g.goal.period, "outcome": g.outcome, "score": g.score,
                "full_marks": g.full_marks, "retrospective": g.goal.retrospective or None,
                "moved_targets": [{"key_result": m.index, "metric": m.key_result.metric,
                                   "promised": m.promise.target, "current": m.key_result.target,
                                   "moves": [{"date": x.date.isoformat(), "from": x.old, "to": x.new,
                                              "commit": x.commit, "author": x.author} for x in m.promise.moves]}
                                  for m in g.moves]}

    shown, private = _public(org, review.goals)
    payload = {
        "period": review.period, "start": review.start.isoformat(), "end": review.end.isoformat(),
        "ended": review.ended, "targets_from": sorted(review.sources),
        "by_level": [tally(t) for t in review.by_level],
        "by_department": [tally(t) for t in review.by_department],
        "total": tally(review.total),
        "goals": [goal(g) for g in shown], "private_goals": private,
    }
    return json_text(payload, indent=2) + "\n"


RENDERERS = {"text": text, "markdown": markdown, "json": as_json}
