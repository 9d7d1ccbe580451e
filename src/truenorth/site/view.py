"""The public view: what the site may show, indexed once, so pages never scan all goals.

A goal with `visibility: private` is removed here, and so is a draft (`status: draft`). Pages render only from this view: they see
private goals only as counts (per person, per department, per supported goal) and as the
placeholder PRIVATE in a line of sight. Every lookup a page needs (goals of a person, goals of a
department, supporters, lines of sight, home pages) is a dict built in one linear pass.

The rule: public output is a function of public data alone. What a private goal *is* (its id, its
place: the file it is written in and so its level, person and department, and the ids it supports)
shows only as those counts and placeholders; nothing *in* it (title, description, owner, key
results, status, health, period, dates, plays, an invalid value) changes a byte of the site, its
search index or `export-docs`. So this view

* treats a goal item written as private but left out for schema errors (Organisation.withheld,
  decided by load.build.written_private before validation: anything but a clearly public
  `visibility` is private) as a private goal at its place, with its links;
* assesses progress and status on a projection of the organisation in which every private goal is
  a retired stand-in without key results or period: private supporters are left out of roll-ups
  (a public goal fed only by private ones has no data), and a public goal without a period takes
  its period from the nearest *public* goal above it;
* shows only findings that public data decide (`public_findings`): none that names a private goal
  or points into one (into any line of a withheld item), no count of those left out, and rules
  that read other goals' contents are judged publicly: a corporate goal one private department
  goal supports is not shown as uncovered (TN111), a goal that reaches the vision through a
  withheld private goal is not shown as an orphan (TN101), and no goal-count warning (TN117) is
  shown while any goal is private (a private goal's owner and status are its own). A file that
  could not be parsed cannot tell which of its lines are private, so its problem is shown without
  the line or the parser's words (its location has line 0).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from truenorth.analysis.graph import traced_to_vision
from truenorth.analysis.status import GoalAssessment, assess_parts
from truenorth.findings import CheckResult, Finding
from truenorth.model import Department, Goal, Level, Location, Organisation, Person, Vision
from truenorth.site.escape import file_stem, goal_anchor, person_anchor

def _unpublished(goal: Goal) -> bool:
    """A goal the site never shows: a private one, or a draft (`status: draft`, from truenorth plan: checked
    like any goal, published once agreed). Both are treated alike below: counted, never named."""
    return goal.is_private or goal.status == "draft"


PRIVATE = "\x00private"  # placeholder for a private goal in a line of sight (never a valid id)

HOME = "index.md"
CASCADE = "cascade/index.md"
ALIGNMENT = "cascade/alignment.md"
METRICS = "cascade/metrics.md"
DEPARTMENTS = "cascade/departments/index.md"
PEOPLE = "cascade/people/index.md"
OTHER_GOALS = "cascade/other-goals.md"  # only when a goal has no corporate/department/person home
PLAYS_INDEX = "plays/index.md"
SELF_ASSESSMENT = "self-assessment.md"
GETTING_STARTED = "getting-started/index.md"
VISION_ANCHOR = "vision"

_TOKEN = re.compile(r"[a-z0-9][a-z0-9-]*")


def corporate_page(goal_id: str) -> str:
    return f"cascade/corporate/{file_stem(goal_id)}.md"


def department_page(department_id: str) -> str:
    return f"cascade/departments/{file_stem(department_id)}.md"


def person_page(person_id: str) -> str:
    return f"cascade/people/{file_stem(person_id)}.md"


PEOPLE_PAGES = ("auto", "own", "team")
"""Where people are shown (the site setting `people_pages`): `own`, a page per person
(cascade/people/<id>.md); `team`, a section of their department's page (anchor `person-<id>`), no page of
their own; `auto`, `own` up to TEAM_PAGES_ABOVE people, `team` above."""

TEAM_PAGES_ABOVE = 2000
"""`people_pages: auto` folds people into their department's page above this many people. A page per
person costs the build a whole page (template, theme wrapper, search entry, file) each: at 10,000 people
the build took 2.2x a bare MkDocs build of one trivial page per person with them, and at 100,000 it held
5.9 GB; folded, the site has one page per department (see playbook/reference/performance.md)."""


def people_folded(people_pages: str, people: int) -> bool:
    """Whether people are shown in their department's page (`team`) rather than on pages of their own."""
    if people_pages not in PEOPLE_PAGES:
        raise ValueError(f"people_pages must be one of {', '.join(PEOPLE_PAGES)}, not {people_pages!r}")
    return people_pages == "team" or (people_pages == "auto" and people > TEAM_PAGES_ABOVE)


