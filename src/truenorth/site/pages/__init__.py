"""The pages of the internal site, one module per page kind, each a `render(kit, ...)` -> Markdown.

Each goal is shown in full on exactly one home page (corporate goals on their own page,
department goals on their department's page, individual goals on their person's page, or, with
people folded into their department's page (people_pages: team), on that page in the person's
section) under the anchor `goal-<id>`; everywhere else it is a link to `<home page>#goal-<id>`. The pieces the
pages share (a goal in full, lists, diagrams, links) are in site/widgets.py and site/links.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from truenorth.site import changes, due
from truenorth.site.pages import (alignment, cascade, corporate, department, departments_index, home, metrics,
                                  other_goals, people_index, person, review)
from truenorth.site.view import (ALIGNMENT, CASCADE, DEPARTMENTS, HOME, METRICS, OTHER_GOALS, PEOPLE, corporate_page,
                                 department_page, person_page)
from truenorth.site.widgets import PageKit


def page_jobs(kit: PageKit) -> list[tuple[str, Callable[[], str]]]:
    """(path, a function that makes its Markdown) of every page, in order; each may be called
    in any order or process (truenorth.mkdocs_plugin.speedups.fork makes them on two cores)."""
    view = kit.view
    jobs: list[tuple[str, Callable[[], str]]] = [(HOME, partial(home.render, kit)),
                                                 (CASCADE, partial(cascade.render, kit))]
    jobs += [(corporate_page(goal.id), partial(corporate.render, kit, goal)) for goal in view.corporate]
    jobs.append((DEPARTMENTS, partial(departments_index.render, kit)))
    jobs += [(department_page(dept.id), partial(department.render, kit, dept)) for dept in view.org.departments.values()]
    jobs.append((PEOPLE, partial(people_index.render, kit)))
    # a page of their own for each person not shown in their department's page (PublicView.person_home)
    jobs += [(person_page(p.id), partial(person.render, kit, p)) for p in view.org.people.values()
             if view.person_home(p.id)[1] is None]
    if view.digest is not None:  # what changed lately (site/changes.py)
        jobs.append((changes.CHANGES, partial(changes.render, kit)))
    if view.today is not None:  # what is due, per department (site/due.py)
        jobs += [(due.due_page(dept.id), partial(due.render_department, kit, dept)) for dept in view.org.departments.values()]
    jobs += [(ALIGNMENT, partial(alignment.render, kit)), (METRICS, partial(metrics.render, kit))]
    # the reviews' index even before any period has begun (the playbook's scoring page links to it)
    jobs.append((review.REVIEWS, partial(review.render_index, kit)))
    jobs += [(review.review_page(period), partial(review.render, kit, period)) for period in review.periods(kit)]
    if view.other_goals:
        jobs.append((OTHER_GOALS, partial(other_goals.render, kit)))
    return jobs
