"""The departments page: the tree of departments with their goals' statuses."""

from __future__ import annotations

from truenorth.model import Department
from truenorth.site.escape import front_matter, plural
from truenorth.site.view import DEPARTMENTS
from truenorth.site.widgets import PageKit, mini_status_bar


def render(kit: PageKit) -> str:
    view = kit.view
    page = DEPARTMENTS
    out = [front_matter("Departments"), "# Departments", "",
           "Each department's goals, its teams, its people and the corporate goals it carries.", ""]
    roots = [d for d in view.org.departments.values()
             if not d.parent or d.parent not in view.org.departments or d.parent == d.id]
    seen: set[str] = set()
    tree: list[str] = []  # one raw HTML block: nested lists

    def walk(dept: Department) -> None:
        seen.add(dept.id)
        counts = kit.department_counts(dept.id)
        people = len(view.people_of_department.get(dept.id, []))
        tree.append(f"<li>{kit.department_a(page, dept.id)} · {plural(people, 'person', 'people')} · "
                    f"{kit.counts_text(counts)} {mini_status_bar(counts)}")
        subs = [sub for sub in view.subdepartments.get(dept.id, []) if sub.id not in seen]
        if subs:
            tree.append("<ul>")
            for sub in subs:
                if sub.id not in seen:
                    walk(sub)
            tree.append("</ul>")
        tree.append("</li>")

    for dept in sorted(roots, key=lambda d: (d.name.casefold(), d.id)):
        if dept.id not in seen:
            walk(dept)
    for dept in sorted(view.org.departments.values(), key=lambda d: (d.name.casefold(), d.id)):
        if dept.id not in seen:  # caught in a loop of parents
            walk(dept)
    if view.org.departments:
        out.append('<ul class="tn-department-tree">' + "".join(tree) + "</ul>")
    else:
        out.append("*No departments yet.*")
    out.append("")
    return "\n".join(out)