def play_page(play_id: str) -> str:
    return f"plays/{file_stem(play_id)}.md"


@dataclass(slots=True)
class PublicView:
    org: Organisation
    graph: nx.DiGraph
    today: _dt.date | None
    vision: Vision | None
    goals: dict[str, Goal]  # public goals only, in the organisation's order
    private: set[str]
    assessment: dict[str, GoalAssessment]
    traced: set[str]
    findings: list[Finding]
    plays: dict[str, str] | None
    home: dict[str, str] = field(default_factory=dict)  # public goal id -> page path
    corporate: list[Goal] = field(default_factory=list)
    goals_of_department: dict[str, list[Goal]] = field(default_factory=dict)
    goals_of_person: dict[str, list[Goal]] = field(default_factory=dict)
    goals_owned_by: dict[str, list[Goal]] = field(default_factory=dict)
    other_goals: list[Goal] = field(default_factory=list)
    private_of_department: Counter = field(default_factory=Counter)  # department-level private goals
    private_of_person: Counter = field(default_factory=Counter)  # individual private goals
    people_of_department: dict[str, list[Person]] = field(default_factory=dict)  # sorted by name
    subdepartments: dict[str, list[Department]] = field(default_factory=dict)
    supporters: dict[str, list[str]] = field(default_factory=dict)  # public supporters, sorted by id
    private_supporters: Counter = field(default_factory=Counter)
    goals_of_metric: dict[str, list[Goal]] = field(default_factory=dict)
    goals_of_play: dict[str, list[Goal]] = field(default_factory=dict)
    private_locations: set = field(default_factory=set)  # where private goals (and their parts) are written
    private_lines: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # path -> withheld items' lines
    private_count: int = 0  # private goals, withheld ones included: the one public trace of them
    distance: dict[str, int] = field(default_factory=dict)  # steps from each goal up to the vision
    history: dict = field(default_factory=dict)  # (public goal id, key result index) -> readings (analysis.history)
    owed: dict = field(default_factory=dict)  # person id -> what they owe about public goals (analysis.owe)
    digest: object | None = None  # what changed lately (CheckResult.digest), for the What changed page and feed
    folded: bool = False  # people shown in their department's page (people_pages), not on pages of their own
    basis: dict = field(default_factory=dict)  # what it was made from, kept for update_view (site/view_update.py)
    _chains: dict[str, list[str]] = field(default_factory=dict)

    # -- lookups --------------------------------------------------------------------------

    def status(self, goal_id: str) -> GoalAssessment | None:
        return self.assessment.get(goal_id)

    def is_traced(self, goal: Goal) -> bool:
        return goal.id in self.traced

    def person(self, person_id: str | None) -> Person | None:
        return self.org.people.get(person_id) if person_id else None

    def department(self, department_id: str | None) -> Department | None:
        return self.org.departments.get(department_id) if department_id else None

    def person_home(self, person_id: str) -> tuple[str, str | None]:
        """(page, anchor) where a known person is shown: their own page (anchor None), or, with people
        folded (people_pages), their section of their department's page. The one place that decides it:
        every link to a person, and the home of their individual goals, follow it. A person whose
        department is not known keeps a page of their own."""
        if self.folded:
            person = self.org.people.get(person_id)
            if person is not None and person.department in self.org.departments:
                return department_page(person.department), person_anchor(person_id)
        return person_page(person_id), None

    def _chain(self, node_id: str) -> list[str]:
        cached = self._chains.get(node_id)
        if cached is not None:
            return cached
        if self.vision is None or node_id not in self.distance:
            return []
        chain = [node_id]
        node = node_id
        while node != self.vision.id:
            here = self.distance[node]
            # the first goal in `supports` order that is one step nearer the vision
            node = next(s for s in self.graph.successors(node) if self.distance.get(s) == here - 1)
            chain.append(node)
        self._chains[node_id] = chain
        return chain

    def _mask(self, chain: list[str]) -> list[str]:
        return [PRIVATE if n in self.private else n for n in chain]

    def line_of_sight(self, node_id: str) -> list[str]:
        """The shortest chain from `node_id` to the vision, private goals replaced by PRIVATE; [] if none.

        Ties between equally short chains go to the goal listed first under `supports`. Computed from one
        breadth-first search from the vision, so each chain costs only its own length.
        """
        return self._mask(self._chain(node_id))

    def lines_of_sight(self, goal_id: str, limit: int = 4) -> list[list[str]]:
        """The shortest chain first, then one chain through each other goal it directly supports."""
        first = self._chain(goal_id)
        if not first:
            return []
        lines = [self._mask(first)]
        for target in sorted(self.graph.successors(goal_id)):
            if len(lines) >= limit:
                break
            if target == goal_id or target == first[1]:
                continue
            rest = self._chain(target)
            line = self._mask([goal_id, *rest]) if rest else None
            if line and line not in lines:
                lines.append(line)
        return lines

    def supported_targets(self, goal: Goal) -> tuple[list[str], int, list[str]]:
        """What the goal supports: public ids (goals or the vision), number of private ones, unknown ids."""
        public, private, unknown = [], 0, []
        vision_id = self.vision.id if self.vision else None
        for link in goal.supports:
            if link.target == vision_id or link.target in self.goals:
                public.append(link.target)
            elif link.target in self.private:
                private += 1
            else:
                unknown.append(link.target)
        return public, private, unknown

    def title(self, node_id: str) -> str:
        if node_id == PRIVATE:
            return "a private goal"
        if self.vision is not None and node_id == self.vision.id:
            return self.vision.title
        goal = self.goals.get(node_id)
        return goal.title if goal else node_id

    def page_of(self, node_id: str) -> tuple[str, str] | None:
        """(page, anchor) where a public goal or the vision is shown in full, else None."""
        if self.vision is not None and node_id == self.vision.id:
            return HOME, VISION_ANCHOR
        page = self.home.get(node_id)
        return (page, goal_anchor(node_id)) if page is not None else None

    def mentions_private(self, finding: Finding) -> bool:
        """Does a finding name a private goal (in its message or hint) or point into one?"""
        if not self.private and not self.private_lines:
            return False
        for text in (finding.message, finding.hint):
            if any(token in self.private for token in _TOKEN.findall(text or "")):
                return True
        return any(self._is_private_place(loc) for loc in (finding.location, *finding.related))

    def _is_private_place(self, where: Location) -> bool:
        if where in self.private_locations:
            return True
        spans = self.private_lines.get(where.path)
        return spans is not None and any(first <= where.line <= last for first, last in spans)


