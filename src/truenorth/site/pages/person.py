"""A person's page: their goals in full, with their lines of sight; or, with people folded into their
department's page (people_pages: team), the same as a section of that page (`section`)."""

from __future__ import annotations

from truenorth.model import Person
from truenorth.site import due
from truenorth.site.escape import front_matter, html_text, md, person_anchor, plural
from truenorth.site.view import PEOPLE, department_page, person_page
from truenorth.site.widgets import MAX_NAV_ITEMS, NO_SEARCH, SEARCHABLE, PageKit, html_list


def local_nav(kit: PageKit, page: str, person: Person, goals: list) -> str:
    """Where a person sits: the vision, the corporate goals their goals reach, their department and
    team; then their teammates around them (at most MAX_NAV_ITEMS, then a link to all of them)."""
    view = kit.view
    path = kit.above(page, goals) + kit.departments_above(page, person.department)
    team = view.people_of_department.get(person.department, [])
    shown = kit.neighbours(team, person, lambda p: p.id) if len(team) > 1 else []
    more = ""
    if len(team) > MAX_NAV_ITEMS + 1 and view.department(person.department) is not None:
        more = f'<a href="{kit.url_to(page, department_page(person.department), "people")}">all {len(team)} people</a>'
    more = more or f'<a href="{kit.url_to(page, PEOPLE)}">Everyone</a>'
    return kit.local_nav(path, ("Person", person.name), "Teammates", [kit.person_a(page, p.id) for p in shown], more)


def render(kit: PageKit, person: Person) -> str:
    view = kit.view
    page = person_page(person.id)
    goals = view.goals_of_person.get(person.id, [])
    hidden = view.private_of_person.get(person.id, 0)
    # the local navigation under the heading (a site builder may show it as the left sidebar instead)
    out = [front_matter(person.name), f"# {md(person.name)}", "", local_nav(kit, page, person, goals), ""]
    # raw HTML (no Markdown to parse: this page is made for every person) that search still indexes
    facts = []
    if person.role:
        facts.append(f"<strong>Role:</strong> {html_text(person.role)}")
    facts.append(f"<strong>Department:</strong> {kit.department_a(page, person.department)}")
    out += [f'<p class="tn-person-facts {SEARCHABLE}">' + " · ".join(facts) + "</p>", ""]
    if goals:  # the goals' titles, in the one section of the page that search indexes
        out += [f'<p class="tn-goal-index {SEARCHABLE}"><strong>Goals:</strong> '
                + " · ".join(kit.goal_a(page, g.id) for g in goals) + "</p>", ""]
    if kit.view.today is not None:
        out += [due.person_box(kit, page, person), ""]
    out += ["## My goals" + NO_SEARCH, ""]
    if goals:
        counts = kit.status_counts(goals)
        out += [f'<p class="tn-counts">{html_text(kit.counts_text(counts))}.</p>', ""]
        diagram = kit.chains_diagram(page, f"The goals of {person.name} and their line of sight", goals)
        if diagram is not None:
            out += [kit.figure_of(diagram), ""]
        for goal in goals:
            out += [kit.render_goal(page, goal, level=3, searchable=False), ""]
    elif not hidden:
        out += ["!!! note \"No goals yet\"\n    Add individual goals to this person's file in `goals/people/`, each "
                "supporting a goal of their department.", ""]
    if hidden:
        out += [f'<p class="tn-private"><em>{plural(hidden, "private goal")} not shown.</em></p>', ""]
    elsewhere = [g for g in view.goals_owned_by.get(person.id, []) if view.home.get(g.id) != page]
    if elsewhere:
        out += ["## Other goals I own" + NO_SEARCH, ""]
        out += [html_list([kit.goal_item_html(page, g) for g in elsewhere], "tn-goal-list"), ""]
    return "\n".join(out)


def section(kit: PageKit, page: str, person: Person, level: int = 3) -> str:
    """A person as a section of their department's page (people_pages: team): what their page shows, under
    a heading with their anchor (`person-<id>`) that search indexes with their facts and goals' titles; their
    goals in full one level below (their anchors, `goal-<id>`, on this page: PublicView.person_home); no
    diagram of their own (each goal shows its line of sight, and the department's diagram is above)."""
    view = kit.view
    goals = view.goals_of_person.get(person.id, [])
    hidden = view.private_of_person.get(person.id, 0)
    out = [f"{'#' * level} {md(person.name)} {{#{person_anchor(person.id)} .tn-person}}", ""]
    facts = []
    if person.role:
        facts.append(f"<strong>Role:</strong> {html_text(person.role)}")
    facts.append(f"<strong>Department:</strong> {html_text(kit.department_name(person.department))}")
    out += [f'<p class="tn-person-facts {SEARCHABLE}">' + " · ".join(facts) + "</p>", ""]
    if goals:
        out += [f'<p class="tn-goal-index {SEARCHABLE}"><strong>Goals:</strong> '
                + " · ".join(kit.goal_a(page, g.id) for g in goals) + "</p>", ""]
    if view.today is not None:
        out += [due.person_box(kit, page, person), ""]
    if goals:
        counts = kit.status_counts(goals)
        out += [f'<p class="tn-counts">{html_text(kit.counts_text(counts))}.</p>', ""]
        for goal in goals:
            out += [kit.render_goal(page, goal, level=level + 1, searchable=False, in_contents=False), ""]
    elif not hidden:
        out += ['<p class="tn-no-goals"><em>No goals yet: add individual goals to this person\'s file in '
                "<code>goals/people/</code>, each supporting a goal of their department.</em></p>", ""]
    if hidden:
        out += [f'<p class="tn-private"><em>{plural(hidden, "private goal")} not shown.</em></p>', ""]
    mine = {g.id for g in goals}
    elsewhere = [g for g in view.goals_owned_by.get(person.id, []) if g.id not in mine]
    if elsewhere:
        out += ['<p class="tn-other-goals"><strong>Other goals they own:</strong></p>'
                + html_list([kit.goal_item_html(page, g) for g in elsewhere], "tn-goal-list"), ""]
    return "\n".join(out)
