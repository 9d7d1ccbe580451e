"""What is due, on the site: a "Due" box on each person's page and a "Check-ins due" page per department.

Both show analysis.owe's list (the view holds it for public goals only: PublicView.owed): overdue and
due check-ins, periods ended without a close-out, key results without a target or a current value, and
findings that name the goals.
"""

from __future__ import annotations

from truenorth.model import Department, Person
from truenorth.site.escape import file_stem, front_matter, html_text, md, plural
from truenorth.site.view import department_page
from truenorth.site.widgets import NO_SEARCH

KIND_LABEL = {"stale": "Overdue check-in", "due": "Check-in due", "close": "Period ended",
              "target": "No target", "current": "No current value", "finding": "Finding"}


def due_page(department_id: str) -> str:
    """The path of a department's "Check-ins due" page."""
    return f"cascade/due/{file_stem(department_id)}.md"


def _item(kit, page: str, owed) -> str:
    return (f'<li><span class="tn-due__kind tn-due__kind--{owed.kind}">{KIND_LABEL[owed.kind]}</span>: '
            f"{kit.goal_a(page, owed.goal)}: {html_text(owed.text)}</li>")


def person_box(kit, page: str, person: Person) -> str:
    """The "Due" box of a person's page (raw HTML, one block): what they owe, or that nothing is due."""
    items = kit.view.owed.get(person.id, [])
    head = f'<div class="tn-due" role="note" aria-label="Due"><p class="tn-due__title"><strong>Due</strong>'
    if not items:
        return head + " · nothing: every check-in is up to date.</p></div>"
    link = ""
    if kit.view.department(person.department) is not None:
        link = f' · <a href="{kit.url_to(page, due_page(person.department))}">all check-ins due in the department</a>'
    return (head + f" · {plural(len(items), 'thing')}{link}</p>"
            + '<ul class="tn-due__list">' + "".join(_item(kit, page, o) for o in items) + "</ul></div>")


def _owing(view, department_id: str) -> tuple[int, int]:
    """(people who owe something, things owed) in a department and every team below it."""
    people = things = 0
    seen, queue = {department_id}, [department_id]
    while queue:
        dept_id = queue.pop()
        for person in view.people_of_department.get(dept_id, []):
            owed = len(view.owed.get(person.id, ()))
            if owed:
                people += 1
                things += owed
        for sub in view.subdepartments.get(dept_id, []):
            if sub.id not in seen:
                seen.add(sub.id)
                queue.append(sub.id)
    return people, things


def render_department(kit, dept: Department) -> str:
    """The "Check-ins due" page of a department: per person in it, what they owe; then each team below it
    with how many of its people owe how much, linked to the team's own page (each person is listed on one
    page only: a department's page repeating every team below it made these pages a quarter of a large
    organisation's site)."""
    view = kit.view
    page = due_page(dept.id)
    title = f"Check-ins due: {dept.name}"
    out = [front_matter(title), f"# Check-ins due: {md(dept.name)}", "",
           f'<p class="tn-due-intro">What the people of <a href="{kit.url_to(page, department_page(dept.id))}">'
           f"{html_text(dept.name)}</a> owe on {view.today.isoformat() if view.today else 'this day'}: "
           "overdue and due check-ins, periods ended without a close-out, key results without a target or a "
           "current value, and findings that name their goals. Each team below it has a page of its own.</p>", ""]
    rows = []
    for person in view.people_of_department.get(dept.id, []):
        items = view.owed.get(person.id, [])
        if items:
            rows.append(f"<li>{kit.person_a(page, person.id)} "
                        f"({plural(len(items), 'thing')})"
                        + '<ul class="tn-due__list">' + "".join(_item(kit, page, o) for o in items) + "</ul></li>")
    if rows:
        out += ['<ul class="tn-due-people">' + "".join(rows) + "</ul>", ""]
    else:
        out += ["*Nothing is due from the department's own people: every check-in is up to date.*", ""]
    teams = []
    for sub in view.subdepartments.get(dept.id, []):
        people, things = _owing(view, sub.id)
        owes = (f"{plural(people, 'person', 'people')} {'owes' if people == 1 else 'owe'} {plural(things, 'thing')}"
                if people else "nothing is due")
        teams.append(f'<li><a href="{kit.url_to(page, due_page(sub.id))}">{html_text(sub.name)}</a> · {owes}</li>')
    if teams:
        out += ["## Teams below it" + NO_SEARCH, "", '<ul class="tn-due-teams">' + "".join(teams) + "</ul>", ""]
    return "\n".join(out)