# Codes of the problems that stop a file from being parsed at all: nothing tells which of its lines
# are private, so the site names the file and the kind of problem, not the line or the parser's words.
_UNPARSED = {"TN001", "TN002", "TN003", "TN004", "TN005", "TN006", "TN011"}


def written_at(goal: Goal) -> set:
    """Where a goal and its parts are written: for a private goal, the places no finding may name on the site."""
    found = {goal.location}
    for kr in goal.key_results:
        found.add(kr.location)
        for check_in in kr.check_ins:
            found.add(check_in.location)
            if check_in.by_location is not None:
                found.add(check_in.by_location)
    found.update(link.location for link in goal.supports)
    found.update(where for where in (goal.plays_location, goal.owner_location) if where is not None)
    return found


def build_view(result: CheckResult, today: _dt.date | None, plays: dict[str, str] | None = None,
               people_pages: str = "auto") -> PublicView:
    """The public view; `people_pages` (PEOPLE_PAGES) decides where people are shown (PublicView.person_home)."""
    org = result.org
    folded = people_folded(people_pages, len(org.people))
    private = {g.id for g in org.goals.values() if _unpublished(g)}
    goals = {gid: g for gid, g in org.goals.items() if not _unpublished(g)}
    vision_id = org.vision.id if org.vision is not None else None
    # private goal items left out for schema errors: private goals at their place, with their links
    # (as with valid goals, the first of two equal ids counts: one that a goal or the vision has is not another goal)
    withheld = []
    for w in org.withheld:
        if w.id is not None and w.id not in org.goals and w.id != vision_id and w.id not in private:
            withheld.append(w)
            private.add(w.id)
    graph = result.graph
    traced = result.traced
    if withheld:
        graph = graph.copy()
        graph.add_nodes_from(w.id for w in withheld)
        graph.add_edges_from((w.id, link.target) for w in withheld for link in w.supports if link.target in graph)
        into = {w.id for w in withheld}  # links to them, which the check's graph leaves out as dangling
        graph.add_edges_from((goal.id, link.target, {"weight": link.weight} if link.weight != 1.0 else {})
                             for goal in org.goals.values() for link in goal.supports if link.target in into)
        traced = traced_to_vision(graph, org)
    assessment = {}
    basis: dict = {"people_pages": people_pages, "thresholds": result.status_thresholds}
    if today is not None:
        assessment, basis["progress"], basis["periods"] = assess_parts(
            _projection(org, withheld) if private else org, graph, today, **result.status_thresholds)
        if private:
            assessment = {gid: a for gid, a in assessment.items() if gid not in private}
    view = PublicView(org=org, graph=graph, today=today, vision=org.vision, goals=goals, private=private,
                      assessment=assessment, traced=set(traced), findings=[], plays=plays, folded=folded,
                      basis=basis)
    view.private_count = sum(1 for g in org.goals.values() if _unpublished(g)) + len(org.withheld)
    kept = {id(w) for w in withheld}
    for w in org.withheld:
        view.private_lines.setdefault(w.location.path, []).append((w.location.line, w.last_line))
        if id(w) in kept or w.id is None:  # counted where it is written, as a valid private goal is
            if w.level == Level.INDIVIDUAL and w.person:
                view.private_of_person[w.person] += 1
            elif w.level == Level.DEPARTMENT and w.department:
                view.private_of_department[w.department] += 1
    private_locations = view.private_locations
    goals_of_department: dict[str, list[Goal]] = defaultdict(list)
    goals_of_person: dict[str, list[Goal]] = defaultdict(list)
    goals_owned_by: dict[str, list[Goal]] = defaultdict(list)
    goals_of_metric: dict[str, list[Goal]] = defaultdict(list)
    goals_of_play: dict[str, list[Goal]] = defaultdict(list)
    for goal in org.goals.values():
        if _unpublished(goal):
            private_locations.update(written_at(goal))
            if goal.level == Level.INDIVIDUAL and goal.person:
                view.private_of_person[goal.person] += 1
            elif goal.level == Level.DEPARTMENT and goal.department:
                view.private_of_department[goal.department] += 1
            continue
        if goal.level == Level.CORPORATE:
            view.corporate.append(goal)
            view.home[goal.id] = corporate_page(goal.id)
        elif goal.level == Level.DEPARTMENT and goal.department in org.departments:
            goals_of_department[goal.department].append(goal)
            view.home[goal.id] = department_page(goal.department)
        elif goal.level == Level.INDIVIDUAL and goal.person in org.people:
            goals_of_person[goal.person].append(goal)
            view.home[goal.id] = view.person_home(goal.person)[0]
        else:
            view.other_goals.append(goal)
            view.home[goal.id] = OTHER_GOALS
        goals_owned_by[goal.owner].append(goal)
        for kr in goal.key_results:
            bucket = goals_of_metric[kr.metric]
            if not bucket or bucket[-1] is not goal:
                bucket.append(goal)
        for play in dict.fromkeys(goal.plays):
            goals_of_play[play].append(goal)
    view.goals_of_department = dict(goals_of_department)
    view.goals_of_person = dict(goals_of_person)
    view.goals_owned_by = dict(goals_owned_by)
    view.goals_of_metric = dict(goals_of_metric)
    view.goals_of_play = dict(goals_of_play)

    people_of_department: dict[str, list[Person]] = defaultdict(list)
    for person in org.people.values():
        people_of_department[person.department].append(person)
    for people in people_of_department.values():
        people.sort(key=lambda p: (p.name.casefold(), p.id))
    view.people_of_department = dict(people_of_department)

    subdepartments: dict[str, list[Department]] = defaultdict(list)
    for dept in org.departments.values():
        if dept.parent and dept.parent in org.departments and dept.parent != dept.id:
            subdepartments[dept.parent].append(dept)
    for subs in subdepartments.values():
        subs.sort(key=lambda d: (d.name.casefold(), d.id))
    view.subdepartments = dict(subdepartments)

    for node in graph.nodes:
        public, hidden = [], 0
        for child in graph.predecessors(node):
            if child == node:
                continue
            if child in private:
                hidden += 1
            elif child in goals:
                public.append(child)
        if public:
            view.supporters[node] = sorted(public)
        if hidden:
            view.private_supporters[node] = hidden

    if org.vision is not None and org.vision.id in graph:
        view.distance = nx.single_source_shortest_path_length(graph.reverse(copy=False), org.vision.id)
    view.findings = public_findings(view, result.findings, basis.setdefault("mentioned", {}))
    _progress_over_time(view, result)
    return view


