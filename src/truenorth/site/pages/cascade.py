"""The cascade page: the top of the cascade, drawn and listed."""

from __future__ import annotations

from truenorth.model import Level
from truenorth.site.diagrams import Diagram, Node
from truenorth.site.escape import front_matter, plural
from truenorth.site.links import href, rel
from truenorth.site.view import CASCADE, DEPARTMENTS, PEOPLE, corporate_page
from truenorth.site.widgets import MAX_DIAGRAM_CHILDREN, PageKit, html_list, is_active

MAX_CASCADE_BOXES = 16  # department-goal boxes in the top-of-the-cascade diagram


def cascade_diagram(kit: PageKit, page: str) -> Diagram:
    view = kit.view
    diagram = Diagram("The top of the cascade: the vision, the corporate goals and the department goals under them")
    if view.vision is not None:
        diagram.add(kit.diagram_node(page, view.vision.id))
    corporate = [g for g in view.corporate if is_active(g)] or view.corporate
    shown = corporate[:MAX_DIAGRAM_CHILDREN]
    per_goal = max(1, MAX_CASCADE_BOXES // max(1, len(shown)) - 1)
    for corp in shown:
        diagram.add(kit.diagram_node(page, corp.id))
        if view.vision is not None and view.graph.has_edge(corp.id, view.vision.id):
            diagram.link(corp.id, view.vision.id)
        under = [c for c in view.supporters.get(corp.id, []) if view.goals[c].level == Level.DEPARTMENT]
        under.sort(key=lambda c: (not is_active(view.goals[c]), c))
        limit = len(under) if len(under) <= per_goal + 1 else per_goal
        for child in under[:limit]:
            node = diagram.add(kit.diagram_node(page, child))
            diagram.link(node.key, corp.id)
        if len(under) > limit:
            key = f"more:{corp.id}"
            diagram.add(Node(key, f"+{len(under) - limit} more", 2,
                             href(page, corporate_page(corp.id), None, kit.directory_urls), None, "more",
                             f"{len(under) - limit} more department goals support {corp.title}"))
            diagram.link(key, corp.id)
    if len(corporate) > len(shown):
        diagram.add(Node("more:corporate", f"+{len(corporate) - len(shown)} more", 1, None, None, "more"))
    return diagram


def render(kit: PageKit) -> str:
    view = kit.view
    page = CASCADE
    out = [front_matter("The cascade"), "# The cascade", "",
           "Every goal supports a goal one level up, from each person's goals to the department's, "
           "to the corporate goals, to the customer vision. This page shows the top of the cascade; "
           f"open a [department]({rel(page, DEPARTMENTS)}) or a [person]({rel(page, PEOPLE)}) for the rest.", "",
           kit.figure_of(cascade_diagram(kit, page)), ""]
    out += ["## Corporate goals and the department goals under them", ""]
    corporate = []
    for corp in view.corporate:
        under = [f"{kit.goal_item_html(page, view.goals[child])} · {kit.department_a(page, view.goals[child].department)}"
                 for child in view.supporters.get(corp.id, []) if view.goals[child].level == Level.DEPARTMENT]
        hidden = view.private_supporters.get(corp.id, 0)
        if hidden:
            under.append(f"<em>{plural(hidden, 'private goal')}</em>")
        corporate.append(kit.goal_item_html(page, corp) + (html_list(under, "tn-goal-list") if under else ""))
    tree = html_list(corporate, "tn-goal-list") if corporate else ""
    if view.vision is not None:
        tree = html_list([kit.goal_a(page, view.vision.id) + tree], "tn-goal-tree")
    elif tree:
        tree = tree.replace('<ul class="tn-goal-list">', '<ul class="tn-goal-tree">', 1)
    if tree:
        out += [tree, ""]
    return "\n".join(out)
