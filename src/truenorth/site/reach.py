"""Which pages an edit can reach: the live preview makes only those again (pure, no MkDocs import).

    reach = pages_reached(old_view, new_view)
    reach.reaches("cascade/people/ann.md")  # True: make it again; False: its last Markdown stands

`truenorth serve` (mkdocs_plugin/incremental.py) keeps the public view (site/view.py) of its last
build; after a save it compares it with the new one and makes again only the pages whose Markdown
can differ. The pages of one thing (a corporate goal, a department, a person, a department's
check-ins due) are reached by what changed; every other page (home, the cascade, the indexes,
alignment, metrics, reviews, what changed, other goals) shows the whole organisation and is always
made again (cheap: measured in incremental.py's docstring).

What another page shows of a goal, and so what a change of it reaches (`_goal_reach`):

* anything of it (its `Goal`, assessment, history, private counts): its home page, its owner's
  page (other goals they own), its department's page (the department's goals, a person's goals
  in its people list), the pages of the goals it supports (their "Supported by"), and the due box
  and due pages of whoever owes something about it;
* its progress (`progress_inline` in lists): also the department pages that list a corporate
  goal among those they carry (its department-level supporters, at any depth);
* what lines of sight, diagrams and links show of it (title, status, home, level, place, links,
  distance to the vision, traced or not): also the home of every goal above and below it (their
  lines of sight, diagrams, roll-ups and local navigation), the department pages above its own
  (their teams' counts), and, for a corporate goal, every corporate page (their neighbours).

A person reaches their own page, their teammates' (the local navigation lists neighbours), their
old and new department's page and those above it, the due pages of those departments, the homes of
the goals they own or whose goals they support directly, and the pages of the departments they
head. Whatever this module does not follow makes every page again (`Reach.every`): the vision,
a department, a metric, the plays, the date, a withheld item, a page kind it does not know.

Where a person is shown is asked of ONE function, `person_pages`, which asks the view
(PublicView.person_home: their own page, or with people_pages folded their department's page).

When the new view was made from the old one by site/view_update.py (the live preview's usual case), it
names the goals that may differ (the edited ones and those assessed differently, `basis["touched"]`):
only those are compared, instead of every goal of both views. Such an edit keeps the people, the
departments and every goal's place, so the people index is kept as it was (`Reach.kept`), and so is
the departments' tree when no goal's status changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from truenorth.model import Level
from truenorth.site.due import due_page
from truenorth.site.view import DEPARTMENTS, PEOPLE, PublicView, corporate_page, department_page


def person_pages(view: PublicView, person_id: str | None) -> set[str]:
    """The page that shows a person as theirs: their own page, or their department's with people folded
    (PublicView.person_home, which every link to a person follows)."""
    if not person_id or person_id not in view.org.people:
        return set()
    return {view.person_home(person_id)[0]}


@dataclass(slots=True)
class Reach:
    """The pages an edit reaches: `every` (make them all, `why` says why), or those in `pages` and
    every page that is not one thing's (those in `entity_pages`)."""

    every: bool = False
    why: str = ""
    pages: set[str] = field(default_factory=set)
    entity_pages: set[str] = field(default_factory=set)
    kept: frozenset[str] = frozenset()  # pages of the whole organisation that the edit cannot change

    def reaches(self, path: str) -> bool:
        return self.every or path in self.pages or (path not in self.entity_pages and path not in self.kept)


def everything(why: str) -> Reach:
    return Reach(every=True, why=why)


def entity_pages(view: PublicView) -> set[str]:
    """The pages of one thing each: corporate goals, departments, people, departments' check-ins due."""
    pages = {corporate_page(goal.id) for goal in view.corporate}
    for dept in view.org.departments:
        pages.add(department_page(dept))
        pages.add(due_page(dept))
    for person in view.org.people:
        pages |= person_pages(view, person)
    return pages


def pages_reached(old: PublicView | None, new: PublicView) -> Reach:
    """The pages of `new` whose Markdown may differ from the one made from `old` (None: every page)."""
    if old is None:
        return everything("no earlier view")
    why = _not_followed(old, new)
    if why:
        return everything(why)
    pages: set[str] = set()
    views = (old, new)
    touched = _touched(old, new)
    changed = _changed_goals(old, new, touched)
    owing = [(_owing(view) if touched is None else _owing_of(view, [goal_id for goal_id, _, _ in changed]))
             if changed else {} for view in views]
    for goal_id, outer, progress in changed:
        for view, owes in zip(views, owing):
            _goal_reach(view, goal_id, outer, progress, pages, owes)
    for person_id in _changed_people(old, new):
        for view in views:
            _person_reach(view, person_id, pages)
    for dept_id in dict.fromkeys([*old.private_of_department, *new.private_of_department]):
        if old.private_of_department.get(dept_id, 0) != new.private_of_department.get(dept_id, 0):
            pages.add(department_page(dept_id))
    for person_id in _changed_owed(old, new):
        for view in views:
            person = view.org.people.get(person_id)
            pages |= person_pages(view, person_id)
            if person is not None:
                pages |= {due_page(d) for d in _department_chain(view, person.department)}
    # (a page of `old` alone is not made at all; one of `new` alone has no last Markdown: it is made)
    entities = new.basis.get("entity_pages") if touched is not None else None
    if entities is None:
        entities = new.basis["entity_pages"] = entity_pages(new)
    # the people index shows people, their departments and how many goals each has: a view made from the
    # last one (site/view_update.py) has the same people, departments and goals at the same places
    kept = frozenset() if touched is None else frozenset({PEOPLE}) if not new.basis.get("same_statuses") else frozenset(
        {PEOPLE, DEPARTMENTS})  # (and, when no goal's status changed, the departments' tree of status counts)
    return Reach(pages=pages, entity_pages=entities, kept=kept)


