"""The reviews of the periods: an index, and a page per period that has begun (analysis.review).

Made from public goals alone: private goals and drafts are not in the view's goals, so they are neither
named nor counted here. Scores use the targets as promised when the kit has them (from git, handed in by
the build), else the current targets, and the page says which.
"""

from __future__ import annotations

import dataclasses

from truenorth.analysis.review import (OUTCOMES, Review, ReviewedGoal, counted, in_period, periods_to_review, review,
                                       reviewed_goal, revised)
from truenorth.analysis.status import effective_periods
from truenorth.site.escape import front_matter, md, plural
from truenorth.site.links import rel
from truenorth.site.view import HOME
from truenorth.site.widgets import MAX_LISTED, PageKit

REVIEWS = "cascade/reviews/index.md"
OUTCOME_LABEL = {"achieved": "Achieved", "partial": "Partial", "missed": "Missed", "dropped": "Dropped",
                 "open": "Not closed"}


def review_page(period: str) -> str:
    return f"cascade/reviews/{period}.md"


def _memo(kit: PageKit) -> dict:
    """What the review pages work out (the public effective periods, each goal's score, each period's
    review), once per view: kept on the view (view.basis["reviews"]) with the promised targets they were
    scored against, so that the next view of the live preview (site/view_update.py) takes what the edit
    did not change (_inherit)."""
    store = kit.memo.get("review:store")
    if store is not None:
        return store
    basis = kit.view.basis
    store = basis.get("reviews")
    if store is None or not _same_promises(store["promises"], kit.promises):
        store = basis["reviews"] = {"promises": kit.promises}
        _inherit(kit, store, basis.get("reviews_before"))
    kit.memo["review:store"] = store
    return store


def _same_promises(a: dict, b: dict, edited: frozenset = frozenset()) -> bool:
    """The same promised targets, but perhaps for the edited goals."""
    if a is b:
        return True
    if not edited:
        return a == b
    kept = 0
    for key, promise in b.items():
        if key[0] not in edited:
            if a.get(key) != promise:
                return False
            kept += 1
    return kept == sum(1 for key in a if key[0] not in edited)


def _inherit(kit: PageKit, store: dict, before) -> None:
    """Take from the last view's review pages what the edit leaves as it was. `before` (set by update_view):
    (the last view's store, {edited public goal id: its status then}, whether a period changed)."""
    if before is None:
        return
    last, statuses, periods_changed = before
    edited = frozenset(statuses)
    if last is None or not _same_promises(last["promises"], kit.promises, edited):
        return
    store["review:scored"] = {goal_id: found for goal_id, found in last.get("review:scored", {}).items()
                              if goal_id not in edited}
    if periods_changed or "review:periods" not in last:
        return
    for key in ("review:periods", "review:by-period", "review:periods-to-review"):
        if key in last:
            store[key] = last[key]
    periods_of = last["review:periods"]
    org = _public_org(kit)
    goals = org.goals
    for key, old in last.items():
        if not key.startswith("review:period="):
            continue
        inside = [goal_id for goal_id in edited if in_period(periods_of.get(goal_id), old.period)]
        if not inside:
            store[key] = old
        elif all(counted(goals[goal_id]) == (statuses[goal_id] not in ("retired", "draft")) for goal_id in inside):
            scored = store["review:scored"]
            changed = {}
            for goal_id in inside:
                if counted(goals[goal_id]):
                    found = scored.get(goal_id)
                    if found is None:
                        found = scored[goal_id] = reviewed_goal(goals[goal_id], org, kit.promises)
                    changed[goal_id] = found
            store[key] = revised(old, org, kit.view.today, kit.promises, changed)


def periods(kit: PageKit) -> list[str]:
    view = kit.view
    if view.today is None:
        return []
    memo = _memo(kit)
    found = memo.get("review:periods-to-review")
    if found is None:
        found = memo["review:periods-to-review"] = periods_to_review(_public_org(kit), view.today)
    return found


def _public_org(kit: PageKit):
    """The organisation of the public goals (made once per kit: the index and every review page share it)."""
    found = kit.memo.get("review:org")
    if found is None:
        found = kit.memo["review:org"] = dataclasses.replace(kit.view.org, goals=dict(kit.view.goals))
    return found


def _review(kit: PageKit, period: str) -> Review:
    """The review of `period`, worked out once per kit (the index shows every period's totals)."""
    key = f"review:period={period}"
    memo = _memo(kit)
    found = memo.get(key)
    if found is None:
        org = _public_org(kit)
        periods_of = memo.get("review:periods")
        if periods_of is None:
            periods_of = memo["review:periods"] = effective_periods(org, kit.view.graph)
        found = memo[key] = review(_period_org(kit, org, periods_of, period), kit.view.graph, period,
                                   kit.view.today, kit.promises, periods_of, memo.setdefault("review:scored", {}))
    return found


