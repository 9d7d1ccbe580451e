"""The cascade page: the top of the cascade, drawn and listed."""

from __future__ import annotations

from truenorth.model import Goal, Level
from truenorth.site.diagrams import Diagram, Node
from truenorth.site.escape import front_matter, plural
from truenorth.site.links import href, rel
from truenorth.site.view import CASCADE, DEPARTMENTS, PEOPLE, corporate_page
from truenorth.site.widgets import MAX_DIAGRAM_CHILDREN, PageKit, html_list, is_active

MAX_BRANCH_BOXES = 12  # department-goal boxes in one corporate goal's branch diagram


def cascade_diagram(kit: PageKit, page: str) -> Diagram:
    """The vision and the corporate goals under it (capped, with a "+N more" box): one row, no fan of
    lines; each corporate goal's branch is drawn on its own below (branch_diagram), opened one at a time."""
    view = kit.view
    diagram = Diagram("The top of the cascade: the vision and the corporate goals under it")
    if view.vision is not None:
        diagram.add(kit.diagram_node(page, view.vision.id))
    corporate = [g for g in view.corporate if is_active(g)] or view.corporate
    shown = corporate[:MAX_DIAGRAM_CHILDREN]
    for corp in shown:
        diagram.add(kit.diagram_node(page, corp.id))
        if view.vision is not None and view.graph.has_edge(corp.id, view.vision.id):
            diagram.link(corp.id, view.vision.id)
    if len(corporate) > len(shown):
        diagram.add(Node("more:corporate", f"+{len(corporate) - len(shown)} more", 1, None, None, "more"))
    return diagram


def branch_diagram(kit: PageKit, page: str, corp: Goal) -> Diagram:
    """One corporate goal and the department goals under it (capped, with a "+N more" box to its page)."""
    view = kit.view
    diagram = Diagram(f"The department goals under the corporate goal: {corp.title}")
    diagram.add(kit.diagram_node(page, corp.id, kind="focus"))
    under = [c for c in view.supporters.get(corp.id, []) if view.goals[c].level == Level.DEPARTMENT]
    under.sort(key=lambda c: (not is_active(view.goals[c]), c))
    limit = len(under) if len(under) <= MAX_BRANCH_BOXES + 1 else MAX_BRANCH_BOXES
    for child in under[:limit]:
        node = diagram.add(kit.diagram_node(page, child))
        diagram.link(node.key, corp.id)
    if len(under) > limit:
        key = f"more:{corp.id}"
        diagram.add(Node(key, f"+{len(under) - limit} more", 2,
                         href(page, corporate_page(corp.id), "supported-by", kit.directory_urls), None, "more",
                         f"{len(under) - limit} more department goals support {corp.title}"))
        diagram.link(key, corp.id)
    return diagram


def render(kit: PageKit) -> str:
    view = kit.view
    page = CASCADE
    out = [front_matter("The cascade"), "# The cascade", "",
           "Every goal supports a goal one level up, from each person's goals to the department's, "
           "to the corporate goals, to the customer vision. This page shows the top of the cascade; "
           f"open a [department]({rel(page, DEPARTMENTS)}) or a [person]({rel(page, PEOPLE)}) for the rest.", "",
           kit.figure_of(cascade_diagram(kit, page)), ""]
    out += ["## Corporate goals and the department goals under them", "",
            "Open a corporate goal to see its branch: the department goals that carry it.", ""]
    if view.vision is not None:
        out += [f'<p class="tn-los"><strong>Vision:</strong> {kit.goal_a(page, view.vision.id)}</p>', ""]
    branches = []
    for corp in view.corporate:
        under = [f"{kit.goal_item_html(page, view.goals[child])} · {kit.department_a(page, view.goals[child].department)}"
                 for child in view.supporters.get(corp.id, []) if view.goals[child].level == Level.DEPARTMENT]
        hidden = view.private_supporters.get(corp.id, 0)
        if hidden:
            under.append(f"<em>{plural(hidden, 'private goal')}</em>")
        count = plural(len(under) - (1 if hidden else 0), "department goal")
        body = kit.figure_of(branch_diagram(kit, page, corp)) if under else ""
        body += html_list(under, "tn-goal-list") if under else "<p><em>No department goal carries it yet.</em></p>"
        # one branch open at a time (details elements of one name: an exclusive accordion, no script)
        branches.append(f'<details class="tn-branch" name="tn-branch"><summary>{kit.goal_item_html(page, corp)} · {count}'
                        f"</summary>{body}</details>")
    if branches:  # one raw HTML block (see widgets: a block-level tag first, no blank line inside)
        out += ['<div class="tn-branches">' + "".join(branches) + "</div>", ""]
    return "\n".join(out)