def _touched(old: PublicView, new: PublicView) -> list[str] | None:
    """The goals that may differ between the views, when `new` was made from `old` by site/view_update.py
    (which names them: the edited goals, public and private, and those it assessed differently); else None."""
    basis = new.basis
    if basis.get("made_from") != id(old) or "touched" not in basis:
        return None
    return basis["touched"]


def _not_followed(old: PublicView, new: PublicView) -> str:
    """Why every page is made again ("" when the changes are all followed)."""
    if old.today != new.today:
        return "the date changed"
    if old.plays != new.plays:
        return "the playbook's plays changed"
    if old.folded != new.folded:
        return "people moved between pages of their own and their departments' pages (people_pages)"
    if old.vision != new.vision:
        return "the vision changed"
    if old.org.departments != new.org.departments:
        return "a department changed"
    if old.org.metrics != new.org.metrics:
        return "a metric changed"
    if old.org.withheld != new.org.withheld or old.private_lines != new.private_lines:
        return "an item left out for its errors changed"
    if set(old.graph) - set(old.org.goals) != set(new.graph) - set(new.org.goals):
        return "the ids goals support but nobody defines changed"
    return ""


# -- goals ----------------------------------------------------------------------------------------

def _outer(view: PublicView, goal_id: str) -> tuple:
    """What pages other than its home show of a goal (links, lines of sight, diagrams, roll-ups)."""
    goal = view.goals.get(goal_id)
    distance = view.distance.get(goal_id)
    if goal is None:  # private (or gone): its place and links only, as a placeholder
        private = view.org.goals.get(goal_id)
        if private is None:
            return ("gone" if goal_id not in view.private else "private", distance)
        return ("private", private.level, private.department, private.person, tuple(private.supported_ids), distance)
    assessment = view.assessment.get(goal_id)
    return (goal.title, assessment.status if assessment is not None else None, view.home.get(goal_id), goal.level,
            goal.department, goal.person, goal.status, goal.owner, tuple(goal.supported_ids), distance,
            goal_id in view.traced)


def _progress(view: PublicView, goal_id: str) -> tuple:
    assessment = view.assessment.get(goal_id)
    return (assessment.progress, assessment.expected) if assessment is not None else (None, None)


def _changed_goals(old: PublicView, new: PublicView, touched: list[str] | None = None) -> list[tuple[str, bool, bool]]:
    """(goal id, whether what other pages show of it changed, whether its progress did), for every
    goal (public or private) that changed at all (among `touched`, when the caller knows that no other can)."""
    changed = []
    old_goals, new_goals = old.org.goals, new.org.goals
    old_history = _history_by_goal(old) if touched is None else _history_of(old, touched)
    new_history = _history_by_goal(new) if touched is None else _history_of(new, touched)
    old_assessment, new_assessment = old.assessment, new.assessment
    old_distance, new_distance = old.distance, new.distance
    old_home, new_home = old.home, new.home
    every = dict.fromkeys([*old_goals, *new_goals, *old.private, *new.private]) if touched is None else touched
    for goal_id in every:
        a, b = old_goals.get(goal_id), new_goals.get(goal_id)
        if (a is b and a is not None  # (the same object: its file was not read again, truenorth.live)
                and old_assessment.get(goal_id) == new_assessment.get(goal_id)
                and old_distance.get(goal_id) == new_distance.get(goal_id)
                and old_home.get(goal_id) == new_home.get(goal_id)
                and (goal_id in old.traced) == (goal_id in new.traced)
                and (goal_id in old.private) == (goal_id in new.private)
                and old.supporters.get(goal_id) == new.supporters.get(goal_id)
                and old.private_supporters.get(goal_id, 0) == new.private_supporters.get(goal_id, 0)
                and old_history.get(goal_id) == new_history.get(goal_id)):
            continue  # (what _outer and _progress read is all above)
        outer = _outer(old, goal_id) != _outer(new, goal_id)
        progress = _progress(old, goal_id) != _progress(new, goal_id)
        same = (not outer and not progress and (a is b or a == b)
                and old.assessment.get(goal_id) == new.assessment.get(goal_id)
                and old_history.get(goal_id) == new_history.get(goal_id)
                and old.private_supporters.get(goal_id, 0) == new.private_supporters.get(goal_id, 0)
                and old.supporters.get(goal_id) == new.supporters.get(goal_id))
        if not same:
            changed.append((goal_id, outer, progress))
    return changed


