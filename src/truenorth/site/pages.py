"""The pages of the internal site, as Markdown, rendered from the public view.

Each goal is shown in full on exactly one home page (corporate goals on their own page,
department goals on their department's page, individual goals on their person's page) under
the anchor `goal-<id>`; everywhere else it is a link to `<home page>#goal-<id>`.

Headings, descriptions and short lists are Markdown, with relative links to .md pages (MkDocs
checks and rewrites them). The parts that are many and structured (a goal's status line,
progress, line of sight, key results, supporters; the long lists of people and goals; the
diagrams) are raw HTML, which Markdown passes through untouched and which costs it far less to
render; their links are the built URLs (see markdown.href). Every raw HTML block is a paragraph
of its own (a block-level tag first, no blank line inside), so a site builder can set it aside
whole while Markdown runs (see site_build.stash_html).

Nothing here scans all goals per page: the view holds every index, so the whole site is built in
time linear in the size of the organisation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import partial

import networkx as nx

from truenorth.analysis.coverage import is_standalone
from truenorth.analysis.progress import key_result_progress
from truenorth.model import Department, Goal, Level, Person
from truenorth.site import diagrams as dg
from truenorth.site.diagrams import STATUS_LABEL, STATUS_ORDER, Diagram, Node
from truenorth.site.markdown import (code, front_matter, goal_anchor, h, href, html_paragraphs, link, md, md_paragraphs,
                                     metric_anchor, number, pct, plural, rel)
from truenorth.site.public import (ALIGNMENT, CASCADE, DEPARTMENTS, GETTING_STARTED, HOME, METRICS, OTHER_GOALS,
                                   PEOPLE, PLAYS_INDEX, PRIVATE, SELF_ASSESSMENT, VISION_ANCHOR, PublicView,
                                   corporate_page, department_page, person_page, play_page)

# What the search index holds, so that it grows with the number of people, not of goals (at 10,000
# people a section per individual goal made an index of 50,000 entries that took the browser seconds
# to load): each page's title and facts; a person's page once, its text naming their goals; every
# corporate and department goal's own section (title and description, at its anchor). Sections that
# only repeat what is indexed elsewhere (counts, lists of goals and people shown on their own pages)
# and the sections of individual goals are kept out with this attribute, which Material's search
# plugin honours (a heading's whole section). Raw HTML is never indexed (see site_build.stash_html).
NO_SEARCH = " { data-search-exclude }"
SEARCHABLE = "tn-searchable"
"""The class of a raw HTML block that search must index (a site builder may set other raw HTML aside)."""
MAX_INLINE_SUPPORTERS = 100  # goals listed after "Supported by" before "and N more"
MAX_DIAGRAM_CHILDREN = 8  # boxes under a goal in a diagram before a "+N more" box
MAX_DIAGRAM_GOALS = 6  # a person's or department's goals drawn in their diagram
MAX_CASCADE_BOXES = 16  # department-goal boxes in the top-of-the-cascade diagram
MAX_AT_RISK_HOME = 10
MAX_METRIC_USERS = 25
# Characters outside Latin-1 in the raw HTML are written as character references: a page whose text
# is all Latin-1 is then held in memory with one byte per character instead of two (10,000 of them).
SEP = " &#8250; "  # ›
DASH = "&#8212;"  # —
ALIGNMENT_SECTIONS = (
    ("TN101", "Orphans", "Goals whose chain of `supports` never reaches the vision."),
    ("TN102", "Dangling links", "`supports` names a goal that does not exist."),
    ("TN103", "Cycles", "Goals that support each other in a loop."),
    ("TN111", "Gaps", "Corporate goals that no department goal supports: nobody carries them."),
)


def _active(goal: Goal) -> bool:
    return goal.status != "retired"


class SiteBuilder:
    def __init__(self, view: PublicView, *, directory_urls: bool = True) -> None:
        self.v = view
        self.directory_urls = directory_urls
        self._corporate_reach: dict[str, set[str]] = {}
        self._department_counts: dict[str, Counter] = {}
        self._corp_index = {g.id: i for i, g in enumerate(view.corporate)}
        self._targets: dict[str, tuple[str, str, str] | None] = {}
        self._links: dict[tuple[str, str], str] = {}
        self._hrefs: dict[tuple[str, str], str] = {}
        self._anchors: dict[tuple[str, str], str] = {}
        self._folder_keys: dict[str, str] = {}
        self._status: dict[str, tuple[str, float | None, float | None, str]] = {
            gid: (a.status, a.progress, a.expected, a.reason) for gid, a in view.assessment.items()}

    # -- links ------------------------------------------------------------------------------

    def _target(self, node_id: str) -> tuple[str, str, str] | None:
        """(page, anchor, escaped title) of a public goal or the vision; None for anything else."""
        cached = self._targets.get(node_id)
        if cached is None and node_id not in self._targets:
            where = self.v.page_of(node_id) if node_id != PRIVATE else None
            cached = (where[0], where[1], md(self.v.title(node_id))) if where else None
            self._targets[node_id] = cached
        return cached

    def goal_link(self, page: str, node_id: str, text: str | None = None) -> str:
        """A link to a public goal (or the vision) where it is shown in full; plain text otherwise."""
        target = self._target(node_id)
        if target is None:
            label = md(text if text is not None else self.v.title(node_id))
            return f"*{label}*" if node_id == PRIVATE else label
        if text is not None:
            return f"[{md(text)}]({rel(page, target[0], target[1])})"
        if target[0] == page:
            return f"[{target[2]}](#{target[1]})"
        # the link is the same from every page of a folder (but its own), so it is built once per folder
        key = (page.rpartition("/")[0], node_id)
        cached = self._links.get(key)
        if cached is None:
            cached = self._links[key] = f"[{target[2]}]({rel(page, target[0], target[1])})"
        return cached

    def goal_href(self, page: str, node_id: str) -> str | None:
        target = self._target(node_id)
        if target is None:
            return None
        if target[0] == page:
            return href(page, page, target[1], self.directory_urls)
        # built URLs of the pages of one folder are siblings: the href is the same from all but the target
        key = (self._folder_key(page), node_id)
        cached = self._hrefs.get(key)
        if cached is None:
            cached = self._hrefs[key] = href(page, target[0], target[1], self.directory_urls)
        return cached

    def _folder_key(self, page: str) -> str:
        """What the built URLs of a folder's pages share: the folder (an index page's URL is its folder's)."""
        key = self._folder_keys.get(page)
        if key is None:
            folder, _, name = page.rpartition("/")
            key = self._folder_keys[page] = folder if name != "index.md" else folder + "/"
        return key

    def person_link(self, page: str, person_id: str | None) -> str:
        person = self.v.person(person_id)
        if person is None:
            return md(person_id or "nobody") + " (not a known person)"
        return link(person.name, rel(page, person_page(person.id)))

    def department_link(self, page: str, department_id: str | None) -> str:
        dept = self.v.department(department_id)
        if dept is None:
            return md(department_id or "no department") + " (not a known department)"
        return link(dept.name, rel(page, department_page(dept.id)))

    def _href(self, page: str, to_page: str, anchor: str | None = None) -> str:
        return href(page, to_page, anchor, self.directory_urls)

    def goal_a(self, page: str, node_id: str) -> str:
        """An HTML link to a public goal (or the vision) where it is shown in full; plain text otherwise."""
        # the same from every page of a folder but the target's own (lines of sight repeat them by the thousand)
        target = self._target(node_id)
        if target is None:
            label = h(self.v.title(node_id))
            return f"<em>{label}</em>" if node_id == PRIVATE else label
        if target[0] == page:
            return f'<a href="{self.goal_href(page, node_id)}">{h(self.v.title(node_id))}</a>'
        key = (self._folder_key(page), node_id)
        cached = self._anchors.get(key)
        if cached is None:
            cached = self._anchors[key] = f'<a href="{self.goal_href(page, node_id)}">{h(self.v.title(node_id))}</a>'
        return cached

    def person_a(self, page: str, person_id: str | None) -> str:
        person = self.v.person(person_id)
        if person is None:
            return h(person_id or "nobody") + " (not a known person)"
        return f'<a href="{self._href(page, person_page(person.id))}">{h(person.name)}</a>'

    def department_a(self, page: str, department_id: str | None) -> str:
        dept = self.v.department(department_id)
        if dept is None:
            return h(department_id or "no department") + " (not a known department)"
        return f'<a href="{self._href(page, department_page(dept.id))}">{h(dept.name)}</a>'

    def play_a(self, page: str, play_id: str) -> str:
        plays = self.v.plays
        if plays is not None and play_id not in plays:
            return f"{h(play_id)} (not in the playbook)"
        name = (plays or {}).get(play_id) or play_id
        return f'<a href="{self._href(page, play_page(play_id))}">{h(name)}</a>'

    def metric_a(self, page: str, metric_id: str) -> str:
        metric = self.v.org.metrics.get(metric_id)
        if metric is None:
            return h(metric_id) + " (not in the metric catalogue)"
        return f'<a href="{self._href(page, METRICS, metric_anchor(metric.id))}">{h(metric.name)}</a>'

    # -- pieces -----------------------------------------------------------------------------

    def status_of(self, goal_id: str) -> tuple[str, float | None, float | None, str]:
        return self._status.get(goal_id) or ("no-data", None, None, "")

    def progress_inline(self, goal_id: str) -> str:
        status, progress, expected, _ = self.status_of(goal_id)
        return f"{dg.status_badge(status)} {dg.progress_bar(progress, status, expected)} {pct(progress)}"

    def goal_item(self, page: str, goal: Goal, extra: str = "") -> str:
        """One line in a list: the linked title, its status and progress bar."""
        return f"{self.goal_link(page, goal.id)} {self.progress_inline(goal.id)}{extra}"

    def goal_item_html(self, page: str, goal: Goal, extra: str = "") -> str:
        """goal_item for raw HTML: `extra` must be HTML already."""
        return f"{self.goal_a(page, goal.id)} {self.progress_inline(goal.id)}{extra}"

    def breadcrumb(self, page: str, chain: list[str]) -> str:
        return SEP.join(self.goal_a(page, node) for node in chain)

    def key_results_table(self, page: str, goal: Goal) -> str:
        """The key results as an HTML table (one block, no blank line), styled like a Markdown table."""
        right = ' style="text-align: right;"'
        rows = ["<table>", f"<thead><tr><th>Key result</th><th{right}>Baseline</th><th{right}>Current</th>"
                f"<th{right}>Target</th><th>Progress</th></tr></thead>", "<tbody>"]
        status = self.status_of(goal.id)[0]
        for kr in goal.key_results:
            metric = self.v.org.metrics.get(kr.metric)
            unit = h(metric.unit) if metric is not None and metric.unit else ""
            name = self.metric_a(page, kr.metric)
            if kr.description:
                name += f": {h(kr.description)}"
            value = key_result_progress(kr, metric)
            rows.append(f"<tr><td>{name}</td><td{right}>{self._num(kr.baseline, unit)}</td>"
                        f"<td{right}>{self._num(kr.current, unit)}</td><td{right}>{self._num(kr.target, unit)}</td>"
                        f"<td>{dg.progress_bar(value, status if value is not None else None)} {pct(value)}"
                        + (" (worse than its baseline)" if value is not None and value < 0 else "") + "</td></tr>")
        rows.append("</tbody></table>")
        return "\n".join(rows)

    @staticmethod
    def html_list(items: list[str], cls: str) -> str:
        """A raw HTML list (one block, no blank line); items are HTML already."""
        return f'<ul class="{cls}">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"

    @staticmethod
    def _num(value: float | None, unit: str) -> str:
        if value is None:
            return DASH
        return f"{number(value)}{'' if not unit else (unit if unit == '%' else ' ' + unit)}"

    def render_goal(self, page: str, goal: Goal, level: int = 3, *, inline_supporters: bool = True,
                    searchable: bool = True) -> str:
        """A goal in full, under the heading that carries its anchor (its section kept out of search if not searchable)."""
        v = self.v
        status, progress, expected, reason = self.status_of(goal.id)
        exclude = "" if searchable else " data-search-exclude"
        out = [f"{'#' * level} {md(goal.title)} {{#{goal_anchor(goal.id)} .tn-goal-title{exclude}}}", ""]
        meta = [dg.status_badge(status), f"<strong>Owner:</strong> {self.person_a(page, goal.owner)}",
                f"<strong>Period:</strong> {h(goal.period) if goal.period else DASH}",
                f"<strong>Level:</strong> {h(goal.level.label)}"]
        if goal.updated:
            meta.append(f"<strong>Reviewed:</strong> {goal.updated.isoformat()}")
        out += [f'<p class="tn-goal-meta">{" · ".join(meta)}</p>', ""]
        progress_text = f"<strong>{pct(progress)}</strong> done" if progress is not None else "No progress data yet"
        if progress is not None and progress < 0:
            progress_text = f"<strong>{pct(progress)}</strong>: worse than its baseline"
        if expected is not None and status not in ("retired", "achieved", "target-met"):
            progress_text += f", {pct(expected)} of the period gone"
        line = f"{dg.progress_bar(progress, status, expected, width=200)} {progress_text}"
        if goal.health in ("on-track", "at-risk", "off-track") and status == goal.health:
            line += f" · status set by the owner: {h(reason)}"
        out += [f'<p class="tn-goal-progress">{line}</p>', ""]
        if goal.description:  # searchable: Markdown, as the search index takes it; else HTML, cheaper to render
            out += [md_paragraphs(goal.description) if searchable else html_paragraphs(goal.description), ""]
        out += self._line_of_sight(page, goal)
        if goal.key_results:
            out += [self.key_results_table(page, goal), ""]
        else:
            out += ['<p class="tn-no-krs"><em>No key results: its progress rolls up from the goals that support it.'
                    "</em></p>", ""]
        if inline_supporters:
            supporters = self._supporters_line(page, goal.id)
            if supporters:
                out += [supporters, ""]
        if goal.plays:
            plays = ", ".join(self.play_a(page, p) for p in dict.fromkeys(goal.plays))
            out += [f'<p class="tn-goal-plays"><strong>Plays it applies:</strong> {plays}</p>', ""]
        return "\n".join(out)

    def _line_of_sight(self, page: str, goal: Goal) -> list[str]:
        lines = self.v.lines_of_sight(goal.id)
        out: list[str] = []
        if lines:
            out += [f'<p class="tn-los"><strong>Line of sight:</strong> {self.breadcrumb(page, lines[0])}</p>', ""]
            for other in lines[1:]:
                out += [f'<p class="tn-los tn-los--also"><strong>Also via:</strong> {self.breadcrumb(page, other)}</p>',
                        ""]
        elif is_standalone(goal, self.v.traced):
            out += [f'<p class="tn-los"><strong>Standalone:</strong> {h(goal.standalone_reason)}</p>', ""]
        else:
            out += [f"!!! warning \"Does not reach the vision\"\n    This goal's chain of `supports` stops before "
                    f"the vision. See the [alignment report]({rel(page, ALIGNMENT)}).", ""]
        _, hidden, unknown = self.v.supported_targets(goal)
        if unknown:
            names = ", ".join(f"<code>{h(u)}</code>" for u in unknown)
            out += [f'<p class="tn-unknown"><strong>Supports unknown ids:</strong> {names}</p>', ""]
        return out

    def _supporters_line(self, page: str, goal_id: str) -> str:
        public = self.v.supporters.get(goal_id, [])
        hidden = self.v.private_supporters.get(goal_id, 0)
        if not public and not hidden:
            return ""
        items = [self.goal_a(page, g) for g in public[:MAX_INLINE_SUPPORTERS]]
        if len(public) > MAX_INLINE_SUPPORTERS:
            items.append(f"{len(public) - MAX_INLINE_SUPPORTERS} more")
        if hidden:
            items.append(plural(hidden, "private goal"))
        total = len(public) + hidden
        return (f'<p class="tn-supporters"><strong>Supported by {plural(total, "goal")}:</strong> '
                + ", ".join(items) + "</p>")

    def _figure(self, diagram: Diagram, caption: str | None = None) -> str:
        return dg.figure(diagram.svg(), caption)

    # -- diagrams -----------------------------------------------------------------------

    def _node(self, page: str, node_id: str, key: str | None = None, kind: str | None = None) -> Node:
        v = self.v
        if node_id == PRIVATE:
            return Node(key or "private", "a private goal", 99, None, None, "private")
        if v.vision is not None and node_id == v.vision.id:
            return Node(node_id, v.vision.title, 0, self.goal_href(page, node_id), None, "vision")
        goal = v.goals.get(node_id)
        layer = int(goal.level) if goal is not None else 9
        return Node(node_id, v.title(node_id), layer, self.goal_href(page, node_id), self.status_of(node_id)[0],
                    kind or "goal")

    def chains_diagram(self, page: str, title: str, goals: list[Goal]) -> Diagram | None:
        """The goals (highlighted) with their lines of sight up to the vision, merged into one picture.

        Rows are the distance from the vision, so a chain through several department levels stays upright.
        """
        diagram = Diagram(title)
        shown = goals[:MAX_DIAGRAM_GOALS]
        deepest = 0
        for goal in shown:
            chain = self.v.line_of_sight(goal.id)
            if not chain:  # does not reach the vision: the goal alone
                node = self._node(page, goal.id, kind="focus")
                if is_standalone(goal, self.v.traced):
                    node.label += " (standalone)"
                node.layer = 100 + int(goal.level)
                diagram.add(node)
                continue
            previous: str | None = None
            top = len(chain) - 1
            deepest = max(deepest, top)
            for i, node_id in enumerate(chain):
                if node_id == PRIVATE:  # keyed by position so two private goals are never merged
                    node = Node(f"private:{goal.id}:{i}", "a private goal", top - i, None, None, "private")
                else:
                    node = self._node(page, node_id, kind="focus" if i == 0 else None)
                    node.layer = top - i
                node = diagram.add(node)
                if previous is not None:
                    diagram.link(previous, node.key)
                previous = node.key
        if len(goals) > len(shown):
            extra = len(goals) - len(shown)
            diagram.add(Node("more:goals", f"+{extra} more", deepest, None, None, "more"))
        return diagram if diagram.nodes else None

    def goal_tree_diagram(self, page: str, goal: Goal) -> Diagram:
        """A goal's line of sight and the goals directly under it (capped, with a "+N more" box)."""
        diagram = Diagram(f"Line of sight and supporting goals of: {goal.title}")
        chain = self.v.line_of_sight(goal.id) or [goal.id]
        top = len(chain) - 1
        previous = None
        for i, node_id in enumerate(chain):
            if node_id == PRIVATE:
                node = Node(f"private:{i}", "a private goal", top - i, None, None, "private")
            else:
                node = self._node(page, node_id, kind="focus" if i == 0 else None)
                node.layer = top - i
                if len(chain) == 1 and is_standalone(goal, self.v.traced):
                    node.label += " (standalone)"
            diagram.add(node)
            if previous is not None:
                diagram.link(previous, node.key)
            previous = node.key
        children = self.v.supporters.get(goal.id, [])
        hidden = self.v.private_supporters.get(goal.id, 0)
        cap = len(children) if len(children) + hidden <= MAX_DIAGRAM_CHILDREN + 1 else MAX_DIAGRAM_CHILDREN
        for child in children[:cap]:
            if child in diagram.nodes:  # a goal both above and below (a cycle): drawn once
                continue
            node = self._node(page, child)
            node.layer = top + 1
            diagram.add(node)
            diagram.link(node.key, goal.id)
        rest = len(children) - min(cap, len(children)) + hidden
        if rest:
            label = f"+{rest} more" if len(children) > cap else plural(hidden, "private goal")
            more_href = href(page, page, "supported-by", self.directory_urls) if page == self.v.home.get(goal.id) else None
            diagram.add(Node("more:children", label, top + 1, more_href, None, "more"))
            diagram.link("more:children", goal.id)
        return diagram

    def cascade_diagram(self, page: str) -> Diagram:
        v = self.v
        diagram = Diagram("The top of the cascade: the vision, the corporate goals and the department goals under them")
        if v.vision is not None:
            diagram.add(self._node(page, v.vision.id))
        corporate = [g for g in v.corporate if _active(g)] or v.corporate
        shown = corporate[:MAX_DIAGRAM_CHILDREN]
        per_goal = max(1, MAX_CASCADE_BOXES // max(1, len(shown)) - 1)
        for corp in shown:
            diagram.add(self._node(page, corp.id))
            if v.vision is not None and v.graph.has_edge(corp.id, v.vision.id):
                diagram.link(corp.id, v.vision.id)
            under = [c for c in v.supporters.get(corp.id, []) if v.goals[c].level == Level.DEPARTMENT]
            under.sort(key=lambda c: (not _active(v.goals[c]), c))
            limit = len(under) if len(under) <= per_goal + 1 else per_goal
            for child in under[:limit]:
                node = diagram.add(self._node(page, child))
                diagram.link(node.key, corp.id)
            if len(under) > limit:
                key = f"more:{corp.id}"
                diagram.add(Node(key, f"+{len(under) - limit} more", 2,
                                 href(page, corporate_page(corp.id), None, self.directory_urls), None, "more",
                                 f"{len(under) - limit} more department goals support {corp.title}"))
                diagram.link(key, corp.id)
        if len(corporate) > len(shown):
            diagram.add(Node("more:corporate", f"+{len(corporate) - len(shown)} more", 1, None, None, "more"))
        return diagram

    # -- roll-ups -------------------------------------------------------------------------

    def corporate_reach(self, goal_id: str) -> set[str]:
        """Corporate goals a goal traces up to (through any chain)."""
        cached = self._corporate_reach.get(goal_id)
        if cached is None:
            v = self.v
            cached = {n for n in nx.descendants(v.graph, goal_id)
                      if n in v.goals and v.goals[n].level == Level.CORPORATE}
            self._corporate_reach[goal_id] = cached
        return cached

    def status_counts(self, goals) -> Counter:
        counts: Counter = Counter()
        for goal in goals:
            if _active(goal):
                counts[self.status_of(goal.id)[0]] += 1
        return counts

    def department_counts(self, dept_id: str) -> Counter:
        """Statuses of the public goals of a department and of its people (not of sub-departments)."""
        cached = self._department_counts.get(dept_id)
        if cached is None:
            v = self.v
            goals = list(v.goals_of_department.get(dept_id, []))
            for person in v.people_of_department.get(dept_id, []):
                goals += v.goals_of_person.get(person.id, [])
            cached = self.status_counts(goals)
            self._department_counts[dept_id] = cached
        return cached

    def counts_text(self, counts: Counter) -> str:
        total = sum(counts.values())
        parts = [f"{counts[s]} {STATUS_LABEL[s].lower()}" for s in STATUS_ORDER if counts.get(s)]
        return f"{plural(total, 'goal')}" + (f": {', '.join(parts)}" if parts else "")

    # -- pages ----------------------------------------------------------------------------

    def iter_pages(self):
        """(path, Markdown) of every page, one at a time: a caller that stores them its own way (MkDocs'
        files) never holds them all twice."""
        for path, make in self.page_jobs():
            yield path, make()

    def page_jobs(self) -> list[tuple[str, Callable[[], str]]]:
        """(path, a function that makes its Markdown) of every page, in order; each may be called
        in any order or process (truenorth.page_pairs makes them on two cores)."""
        v = self.v
        jobs: list[tuple[str, Callable[[], str]]] = [(HOME, self.home), (CASCADE, self.cascade_index)]
        jobs += [(corporate_page(goal.id), partial(self.corporate, goal)) for goal in v.corporate]
        jobs.append((DEPARTMENTS, self.departments_index))
        jobs += [(department_page(dept.id), partial(self.department, dept)) for dept in v.org.departments.values()]
        jobs.append((PEOPLE, self.people_index))
        jobs += [(person_page(person.id), partial(self.person, person)) for person in v.org.people.values()]
        jobs += [(ALIGNMENT, self.alignment), (METRICS, self.metrics)]
        if v.other_goals:
            jobs.append((OTHER_GOALS, self.other_goals))
        return jobs

    def home(self) -> str:
        v = self.v
        page = HOME
        out = [front_matter("Home")]
        if v.vision is not None:
            out += [f"# {md(v.vision.title)} {{#{VISION_ANCHOR}}}", "", md_paragraphs(v.vision.statement), ""]
            if v.vision.owner:
                out += [f"Owned by {self.person_link(page, v.vision.owner)}.", ""]
            if v.vision.values:
                out += ["## Our values", ""]
                out += [f"- **{md(value.name)}**" + (f": {md(value.description)}" if value.description else "")
                        for value in v.vision.values]
                out.append("")
        else:
            out += [f"# Our strategy {{#{VISION_ANCHOR}}}", "", "!!! warning \"No vision yet\"\n"
                    "    `goals/vision.yaml` is missing: add the customer vision every goal traces to.", ""]
        out += ["## Corporate goals", ""]
        if v.corporate:
            out += [f"- {self.goal_item(page, g)}" for g in v.corporate]
        else:
            out.append("*No corporate goals yet.*")
        out.append("")

        goals = [g for g in v.goals.values() if _active(g)]
        traced = sum(1 for g in goals if g.id in v.traced)
        standalone = sum(1 for g in goals if is_standalone(g, v.traced))
        share = traced / len(goals) if goals else 1.0
        counts = self.status_counts(goals)
        gaps = sum(1 for f in v.findings if f.code == "TN111")  # the view's findings are the public ones
        problems = sum(1 for f in v.findings if f.code in ("TN101", "TN102", "TN103"))
        out += ["## The cascade at a glance", "",
                '<div class="tn-glance">', dg.donut(share, "traced", "Goals traced to the vision"),
                dg.status_bar(counts, title="Goals by status"), "</div>", "",
                f"- **{traced} of {plural(len(goals), 'goal')}** trace to the vision ({pct(share)})" +
                (f"; {standalone} stand{'s' if standalone == 1 else ''} alone by a reviewed reason (see the "
                 f"[alignment report]({rel(page, ALIGNMENT, 'standalone-goals')}))." if standalone else "."),
                f"- {self.counts_text(counts)}.",
                f"- **{plural(gaps, 'gap')}** (corporate goals no department carries) and "
                f"**{plural(problems, 'broken link')}** (orphans, dangling links, cycles): "
                f"see the [alignment report]({rel(page, ALIGNMENT)}).", ""]

        at_risk = self.goals_at_risk()
        out += ["## Goals at risk", ""]
        top = [g for g in at_risk if g.level != Level.INDIVIDUAL]
        if top:
            out += [f"- {self.goal_item(page, g)}" for g in top[:MAX_AT_RISK_HOME]]
            if len(top) > MAX_AT_RISK_HOME:
                out.append(f"- … and {len(top) - MAX_AT_RISK_HOME} more in the "
                           f"[alignment report]({rel(page, ALIGNMENT, 'goals-at-risk')})")
        else:
            out.append("No corporate or department goal is at risk or off track.")
        individual = len(at_risk) - len(top)
        if individual:
            out += ["", f"{plural(individual, 'individual goal')} at risk or off track."]
        out += ["", "## Explore", "",
                f"- [The cascade]({rel(page, CASCADE)}): from the vision to every department goal",
                f"- [Departments]({rel(page, DEPARTMENTS)}) and [people]({rel(page, PEOPLE)}): "
                "find your own goals and their line of sight",
                f"- [Alignment report]({rel(page, ALIGNMENT)}): orphans, broken links, gaps and coverage",
                f"- [Metric glossary]({rel(page, METRICS)})",
                f"- [The playbook]({rel(page, PLAYS_INDEX)}) and the "
                f"[culture self-assessment]({rel(page, SELF_ASSESSMENT)})",
                f"- [Getting started]({rel(page, GETTING_STARTED)})", ""]
        return "\n".join(out)

    def goals_at_risk(self) -> list[Goal]:
        rank = {"off-track": 0, "at-risk": 1}
        found = [g for g in self.v.goals.values() if self.status_of(g.id)[0] in rank]
        found.sort(key=lambda g: (int(g.level), rank[self.status_of(g.id)[0]], g.id))
        return found

    def cascade_index(self) -> str:
        v = self.v
        page = CASCADE
        out = [front_matter("The cascade"), "# The cascade", "",
               "Every goal supports a goal one level up, from each person's goals to the department's, "
               "to the corporate goals, to the customer vision. This page shows the top of the cascade; "
               f"open a [department]({rel(page, DEPARTMENTS)}) or a [person]({rel(page, PEOPLE)}) for the rest.", "",
               self._figure(self.cascade_diagram(page)), ""]
        out += ["## Corporate goals and the department goals under them", ""]
        corporate = []
        for corp in v.corporate:
            under = [f"{self.goal_item_html(page, v.goals[child])} · {self.department_a(page, v.goals[child].department)}"
                     for child in v.supporters.get(corp.id, []) if v.goals[child].level == Level.DEPARTMENT]
            hidden = v.private_supporters.get(corp.id, 0)
            if hidden:
                under.append(f"<em>{plural(hidden, 'private goal')}</em>")
            corporate.append(self.goal_item_html(page, corp) + (self.html_list(under, "tn-goal-list") if under else ""))
        tree = self.html_list(corporate, "tn-goal-list") if corporate else ""
        if v.vision is not None:
            tree = self.html_list([self.goal_a(page, v.vision.id) + tree], "tn-goal-tree")
        elif tree:
            tree = tree.replace('<ul class="tn-goal-list">', '<ul class="tn-goal-tree">', 1)
        if tree:
            out += [tree, ""]
        return "\n".join(out)

    def corporate(self, goal: Goal) -> str:
        v = self.v
        page = corporate_page(goal.id)
        out = [front_matter(goal.title), self.render_goal(page, goal, level=1, inline_supporters=False), ""]
        out += ["## In the cascade" + NO_SEARCH, "", self._figure(self.goal_tree_diagram(page, goal)), ""]
        dependants = [v.goals[d] for d in nx.ancestors(v.graph, goal.id) if d in v.goals]
        if dependants:
            counts = self.status_counts(dependants)
            out += [f"{plural(len(dependants), 'goal')} trace up through this goal.", "",
                    dg.figure(dg.status_bar(counts, title="Goals under this goal by status")), ""]
        out += ["## Supported by { #supported-by data-search-exclude }", ""]
        direct = v.supporters.get(goal.id, [])
        hidden = v.private_supporters.get(goal.id, 0)
        if not direct and not hidden:
            out += ["!!! warning \"Nobody carries this goal yet\"\n    No goal supports it: departments that move "
                    "it should add a department goal that lists it under `supports:`.", ""]
        items = []
        for child in direct:
            sub = v.goals[child]
            where = (f" · {self.department_a(page, sub.department)}" if sub.level == Level.DEPARTMENT
                     else f" · {self.person_a(page, sub.person)}" if sub.person else "")
            items.append(self.goal_item_html(page, sub, where))
        if hidden:
            items.append(f"<em>{plural(hidden, 'private goal')}</em>")
        if items:
            out += [self.html_list(items, "tn-goal-list"), ""]
        carriers: Counter = Counter()
        for dep in dependants:
            if dep.level == Level.DEPARTMENT and dep.department:
                carriers[dep.department] += 1
        if carriers:
            out += ["## Departments carrying it" + NO_SEARCH, ""]
            names = sorted(carriers, key=lambda d: (self._dept_name(d).casefold(), d))
            out += [self.html_list([f"{self.department_a(page, d)} ({plural(carriers[d], 'goal')})" for d in names],
                                   "tn-department-list"), ""]
        return "\n".join(out)

    def _dept_name(self, dept_id: str) -> str:
        dept = self.v.department(dept_id)
        return dept.name if dept else dept_id

    def departments_index(self) -> str:
        v = self.v
        page = DEPARTMENTS
        out = [front_matter("Departments"), "# Departments", "",
               "Each department's goals, its teams, its people and the corporate goals it carries.", ""]
        roots = [d for d in v.org.departments.values()
                 if not d.parent or d.parent not in v.org.departments or d.parent == d.id]
        seen: set[str] = set()
        tree: list[str] = []  # one raw HTML block: nested lists

        def walk(dept: Department) -> None:
            seen.add(dept.id)
            counts = self.department_counts(dept.id)
            people = len(v.people_of_department.get(dept.id, []))
            tree.append(f"<li>{self.department_a(page, dept.id)} · {plural(people, 'person', 'people')} · "
                        f"{self.counts_text(counts)} {self._mini_bar(counts)}")
            subs = [sub for sub in v.subdepartments.get(dept.id, []) if sub.id not in seen]
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
        for dept in sorted(v.org.departments.values(), key=lambda d: (d.name.casefold(), d.id)):
            if dept.id not in seen:  # caught in a loop of parents
                walk(dept)
        if v.org.departments:
            out.append('<ul class="tn-department-tree">' + "".join(tree) + "</ul>")
        else:
            out.append("*No departments yet.*")
        out.append("")
        return "\n".join(out)

    @staticmethod
    def _mini_bar(counts: Counter) -> str:
        total = sum(counts.values())
        if not total:
            return ""
        parts = ['<svg class="tn-minibar" width="80" height="8" viewBox="0 0 80 8" role="img" '
                 f'aria-label="{h(", ".join(f"{counts[s]} {STATUS_LABEL[s].lower()}" for s in STATUS_ORDER if counts.get(s)))}">']
        x = 0.0
        for status in STATUS_ORDER:
            n = counts.get(status, 0)
            if n:
                w = 80 * n / total
                parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="8" fill="{dg.STATUS_COLOUR[status]}"/>')
                x += w
        parts.append("</svg>")
        return "".join(parts)

    def department(self, dept: Department) -> str:
        v = self.v
        page = department_page(dept.id)
        goals = v.goals_of_department.get(dept.id, [])
        people = v.people_of_department.get(dept.id, [])
        out = [front_matter(dept.name), f"# {md(dept.name)}", ""]
        facts = [f"**Head:** {self.person_link(page, dept.head)}"]
        if dept.parent:
            facts.append(f"**Part of:** {self.department_link(page, dept.parent)}")
        facts.append(f"**People:** {len(people)}")
        out += [" · ".join(facts), ""]
        if dept.description:
            out += [md_paragraphs(dept.description), ""]
        counts = self.department_counts(dept.id)
        out += ["## At a glance" + NO_SEARCH, "", dg.figure(dg.status_bar(counts, title=f"Goals of {dept.name} and its people by status")),
                f"{self.counts_text(counts)} (the department's goals and its people's goals).", ""]
        carried: Counter = Counter()
        for goal in goals:
            for corp in self.corporate_reach(goal.id):
                carried[corp] += 1
        out += ["## Corporate goals it carries" + NO_SEARCH, ""]
        if carried:
            out.append(self.html_list([f"{self.goal_item_html(page, v.goals[c])} (through {plural(carried[c], 'goal')})"
                                       for c in sorted(carried, key=lambda c: self._corporate_order(c))],
                                      "tn-goal-list"))
        else:
            out.append("*None of its goals traces to a corporate goal yet.*")
        out.append("")
        out += ["## Goals" + NO_SEARCH, ""]
        hidden = v.private_of_department.get(dept.id, 0)
        if goals:
            diagram = self.chains_diagram(page, f"The goals of {dept.name} and their line of sight", goals)
            if diagram is not None:
                out += [self._figure(diagram), ""]
            for goal in goals:
                out += [self.render_goal(page, goal, level=3), ""]
        elif not hidden:
            out += ["*No department goals yet.*", ""]
        if hidden:
            out += [f'<p class="tn-private"><em>{plural(hidden, "private goal")} not shown.</em></p>', ""]
        subs = v.subdepartments.get(dept.id, [])
        if subs:
            out += ["## Teams and sub-departments" + NO_SEARCH, ""]
            items = []
            for sub in subs:
                sub_counts = self.department_counts(sub.id)
                items.append(f"{self.department_a(page, sub.id)} · {self.counts_text(sub_counts)} {self._mini_bar(sub_counts)}")
            out += [self.html_list(items, "tn-department-list"), ""]
        out += ["## People" + NO_SEARCH, ""]
        if not people:
            out += ["*Nobody in this department has a file in `goals/people/` yet.*", ""]
        items = []
        for person in people:
            mine = v.goals_of_person.get(person.id, [])
            hidden_p = v.private_of_person.get(person.id, 0)
            role = f" · {h(person.role)}" if person.role else ""
            count = plural(len(mine), "goal") + (f", {plural(hidden_p, 'private goal')}" if hidden_p else "")
            goals_html = self.html_list([self.goal_item_html(page, goal) for goal in mine], "tn-goal-list") if mine else ""
            items.append(f"{self.person_a(page, person.id)}{role} · {count}{goals_html}")
        if items:
            out += [self.html_list(items, "tn-people-list"), ""]
        return "\n".join(out)

    def _corporate_order(self, goal_id: str) -> tuple[int, str]:
        return self._corp_index.get(goal_id, 1 << 30), goal_id

    def people_index(self) -> str:
        v = self.v
        page = PEOPLE
        out = [front_matter("People"), "# People", "",
               "Everyone with a file in `goals/people/`, by department. Open a person to see their goals and how "
               "each one traces up to the vision.", ""]
        groups = sorted(v.people_of_department, key=lambda d: (self._dept_name(d).casefold(), d))
        for dept_id in groups:
            dept = v.department(dept_id)
            heading = dept.name if dept else f"{dept_id} (not a known department)"
            out += [f"## {md(heading)}" + NO_SEARCH, ""]
            if dept:
                out += [f"Department page: {self.department_link(page, dept_id)}", ""]
            items = []
            for person in v.people_of_department[dept_id]:
                role = f" · {h(person.role)}" if person.role else ""
                n = len(v.goals_of_person.get(person.id, [])) + v.private_of_person.get(person.id, 0)
                items.append(f"{self.person_a(page, person.id)}{role} · {plural(n, 'goal')}")
            out += [self.html_list(items, "tn-people-list"), ""]
        if not v.org.people:
            out += ["*No people yet.*", ""]
        return "\n".join(out)

    def person(self, person: Person) -> str:
        v = self.v
        page = person_page(person.id)
        goals = v.goals_of_person.get(person.id, [])
        hidden = v.private_of_person.get(person.id, 0)
        out = [front_matter(person.name), f"# {md(person.name)}", ""]
        # raw HTML (no Markdown to parse: this page is made for every person) that search still indexes
        facts = []
        if person.role:
            facts.append(f"<strong>Role:</strong> {h(person.role)}")
        facts.append(f"<strong>Department:</strong> {self.department_a(page, person.department)}")
        out += [f'<p class="tn-person-facts {SEARCHABLE}">' + " · ".join(facts) + "</p>", ""]
        if goals:  # the goals' titles, in the one section of the page that search indexes
            out += [f'<p class="tn-goal-index {SEARCHABLE}"><strong>Goals:</strong> '
                    + " · ".join(self.goal_a(page, g.id) for g in goals) + "</p>", ""]
        out += ["## My goals" + NO_SEARCH, ""]
        if goals:
            counts = self.status_counts(goals)
            out += [f'<p class="tn-counts">{h(self.counts_text(counts))}.</p>', ""]
            diagram = self.chains_diagram(page, f"The goals of {person.name} and their line of sight", goals)
            if diagram is not None:
                out += [self._figure(diagram), ""]
            for goal in goals:
                out += [self.render_goal(page, goal, level=3, searchable=False), ""]
        elif not hidden:
            out += ["!!! note \"No goals yet\"\n    Add individual goals to this person's file in `goals/people/`, each "
                    "supporting a goal of their department.", ""]
        if hidden:
            out += [f'<p class="tn-private"><em>{plural(hidden, "private goal")} not shown.</em></p>', ""]
        elsewhere = [g for g in v.goals_owned_by.get(person.id, []) if v.home.get(g.id) != page]
        if elsewhere:
            out += ["## Other goals I own" + NO_SEARCH, ""]
            out += [self.html_list([self.goal_item_html(page, g) for g in elsewhere], "tn-goal-list"), ""]
        return "\n".join(out)

    def alignment(self) -> str:
        v = self.v
        page = ALIGNMENT
        shown = v.findings  # the public ones only (public_findings): how many others there are is private too
        by_code: dict[str, list] = {}
        for finding in shown:
            by_code.setdefault(finding.code, []).append(finding)
        out = [front_matter("Alignment report"), "# Alignment report", "",
               "How well the cascade holds together: goals that do not reach the vision, links that point "
               "nowhere, loops, corporate goals nobody carries, and which department carries which corporate goal. "
               "`truenorth check` reports the same problems with the file and line to fix.", ""]
        errors = sum(1 for f in shown if f.severity.value == "error")
        warnings = sum(1 for f in shown if f.severity.value == "warning")
        out += [f"**{plural(errors, 'error')}, {plural(warnings, 'warning')}.**" +
                (" Findings about private goals are not shown." if v.private_count else ""), ""]
        for code, title, what in ALIGNMENT_SECTIONS:
            items = by_code.pop(code, [])
            out += [f"## {title} ({code}) {{#{title.lower().replace(' ', '-')}}}", "", what, ""]
            if not items:
                out += ["None.", ""]
                continue
            out += [self._finding_item(page, f) for f in items]
            out.append("")
        if by_code:
            out += ["## Other findings", ""]
            for code in sorted(by_code):
                for finding in by_code[code]:
                    out.append(self._finding_item(page, finding))
            out.append("")
        standalone = [g for g in v.goals.values() if _active(g) and is_standalone(g, v.traced)]
        out += ["## Standalone goals {#standalone-goals}", "",
                "Goals with no line of sight to the vision on purpose: each carries a reviewed `standalone_reason`.", ""]
        out += [self.html_list([self.goal_item_html(page, g, f"<br>Standalone: {h(g.standalone_reason)}")
                                for g in standalone], "tn-goal-list") if standalone else "None.", ""]
        out += self._coverage(page)
        at_risk = self.goals_at_risk()
        out += ["## Goals at risk {#goals-at-risk}", ""]
        top = [g for g in at_risk if g.level != Level.INDIVIDUAL]
        if top:
            out.append(self.html_list([self.goal_item_html(page, g) for g in top], "tn-goal-list"))
        else:
            out.append("No corporate or department goal is at risk or off track.")
        individual = len(at_risk) - len(top)
        if individual:
            out += ["", f"And {plural(individual, 'individual goal')} (see each [person's page]({rel(page, PEOPLE)}))."]
        out.append("")
        return "\n".join(out)

    def _finding_item(self, page: str, finding) -> str:
        v = self.v
        tokens = dict.fromkeys(t for t in _tokens(finding.message) if t in v.goals)
        links = ", ".join(self.goal_link(page, t) for t in tokens)
        where = code(finding.location if finding.location.line else finding.location.path)  # line 0: no line to show
        text = f"- **{h(finding.code)}** {finding.severity.value}: {md(finding.message)} ({where})"
        if links:
            text += f" → {links}"
        return text

    def _coverage(self, page: str) -> list[str]:
        v = self.v
        corporate = [g for g in v.corporate if _active(g)]
        out = ["## Coverage: departments × corporate goals {#coverage}", ""]
        if not corporate or not v.org.departments:
            return out + ["*Nothing to show yet.*", ""]
        out += ["How many of each department's goals trace up to each corporate goal "
                "(directly or through a parent department's goal). An empty column is a gap.", ""]
        out += [f"- **C{i}**: {self.goal_link(page, g.id)}" for i, g in enumerate(corporate, 1)]
        out.append("")
        right = ' style="text-align: right;"'
        rows = ["<table>", "<thead><tr><th>Department</th>" + "".join(f"<th{right}>C{i}</th>" for i in range(1, len(corporate) + 1))
                + "</tr></thead>", "<tbody>"]
        column_totals = Counter()
        for dept in sorted(v.org.departments.values(), key=lambda d: (d.name.casefold(), d.id)):
            row: Counter = Counter()
            for goal in v.goals_of_department.get(dept.id, []):
                if _active(goal):
                    for corp in self.corporate_reach(goal.id):
                        row[corp] += 1
            cells = []
            for corp in corporate:
                n = row.get(corp.id, 0)
                if n:
                    column_totals[corp.id] += 1
                cells.append(str(n) if n else "·")
            rows.append(f"<tr><td>{self.department_a(page, dept.id)}</td>" + "".join(f"<td{right}>{c}</td>" for c in cells)
                        + "</tr>")
        rows.append("<tr><td><strong>Departments carrying it</strong></td>" + "".join(
            f"<td{right}><strong>{column_totals[c.id]}</strong></td>" if column_totals[c.id]
            else f"<td{right}><strong>0</strong> gap</td>" for c in corporate) + "</tr>")
        rows.append("</tbody></table>")
        out += ["\n".join(rows), ""]
        return out

    def metrics(self) -> str:
        v = self.v
        page = METRICS
        out = [front_matter("Metric glossary"), "# Metric glossary", "",
               "The metrics key results may use (from `goals/metrics.yaml`).", ""]
        if not v.org.metrics:
            out += ["*No metrics yet.*", ""]
        for metric in v.org.metrics.values():
            out += [f"## {md(metric.name)} {{#{metric_anchor(metric.id)}}}", ""]
            facts = [f"**Id:** {code(metric.id)}"]
            if metric.unit:
                facts.append(f"**Unit:** {md(metric.unit)}")
            facts.append(f"**Better when:** {'lower' if metric.direction == 'lower' else 'higher'}")
            facts.append(f"**Kind:** {md(metric.kind)}")
            out += [" · ".join(facts), "", md_paragraphs(metric.definition), ""]
            users = sorted(v.goals_of_metric.get(metric.id, []), key=lambda g: (int(g.level), g.id))
            if users:
                listed = ", ".join(self.goal_link(page, g.id) for g in users[:MAX_METRIC_USERS])
                more = f" and {len(users) - MAX_METRIC_USERS} more" if len(users) > MAX_METRIC_USERS else ""
                out += [f"**Used by {plural(len(users), 'goal')}:** {listed}{more}", ""]
        return "\n".join(out)

    def other_goals(self) -> str:
        page = OTHER_GOALS
        out = [front_matter("Other goals"), "# Other goals", "",
               "Goals whose department or person is not known, so they have no department or person page.", ""]
        for goal in self.v.other_goals:
            out += [self.render_goal(page, goal, level=2), ""]
        return "\n".join(out)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9-]*", text or "")
