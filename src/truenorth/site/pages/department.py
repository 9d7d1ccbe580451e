"""A department's page: its goals in full, the corporate goals it carries, its teams and people."""

from __future__ import annotations

from collections import Counter

from truenorth.model import Department
from truenorth.site import diagrams
from truenorth.site.pages import person as person_pages
from truenorth.site.due import due_page
from truenorth.site.links import rel
from truenorth.site.escape import front_matter, html_text, md, md_paragraphs, plural
from truenorth.site.view import DEPARTMENTS, department_page
from truenorth.site.widgets import MAX_NAV_ITEMS, NO_SEARCH, PageKit, html_list, mini_status_bar


def local_nav(kit: PageKit, page: str, dept: Department, goals: list) -> str:
    """Where a department sits: the vision, the corporate goals its goals reach, the departments above
    it; then its teams (or, for a team, the other teams of its department)."""
    view = kit.view
    path = kit.above(page, goals) + kit.departments_above(page, dept.parent)
    is_team = bool(dept.parent and dept.parent in view.org.departments)
    if is_team:
        siblings = view.subdepartments.get(dept.parent, [])
        label, more_page = f"Other teams of {view.org.departments[dept.parent].name}", department_page(dept.parent)
    else:
        siblings = view.subdepartments.get(dept.id, [])
        label, more_page = "Its teams", page
    shown = kit.neighbours(siblings, dept, lambda d: d.id) if siblings else []
    more = (f'<a href="{kit.url_to(page, more_page)}">all {len(siblings)}</a>'
            if len(siblings) > MAX_NAV_ITEMS + 1 else f'<a href="{kit.url_to(page, DEPARTMENTS)}">All departments</a>')
    return kit.local_nav(path, ("Team" if is_team else "Department", dept.name), label,
                         [kit.department_a(page, d.id) for d in shown], more)


def render(kit: PageKit, dept: Department) -> str:
    view = kit.view
    page = department_page(dept.id)
    goals = view.goals_of_department.get(dept.id, [])
    people = view.people_of_department.get(dept.id, [])
    out = [front_matter(dept.name), f"# {md(dept.name)}", "", local_nav(kit, page, dept, goals), ""]
    facts = [f"**Head:** {kit.person_link(page, dept.head)}"]
    if dept.parent:
        facts.append(f"**Part of:** {kit.department_link(page, dept.parent)}")
    facts.append(f"**People:** {len(people)}")
    if view.today is not None:
        facts.append(f"[Check-ins due]({rel(page, due_page(dept.id))})")
    out += [" · ".join(facts), ""]
    if dept.description:
        out += [md_paragraphs(dept.description), ""]
    counts = kit.department_counts(dept.id)
    out += ["## At a glance" + NO_SEARCH, "", diagrams.figure(diagrams.status_bar(counts, title=f"Goals of {dept.name} and its people by status")),
            f"{kit.counts_text(counts)} (the department's goals and its people's goals).", ""]
    carried: Counter = Counter()
    for goal in goals:
        for corp in kit.corporate_reach(goal.id):
            carried[corp] += 1
    out += ["## Corporate goals it carries" + NO_SEARCH, ""]
    if carried:
        out.append(html_list([f"{kit.goal_item_html(page, view.goals[c])} (through {plural(carried[c], 'goal')})"
                                   for c in sorted(carried, key=lambda c: kit.corporate_order(c))],
                                  "tn-goal-list"))
    else:
        out.append("*None of its goals traces to a corporate goal yet.*")
    out.append("")
    out += ["## Goals" + NO_SEARCH, ""]
    hidden = view.private_of_department.get(dept.id, 0)
    if goals:
        diagram = kit.chains_diagram(page, f"The goals of {dept.name} and their line of sight", goals)
        if diagram is not None:
            out += [kit.figure_of(diagram), ""]
        for goal in goals:
            out += [kit.render_goal(page, goal, level=3), ""]
    elif not hidden:
        out += ["*No department goals yet.*", ""]
    if hidden:
        out += [f'<p class="tn-private"><em>{plural(hidden, "private goal")} not shown.</em></p>', ""]
    subs = view.subdepartments.get(dept.id, [])
    if subs:
        out += ["## Teams and sub-departments" + NO_SEARCH, ""]
        items = []
        for sub in subs:
            sub_counts = kit.department_counts(sub.id)
            items.append(f"{kit.department_a(page, sub.id)} · {kit.counts_text(sub_counts)} {mini_status_bar(sub_counts)}")
        out += [html_list(items, "tn-department-list"), ""]
    out += ["## People" + NO_SEARCH, ""]
    if not people:
        out += ["*Nobody in this department has a file in `goals/people/` yet.*", ""]
    if people and view.folded:  # people_pages: team: each person a section of this page (PublicView.person_home)
        for person in people:
            out += [person_pages.section(kit, page, person), ""]
        return "\n".join(out)
    items = []
    for person in people:
        mine = view.goals_of_person.get(person.id, [])
        hidden_p = view.private_of_person.get(person.id, 0)
        role = f" · {html_text(person.role)}" if person.role else ""
        count = plural(len(mine), "goal") + (f", {plural(hidden_p, 'private goal')}" if hidden_p else "")
        goals_html = html_list([kit.goal_item_html(page, goal) for goal in mine], "tn-goal-list") if mine else ""
        items.append(f"{kit.person_a(page, person.id)}{role} · {count}{goals_html}")
    if items:
        out += [html_list(items, "tn-people-list"), ""]
    return "\n".join(out)