def _progress_over_time(view: PublicView, result: CheckResult) -> None:
    """The readings of the public key results, and what each person owes about public goals."""
    from truenorth.analysis.history import histories
    from truenorth.analysis.owe import goal_owed, most_pressing_first, named_goals

    goals = view.goals
    view.digest = result.digest
    view.history = {key: readings for key, readings in histories(view.org, result.history).items() if key[0] in goals}
    view.basis["history"] = result.history
    if view.today is not None:  # (what analysis.owe.owed gives, for the public goals only)
        cadence = result.status_thresholds.get("checkin_every_days")
        named = view.basis["named"] = named_goals(view.org, view.findings)
        per_goal = view.basis["owed"] = {}
        by_person: dict[str, list] = {}
        today, assessment = view.today, view.assessment
        for goal_id, goal in goals.items():
            items = goal_owed(goal, assessment.get(goal_id), named.get(goal_id, ()), today, cadence)
            if items:
                per_goal[goal_id] = items
                by_person.setdefault(goal.owner, []).extend(items)
        view.owed = {person: most_pressing_first(items) for person, items in sorted(by_person.items())}


def _projection(org: Organisation, withheld: list) -> Organisation:
    """The organisation as the public may assess it: every private goal (and withheld item) a retired
    stand-in at its place, with no key result, period, health or owner, so that no private number,
    status or date rolls up into a public goal (see the module's docstring)."""
    goals: dict[str, Goal] = {}
    for gid, goal in org.goals.items():
        goals[gid] = _stand_in(goal.id, goal.level, goal.location, goal.department, goal.person) if _unpublished(goal) \
            else goal
    for w in withheld:
        goals[w.id] = _stand_in(w.id, w.level, w.location, w.department, w.person)
    return Organisation(vision=org.vision, goals=goals, departments=org.departments, people=org.people,
                        metrics=org.metrics)


