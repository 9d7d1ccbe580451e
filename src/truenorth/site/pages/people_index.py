"""The people page: everyone with a file in goals/people/, by department."""

from __future__ import annotations

from truenorth.site.escape import front_matter, html_text, md, plural
from truenorth.site.view import PEOPLE
from truenorth.site.widgets import NO_SEARCH, PageKit, html_list


def render(kit: PageKit) -> str:
    view = kit.view
    page = PEOPLE
    out = [front_matter("People"), "# People", "",
           "Everyone with a file in `goals/people/`, by department. Open a person to see their goals and how "
           "each one traces up to the vision.", ""]
    groups = sorted(view.people_of_department, key=lambda d: (kit.department_name(d).casefold(), d))
    for dept_id in groups:
        dept = view.department(dept_id)
        heading = dept.name if dept else f"{dept_id} (not a known department)"
        out += [f"## {md(heading)}" + NO_SEARCH, ""]
        if dept:
            out += [f"Department page: {kit.department_link(page, dept_id)}", ""]
        items = []
        for person in view.people_of_department[dept_id]:
            role = f" · {html_text(person.role)}" if person.role else ""
            n = len(view.goals_of_person.get(person.id, [])) + view.private_of_person.get(person.id, 0)
            items.append(f"{kit.person_a(page, person.id)}{role} · {plural(n, 'goal')}")
        out += [html_list(items, "tn-people-list"), ""]
    if not view.org.people:
        out += ["*No people yet.*", ""]
    return "\n".join(out)
