"""A corporate goal's page: the goal in full, its place in the cascade, who carries it."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from truenorth.model import Goal, Level
from truenorth.site import diagrams
from truenorth.site.escape import front_matter, plural
from truenorth.site.view import CASCADE, corporate_page
from truenorth.site.widgets import MAX_NAV_ITEMS, NO_SEARCH, PageKit, html_list


def local_nav(kit: PageKit, page: str, goal: Goal) -> str:
    """Where a corporate goal sits: under the vision; then the other corporate goals around it."""
    view = kit.view
    path = [("Vision", [kit.goal_a(page, view.vision.id)])] if view.vision is not None else []
    others = [g for g in kit.neighbours(view.corporate, goal, lambda g: g.id)]
    more = f'<a href="{kit.url_to(page, CASCADE)}">' + (
        f"all {len(view.corporate)}" if len(view.corporate) > MAX_NAV_ITEMS + 1 else "The cascade") + "</a>"
    return kit.local_nav(path, ("Corporate goal", goal.title), "Other corporate goals",
                         [kit.goal_a(page, g.id) for g in others], more)


def render(kit: PageKit, goal: Goal) -> str:
    view = kit.view
    page = corporate_page(goal.id)
    heading, _, rest = kit.render_goal(page, goal, level=1, inline_supporters=False).partition("\n")
    out = [front_matter(goal.title), heading, "", local_nav(kit, page, goal), "", rest, ""]
    out += ["## In the cascade" + NO_SEARCH, "", kit.figure_of(kit.goal_tree_diagram(page, goal)), ""]
    dependants = [view.goals[d] for d in nx.ancestors(view.graph, goal.id) if d in view.goals]
    if dependants:
        counts = kit.status_counts(dependants)
        out += [f"{plural(len(dependants), 'goal')} trace up through this goal.", "",
                diagrams.figure(diagrams.status_bar(counts, title="Goals under this goal by status")), ""]
    out += ["## Supported by { #supported-by data-search-exclude }", ""]
    direct = view.supporters.get(goal.id, [])
    hidden = view.private_supporters.get(goal.id, 0)
    if not direct and not hidden:
        out += ["!!! warning \"Nobody carries this goal yet\"\n    No goal supports it: departments that move "
                "it should add a department goal that lists it under `supports:`.", ""]
    items = []
    for child in direct:
        sub = view.goals[child]
        where = (f" · {kit.department_a(page, sub.department)}" if sub.level == Level.DEPARTMENT
                 else f" · {kit.person_a(page, sub.person)}" if sub.person else "")
        items.append(kit.goal_item_html(page, sub, where))
    if hidden:
        items.append(f"<em>{plural(hidden, 'private goal')}</em>")
    if items:
        out += [html_list(items, "tn-goal-list"), ""]
    carriers: Counter = Counter()
    for dep in dependants:
        if dep.level == Level.DEPARTMENT and dep.department:
            carriers[dep.department] += 1
    if carriers:
        out += ["## Departments carrying it" + NO_SEARCH, ""]
        names = sorted(carriers, key=lambda d: (kit.department_name(d).casefold(), d))
        out += [html_list([f"{kit.department_a(page, d)} ({plural(carriers[d], 'goal')})" for d in names],
                               "tn-department-list"), ""]
    return "\n".join(out)