def _history_by_goal(view: PublicView) -> dict[str, list]:
    by_goal: dict[str, list] = {}
    for (goal_id, index), readings in view.history.items():
        by_goal.setdefault(goal_id, []).append((index, readings))
    return by_goal


def _history_of(view: PublicView, goal_ids: list[str]) -> dict[str, list]:
    """_history_by_goal for these goals alone."""
    by_goal: dict[str, list] = {}
    history = view.history
    for goal_id in goal_ids:
        goal = view.org.goals.get(goal_id)
        if goal is not None:
            found = [(i, history[(goal_id, i)]) for i in range(len(goal.key_results)) if (goal_id, i) in history]
            if found:
                by_goal[goal_id] = found
    return by_goal


def _homes(view: PublicView, goal_ids: Iterable[str]) -> set[str]:
    home = view.home
    return {home[g] for g in goal_ids if g in home}


def _owing(view: PublicView) -> dict[str, set[str]]:
    """Goal id -> the people who owe something about it (their due box and due pages name it)."""
    owing: dict[str, set[str]] = {}
    for person_id, items in view.owed.items():
        for item in items:
            owing.setdefault(item.goal, set()).add(person_id)
    return owing


def _owing_of(view: PublicView, goal_ids: list[str]) -> dict[str, set[str]]:
    """_owing for these goals alone: what is owed about a goal is owed by its owner (analysis.owe)."""
    owing: dict[str, set[str]] = {}
    for goal_id in goal_ids:
        goal = view.org.goals.get(goal_id)
        if goal is not None and any(item.goal == goal_id for item in view.owed.get(goal.owner, ())):
            owing[goal_id] = {goal.owner}
    return owing


def _goal_reach(view: PublicView, goal_id: str, outer: bool, progress: bool, pages: set[str],
                owing: dict[str, set[str]]) -> None:
    goal = view.org.goals.get(goal_id)
    if goal is None and goal_id not in view.graph:
        return
    graph = view.graph
    if goal_id in view.home:
        pages.add(view.home[goal_id])
    successors = list(graph.successors(goal_id)) if goal_id in graph else []
    pages |= _homes(view, successors)
    if goal is not None:
        pages |= person_pages(view, goal.owner)
        pages |= person_pages(view, goal.person)
        department = goal.department
        if goal.person and goal.person in view.org.people:
            department = view.org.people[goal.person].department
        if department:
            pages.add(department_page(department))
            if outer:
                pages |= {department_page(d) for d in _department_chain(view, department)}
    for person_id in owing.get(goal_id, ()):
        pages |= person_pages(view, person_id)
        person = view.org.people.get(person_id)
        if person is not None:
            pages |= {due_page(d) for d in _department_chain(view, person.department)}
    if goal_id not in graph:
        return
    if outer:
        pages |= _homes(view, nx.ancestors(graph, goal_id))
        pages |= _homes(view, nx.descendants(graph, goal_id))
        if goal is not None and goal.level == Level.CORPORATE:
            pages |= {corporate_page(g.id) for g in view.corporate}
    if (outer or progress) and goal is not None and goal.level == Level.CORPORATE:
        for above in nx.ancestors(graph, goal_id):  # the departments that list it among those they carry
            carrier = view.goals.get(above)
            if carrier is not None and carrier.level == Level.DEPARTMENT and carrier.department:
                pages.add(department_page(carrier.department))


def _department_chain(view: PublicView, dept_id: str | None) -> list[str]:
    """A department and every department above it."""
    chain: list[str] = []
    departments = view.org.departments
    while dept_id and dept_id in departments and dept_id not in chain:
        chain.append(dept_id)
        dept_id = departments[dept_id].parent
    return chain


# -- people ---------------------------------------------------------------------------------------

def _changed_people(old: PublicView, new: PublicView) -> list[str]:
    changed = []
    for person_id in dict.fromkeys([*old.org.people, *new.org.people]):
        a, b = old.org.people.get(person_id), new.org.people.get(person_id)
        if not (a is b or a == b) or old.private_of_person.get(person_id, 0) != new.private_of_person.get(person_id, 0):
            changed.append(person_id)
    return changed


def _person_reach(view: PublicView, person_id: str, pages: set[str]) -> None:
    pages |= person_pages(view, person_id)
    pages |= _homes(view, (g.id for g in view.goals_owned_by.get(person_id, [])))
    person = view.org.people.get(person_id)
    mine = view.goals_of_person.get(person_id, [])
    for goal in mine:
        if goal.id in view.graph:
            pages |= _homes(view, view.graph.successors(goal.id))
    pages |= {department_page(d.id) for d in view.org.departments.values() if d.head == person_id}
    if person is None:
        return
    for teammate in view.people_of_department.get(person.department, []):
        pages |= person_pages(view, teammate.id)
    for dept in _department_chain(view, person.department):
        pages.add(department_page(dept))
        pages.add(due_page(dept))


def _changed_owed(old: PublicView, new: PublicView) -> list[str]:
    return [person_id for person_id in dict.fromkeys([*old.owed, *new.owed])
            if old.owed.get(person_id) != new.owed.get(person_id)]