def _period_org(kit: PageKit, org, periods_of: dict[str, str | None], period: str):
    """The public organisation with only the goals whose period (their own or the one above them) lies in
    `period`: the same review (it looks at no other goal), without sorting and testing every goal of the
    organisation again for each period. The goals are grouped by their period once per kit."""
    memo = _memo(kit)
    by_period = memo.get("review:by-period")
    if by_period is None:
        by_period = memo["review:by-period"] = {}
        for goal_id, goal_period in periods_of.items():
            by_period.setdefault(goal_period, []).append(goal_id)
    keep = [goal_id for goal_period, ids in by_period.items() if in_period(goal_period, period) for goal_id in ids]
    return dataclasses.replace(org, goals={goal_id: org.goals[goal_id] for goal_id in keep})


def render_index(kit: PageKit) -> str:
    page = REVIEWS
    out = [front_matter("Reviews of the periods"), "# Reviews of the periods", "",
           "At the end of each quarter, half and year, every goal is closed out as achieved, partial, missed or "
           "dropped, with a short retrospective. These pages gather them: what was delivered, what was not and "
           "why, and where targets moved after they were promised. A score runs from 0.0 to 1.0 against the "
           "target as promised: 0.7 is a good result on an ambitious goal, and 1.0 on everything, every "
           "time, suggests targets set where the team knew it would land.", ""]
    found = periods(kit)
    if not found:
        out += ["*No period has begun yet.*", ""]
    out += ["| Period | Goals | Achieved | Partial | Missed | Dropped | Not closed | Mean score |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"] if found else []
    for period in found:
        r = _review(kit, period)
        c = r.total.counts
        state = "" if r.ended else " (in progress)"
        out.append(f"| [{period}]({rel(page, review_page(period))}){state} | {r.total.goals} | "
                   + " | ".join(str(c[k]) for k in OUTCOMES) + f" | {_score(r.total.mean_score)} |")
    out += ["", f"[Back to the home page]({rel(page, HOME)})", ""]
    return "\n".join(out)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render(kit: PageKit, period: str) -> str:
    page = review_page(period)
    r = _review(kit, period)
    state = "ended" if r.ended else "in progress: the goals closed so far"
    out = [front_matter(f"Review of {period}"), f"# Review of {period}", "",
           f"{r.start.isoformat()} to {r.end.isoformat()}, {state}. "
           f"[All reviews]({rel(page, REVIEWS)}).", ""]
    if "git" in r.sources:
        out += ["Scores are measured against each target as it was promised when its period began (from the "
                "repository's history).", ""]
    else:
        out += ["Scores are measured against the current targets: the history that would show the targets as "
                "promised was not available to this build.", ""]
    out += ["## How the goals ended", "",
            "| | Goals | Achieved | Partial | Missed | Dropped | Not closed | Mean score |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for t in (*r.by_level, *r.by_department, r.total):
        name = f"**{md(t.label)}**" if t is r.total else md(t.label)
        out.append(f"| {name} | {t.goals} | " + " | ".join(str(t.counts[k]) for k in OUTCOMES)
                   + f" | {_score(t.mean_score)} |")
    out.append("")
    out += _section(kit, page, period, "Targets that moved after they were promised", r.moved, _moves,
                    "No target moved after its period began.")
    out += _section(kit, page, period, "The biggest misses", r.misses, _retrospective, "Nothing was missed.")
    out += _section(kit, page, period, "Full marks on every key result", r.full_marks, lambda g: [],
                    "No goal scored 1.0 on every key result.",
                    "Worth a second look: a team that always scores 1.0 may be setting targets it knows it can reach.")
    if r.ended:
        out += _section(kit, page, period, "Not closed out", r.not_closed, lambda g: [],
                        "Every goal of the period was closed out.")
    return "\n".join(out)


def _section(kit: PageKit, page: str, period: str, title: str, goals: list[ReviewedGoal], detail, empty: str,
             intro: str = "") -> list[str]:
    out = [f"## {title}", ""]
    if intro:
        out += [intro, ""]
    if not goals:
        return out + [f"*{empty}*", ""]
    for g in goals[:MAX_LISTED]:
        score = "" if g.score is None else f", score {_score(g.score)}"
        out.append(f"- {kit.goal_link(page, g.goal.id)}: {OUTCOME_LABEL[g.outcome].lower()}{score}")
        out += [f"    - {line}" for line in detail(g)]
    if len(goals) > MAX_LISTED:  # (a large organisation's open goals: thousands, read by nobody here)
        out.append(f"- *and {len(goals) - MAX_LISTED} more: `truenorth review {period}` "
                   "lists them all.*")
    return out + [""]


def _retrospective(g: ReviewedGoal) -> list[str]:
    return [f"*{md(g.goal.retrospective)}*"] if g.goal.retrospective else ["No retrospective written yet."]


def _moves(g: ReviewedGoal) -> list[str]:
    lines = []
    for move in g.moves:
        steps = "; ".join(f"{_num(m.old)} → {_num(m.new)} on {m.date.isoformat()} (commit {md(m.commit)}, "
                          f"{md(m.author)})" for m in move.promise.moves)
        lines.append(f"{md(move.key_result.metric)}: promised {_num(move.promise.target)}; {steps}")
    return lines


def _num(value) -> str:
    return "–" if value is None else f"{value:g}"


def count_line(kit: PageKit) -> str:
    found = periods(kit)
    return plural(len(found), "period")
