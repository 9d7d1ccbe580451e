"""The section appended to each playbook play page: the public goals that apply the play."""

from __future__ import annotations

from typing import TYPE_CHECKING

from truenorth.model import Goal, Level
from truenorth.site.escape import file_stem, goal_anchor, html_text, md, plural
from truenorth.site.links import href, link, rel
from truenorth.site.view import PublicView, build_view, play_page
from truenorth.site.widgets import local_nav_html

if TYPE_CHECKING:
    from truenorth.findings import CheckResult

HEADING = "## Goals that apply this play"
MAX_INDIVIDUAL = 100  # individual goals listed per play before "and N more"
MAX_OTHER_PLAYS = 12  # other plays linked from a play's page before "all N plays"
_GROUPS = ((Level.CORPORATE, "Corporate goals"), (Level.DEPARTMENT, "Department goals"),
           (Level.INDIVIDUAL, "Individual goals"))


def sections_from_view(view: PublicView, plays: dict[str, str] | None = None, *, directory_urls: bool = True) -> dict[str, str]:
    wanted = list(plays) if plays is not None else sorted(view.goals_of_play)
    return {play_id: _section(view, play_id) + _play_nav(play_id, plays, directory_urls) for play_id in wanted
            if file_stem(play_id) == play_id}


def _play_nav(play_id: str, plays: dict[str, str] | None, directory_urls: bool = True) -> str:
    """A play page's own navigation (the plays are kept out of the site's nav), a local_nav_html block:
    the playbook, the play, and the plays around it in the playbook's order (links to the built URLs)."""
    if not plays:
        return ""
    page = play_page(play_id)
    order = [p for p in plays if file_stem(p) == p]
    at = order.index(play_id) if play_id in order else 0
    start = max(0, min(at - MAX_OTHER_PLAYS // 2, len(order) - MAX_OTHER_PLAYS - 1))
    others = [p for p in order[start:start + MAX_OTHER_PLAYS + 1] if p != play_id][:MAX_OTHER_PLAYS]

    def a(to_page: str, text: str) -> str:
        return f'<a href="{href(page, to_page, directory_urls=directory_urls)}">{html_text(text)}</a>'

    index = "plays/index.md"
    more = a(index, f"all {len(order)} plays") if len(order) > len(others) + 1 else ""
    nav = local_nav_html([("Playbook", [a(index, "The playbook")])], ("Play", plays.get(play_id) or play_id),
                         "Other plays", [a(play_page(p), plays[p] or p) for p in others], more)
    return "\n" + nav + "\n"


def _section(view: PublicView, play_id: str) -> str:
    page = play_page(play_id)
    goals = view.goals_of_play.get(play_id, [])
    out = [HEADING, ""]
    if not goals:
        out += ["No goal applies this play yet. Name it under `plays:` in a goal to list the goal here.", ""]
        return "\n".join(out)
    out += [f"{plural(len(goals), 'goal')} name this play under `plays:`.", ""]
    for level, title in _GROUPS:
        group = sorted((g for g in goals if g.level == level), key=lambda g: (g.status == "retired", g.id))
        if not group:
            continue
        out += [f"### {title}", ""]
        limit = MAX_INDIVIDUAL if level == Level.INDIVIDUAL else len(group)
        out += [_item(view, page, g) for g in group[:limit]]
        if len(group) > limit:
            out.append(f"- … and {len(group) - limit} more")
        out.append("")
    other = [g for g in goals if g.level not in (Level.CORPORATE, Level.DEPARTMENT, Level.INDIVIDUAL)]
    out += [_item(view, page, g) for g in other]
    return "\n".join(out).rstrip() + "\n"


def _item(view: PublicView, page: str, goal: Goal) -> str:
    text = link(goal.title, rel(page, view.home[goal.id], goal_anchor(goal.id)))
    if goal.level == Level.DEPARTMENT and goal.department in view.org.departments:
        text += f" · {md(view.org.departments[goal.department].name)}"
    elif goal.level == Level.INDIVIDUAL and goal.person in view.org.people:
        text += f" · {md(view.org.people[goal.person].name)}"
    if goal.status == "retired":
        text += " (retired)"
    return f"- {text}"


def play_sections(result: CheckResult, plays: dict[str, str] | None = None, *,
                  directory_urls: bool = True, people_pages: str = "auto") -> dict[str, str]:
    """Play id -> the Markdown section "## Goals that apply this play", listing (linked) public goals.

    With `plays` (play id -> title, from playbook/plays/), one section per play in it; without, one per
    play that some public goal names. Links are relative to `plays/<id>.md`; `people_pages` as build_pages'
    (where individual goals are shown).
    """
    return sections_from_view(build_view(result, None, plays, people_pages), plays, directory_urls=directory_urls)