def _stand_in(goal_id: str, level: Level, location: Location, department: str | None, person: str | None) -> Goal:
    return Goal(id=goal_id, title="", owner="", level=level, supports=[], location=location, department=department,
                person=person, status="retired", visibility="private")


def _private_beneath(view: PublicView, private_level: dict, goal_id: str, whole_branch: bool) -> bool:
    """Whether a private goal supports this one (directly, or anywhere beneath it with `whole_branch`)."""
    if whole_branch:
        return any(node in private_level for node in nx.ancestors(view.graph, goal_id))
    return any(node in private_level for node in view.graph.predecessors(goal_id))


def _mentions_private(view: PublicView, finding: Finding, mentioned: dict | None) -> bool:
    """view.mentions_private, remembered in `mentioned` (valid while the view's private ids and places are)."""
    if mentioned is None:
        return view.mentions_private(finding)
    found = mentioned.get(finding)
    if found is None:
        found = mentioned[finding] = view.mentions_private(finding)
    return found


def public_findings(view: PublicView, findings: list[Finding], mentioned: dict | None = None) -> list[Finding]:
    """The findings the site may show: those public data decide (see the module's docstring). `mentioned`:
    finding -> whether it names or points into a private goal, kept between views with the same private goals
    at the same places (site/view_update.py)."""
    if not view.private and not view.private_lines and not any(f.code in _UNPARSED for f in findings):
        return list(findings)
    goal_at: dict | None = None
    private_level = {g.id: g.level for g in view.org.goals.values() if _unpublished(g)}
    for w in view.org.withheld:
        if w.id in view.private:
            private_level.setdefault(w.id, w.level)
    shown = []
    for finding in findings:
        if finding.code in _UNPARSED:
            from truenorth.rules.loading import LOAD_RULES

            summary = LOAD_RULES[finding.code].summary.rstrip(".")
            finding = Finding(finding.code, finding.name, finding.severity, summary[:1].lower() + summary[1:],
                              Location(finding.location.path, 0, 0), "Run `truenorth check` for the line.")
        elif _mentions_private(view, finding, mentioned):
            continue
        elif finding.code == "TN117" and view.private_count:
            continue
        elif finding.code in ("TN101", "TN111"):
            if goal_at is None:
                goal_at = {g.location: gid for gid, g in view.goals.items()}
            goal_id = goal_at.get(finding.location)
            if goal_id is not None and finding.code == "TN101" and goal_id in view.traced:
                continue  # it reaches the vision through a private goal left out for its errors
            if goal_id is not None and finding.code == "TN111" and view.graph.has_node(goal_id) and any(
                    private_level.get(child) == Level.DEPARTMENT for child in view.graph.predecessors(goal_id)):
                continue  # a private department goal supports it: whether that one is active is its own
        elif finding.code in ("TN204", "TN207"):
            if goal_at is None:
                goal_at = {g.location: gid for gid, g in view.goals.items()}
            goal_id = goal_at.get(finding.location)
            if goal_id is not None and view.graph.has_node(goal_id) and _private_beneath(
                    view, private_level, goal_id, whole_branch=finding.code == "TN207"):
                continue  # a private goal supports it: its status (TN204) or key results (TN207) decide
        shown.append(finding)
    return shown
