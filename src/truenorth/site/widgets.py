"""The pieces the pages are made of, shared by every page kind (site/pages/): a goal in full (status
line, progress bar, line of sight, key-result table, supporters), lists, diagrams of lines of sight,
and the roll-ups (status counts, the corporate goals a goal reaches), cached on the PageKit.

Headings, descriptions and short lists are Markdown, with relative links to .md pages (MkDocs
checks and rewrites them). The parts that are many and structured (a goal's status line,
progress, line of sight, key results, supporters; the long lists of people and goals; the
diagrams) are raw HTML, which Markdown passes through untouched and which costs it far less to
render; their links are the built URLs (see links.href). Every raw HTML block is a paragraph
of its own (a block-level tag first, no blank line inside), so a site builder can set it aside
whole while Markdown runs (see mkdocs_plugin.html_stash).

Nothing here scans all goals per page: the view holds every index, so the whole site is built in
time linear in the size of the organisation.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple
from urllib.parse import quote

import networkx as nx

from truenorth.analysis.coverage import is_standalone
from truenorth.analysis.progress import key_result_progress
from truenorth.model import Goal, Level
from truenorth.site import diagrams, trends
from truenorth.site.diagrams import STATUS_LABEL, STATUS_ORDER, Diagram, Node
from truenorth.site.escape import ATTR_ESCAPES, goal_anchor, html_paragraphs, html_text, md, md_paragraphs, number, pct, plural
from truenorth.site.links import Links, href, rel
from truenorth.site.view import ALIGNMENT, METRICS, PRIVATE, PublicView

# What the search index holds, so that it grows with the number of people, not of goals (at 10,000
# people a section per individual goal made an index of 50,000 entries that took the browser seconds
# to load): each page's title and facts; a person's page once, its text naming their goals; every
# corporate and department goal's own section (title and description, at its anchor). Sections that
# only repeat what is indexed elsewhere (counts, lists of goals and people shown on their own pages)
# and the sections of individual goals are kept out with this attribute, which Material's search
# plugin honours (a heading's whole section). Raw HTML is never indexed (see mkdocs_plugin.html_stash).
NO_SEARCH = " { data-search-exclude }"
SEARCHABLE = "tn-searchable"
"""The class of a raw HTML block that search must index (a site builder may set other raw HTML aside)."""
MAX_INLINE_SUPPORTERS = 100  # goals listed after "Supported by" before "and N more"
MAX_LISTED = 200  # goals or findings in a section of a report page (alignment, reviews) before "and N more"
MAX_DIAGRAM_CHILDREN = 8  # boxes under a goal in a diagram before a "+N more" box
MAX_DIAGRAM_GOALS = 6  # a person's or department's goals drawn in their diagram
# Characters outside Latin-1 in the raw HTML are written as character references: a page whose text
# is all Latin-1 is then held in memory with one byte per character instead of two (10,000 of them).
SEP = " &#8250; "  # ›
DASH = "&#8212;"  # —
NBSP = "&#160;"  # between a number and its unit, which must not wrap apart
MAX_NAV_ITEMS = 12  # siblings (teammates, sub-departments, corporate goals) in a page's local navigation


class Permalink(NamedTuple):
    """The link to a heading's own anchor that the site's Markdown `toc` extension adds (its `permalink`,
    `permalink_class`, `permalink_title` and `permalink_leading` settings), for headings a page writes as
    raw HTML: they look like the Markdown ones."""
    text: str  # HTML
    css_class: str = "headerlink"
    title: str = "Permanent link"
    leading: bool = False

    def around(self, anchor: str, inner: str) -> str:
        """A heading's inner HTML with this link to `anchor` before or after it."""
        link = f'<a class="{html_text(self.css_class)}" href="#{anchor}" title="{html_text(self.title)}">{self.text}</a>'
        return link + inner if self.leading else inner + link


PERMALINK = Permalink("&para;")
"""MkDocs' `toc: {permalink: true}`, as this project's mkdocs.yml sets it."""


class GoalStatus(NamedTuple):
    """A goal's assessment as the pages show it."""

    status: str  # on-track, at-risk, off-track, achieved, retired or no-data
    progress: float | None
    expected: float | None  # the share of the period gone
    reason: str


NO_DATA = GoalStatus("no-data", None, None, "")


def is_active(goal: Goal) -> bool:
    return goal.status != "retired"


def html_list(items: list[str], cls: str) -> str:
    """A raw HTML list (one block, no blank line); items are HTML already."""
    return f'<ul class="{cls}">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def local_nav_html(path: list[tuple[str, list[str]]], here: tuple[str, str], label: str, items: list[str],
                   more: str = "") -> str:
    """A page's own navigation, one raw HTML block (a <nav class="tn-localnav">): where the page sits,
    top first (`path`: (kind, its links) per level, e.g. ("Team", ['<a ...>Billing</a>'])), the page
    itself (`here`: (kind, plain text)), and its neighbours under `label` (at most MAX_NAV_ITEMS links,
    then `more`). Links are HTML already. The site builder may show it as the page's left sidebar
    (truenorth.mkdocs_plugin.sidebar); elsewhere it stays where it is, under the page's heading."""
    out = ['<nav class="tn-localnav" aria-label="Where this page sits">',
           '<p class="tn-localnav__title">Where this page sits</p><ol class="tn-localnav__path">']
    for kind, links in path:
        if links:
            out.append(f'<li><span class="tn-localnav__kind">{html_text(kind)}</span> ' + " ".join(links) + "</li>")
    kind, name = here
    out.append(f'<li class="tn-localnav__here" aria-current="page"><span class="tn-localnav__kind">{html_text(kind)}'
               f"</span> <strong>{html_text(name)}</strong></li></ol>")
    if items:
        out.append(f'<p class="tn-localnav__title">{html_text(label)}</p><ul class="tn-localnav__items">'
                   + "".join(f"<li>{item}</li>" for item in items)
                   + (f'<li class="tn-localnav__more">{more}</li>' if more else "") + "</ul>")
    elif more:
        out.append(f'<p class="tn-localnav__more">{more}</p>')
    return "".join(out) + "</nav>"


def number_with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return DASH
    return f"{number(value)}{'' if not unit else (unit if unit == '%' else NBSP + unit)}"


def mini_status_bar(counts: Counter) -> str:
    total = sum(counts.values())
    if not total:
        return ""
    parts = ['<svg class="tn-minibar" width="80" height="8" viewBox="0 0 80 8" role="img" '
             f'aria-label="{html_text(", ".join(f"{counts[s]} {STATUS_LABEL[s].lower()}" for s in STATUS_ORDER if counts.get(s)))}">']
    x = 0.0
    for status in STATUS_ORDER:
        n = counts.get(status, 0)
        if n:
            w = 80 * n / total
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="8" fill="{diagrams.STATUS_COLOUR[status]}"/>')
            x += w
    parts.append("</svg>")
    return "".join(parts)


def status_table(view: PublicView, before: dict | None = None, changed=None) -> dict[str, GoalStatus]:
    """Goal id -> GoalStatus of the view's assessments, made once per view (kept on it: view.basis); from
    `before` (the last view's) with the goals in `changed` made again, for site/view_update.py."""
    found = view.basis.get("status_by_goal")
    if found is None:
        if before is None:
            found = {gid: GoalStatus(a.status, a.progress, a.expected, a.reason) for gid, a in view.assessment.items()}
        else:
            found = dict(before)
            for gid in changed:
                a = view.assessment[gid]
                found[gid] = GoalStatus(a.status, a.progress, a.expected, a.reason)
        view.basis["status_by_goal"] = found
    return found


class PageKit(Links):
    """What every page kind is made from: the view, the links to its goals (Links) and the pieces
    below, with the caches they share across pages."""

    def __init__(self, view: PublicView, *, directory_urls: bool = True, edit_base: str | None = None,
                 permalink: Permalink | None = PERMALINK) -> None:
        super().__init__(view, directory_urls=directory_urls)
        # the link a goal's heading written as raw HTML carries to its anchor (render_goal, in_contents=False),
        # as the site's Markdown adds one to its headings; None: no link
        self.permalink = permalink
        # the URL of the repository's web editor at the repository root (from mkdocs.yml's repo_url and
        # edit_uri), to which a goal's file path and `#L<line>` are added; None: no "Edit this goal" link
        self.edit_base = edit_base
        # the targets as promised when each key result's period began (analysis.scores.Promises), from git,
        # handed in by the build; empty: the review pages score against the current targets
        self.promises: dict = {}
        self.memo: dict = {}  # what a page kind works out once and shares across its pages (pages/review.py)
        self._positions: dict[int, tuple[list, dict]] = {}  # id(a list of neighbours) -> (it, key -> position)
        # caches of what several pages ask for
        # (these two read the graph and goals' levels alone: kept on the view, for the next view of the live
        # preview made from it with the same graph, site/view_update.py)
        self._corporate_reach: dict[str, set[str]] = view.basis.setdefault("corporate_reach", {})
        self._acyclic: bool | None = view.basis.get("acyclic")  # whether the graph has no cycle (when first needed)
        self._urls: dict[tuple[str, str, str | None], str] = {}  # (folder key, page, anchor) -> href (url_to)
        self._metric_cells: dict[tuple[str, str], str] = {}  # (folder key, metric id) -> metric_a
        self._quoted: dict[str, str] = {}  # a goal file's path, quoted for a URL (edit_url)
        self._crumbs: dict[tuple[str, tuple[str, ...]], str] = {}  # (folder key, chain above a goal) -> breadcrumb
        self._crumb_homes: dict[tuple[str, ...], frozenset[str]] = {}  # a chain -> the pages its goals are on
        self._department_counts: dict[str, Counter] = {}
        self._corporate_position = {g.id: i for i, g in enumerate(view.corporate)}
        self._status_by_goal: dict[str, GoalStatus] = status_table(view)

    # -- a goal and its parts ----------------------------------------------------------------------

    def url_to(self, page: str, to_page: str, anchor: str | None = None) -> str:
        """Links.url_to, worked out once per folder: the built URLs of a folder's pages are siblings, so the
        href to another page is the same from every page of the folder but that page itself (as goal_href)."""
        if page == to_page:
            return href(page, to_page, anchor, self.directory_urls)
        key = (self._folder_key(page), to_page, anchor)
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = href(page, to_page, anchor, self.directory_urls)
        return found

    def status_of(self, goal_id: str) -> GoalStatus:
        return self._status_by_goal.get(goal_id) or NO_DATA

    def progress_inline(self, goal_id: str) -> str:
        status, progress, expected, _ = self.status_of(goal_id)
        return f"{diagrams.status_badge(status)} {diagrams.progress_bar(progress, status, expected)} {pct(progress)}"

    def goal_item(self, page: str, goal: Goal, extra: str = "") -> str:
        """One line in a list: the linked title, its status and progress bar."""
        return f"{self.goal_link(page, goal.id)} {self.progress_inline(goal.id)}{extra}"

    def goal_item_html(self, page: str, goal: Goal, extra: str = "") -> str:
        """goal_item for raw HTML: `extra` must be HTML already."""
        return f"{self.goal_a(page, goal.id)} {self.progress_inline(goal.id)}{extra}"

    def breadcrumb(self, page: str, chain: list[str]) -> str:
        """The chain as links, joined by SEP. What is above its first goal is the same from every page of a
        folder but the pages its goals are shown on, so it is made once per folder (the lines of sight of
        the goals under one department goal share it)."""
        if len(chain) < 3:
            return SEP.join(self.goal_a(page, node) for node in chain)
        tail = tuple(chain[1:])
        homes = self._crumb_homes.get(tail)
        if homes is None:
            homes = self._crumb_homes[tail] = frozenset(
                target.page for node in tail if (target := self._target(node)) is not None)
        if page in homes:  # (a link within the page)
            above = SEP.join(self.goal_a(page, node) for node in tail)
        else:
            key = (self._folder_key(page), tail)
            above = self._crumbs.get(key)
            if above is None:
                above = self._crumbs[key] = SEP.join(self.goal_a(page, node) for node in tail)
        return self.goal_a(page, chain[0]) + SEP + above

    def edit_url(self, goal: Goal) -> str | None:
        """Where to edit a goal: its file at its line in the repository's web editor (None without a base)."""
        if not self.edit_base or not goal.location.path:
            return None
        path = goal.location.path
        quoted = self._quoted.get(path)
        if quoted is None:
            quoted = self._quoted[path] = quote(path)
        return f"{self.edit_base}{quoted}#L{goal.location.line}"

    def goal_id_html(self, goal: Goal) -> str:
        """A goal's id as text, with a button that copies it (Material's clipboard: data-clipboard-text)."""
        text = html_text(goal.id)
        return (f'<span class="tn-id"><code>{text}</code><button class="md-clipboard md-icon tn-copy" type="button" '
                f'title="Copy the id" data-clipboard-text="{text}"></button></span>')

    def local_nav(self, path: list[tuple[str, list[str]]], here: tuple[str, str], label: str, items: list[str],
                  more: str = "") -> str:
        """A page's own navigation (see local_nav_html): where it sits, top first, and its neighbours."""
        return local_nav_html(path, here, label, items, more)

    def above(self, page: str, goals) -> list[tuple[str, list[str]]]:
        """The top of a page's place in the cascade: the vision and the corporate goals its goals reach
        (at most MAX_NAV_ITEMS, in the cascade's order), as local_nav_html levels."""
        view = self.view
        path: list[tuple[str, list[str]]] = []
        if view.vision is not None:
            path.append(("Vision", [self.goal_a(page, view.vision.id)]))
        reached: set[str] = set()
        for goal in goals:
            reached |= self.corporate_reach(goal.id)
        if reached:
            shown = sorted(reached, key=self.corporate_order)[:MAX_NAV_ITEMS]
            path.append(("Corporate goal" if len(shown) == 1 else "Corporate goals",
                         [self.goal_a(page, c) for c in shown]))
        return path

    def departments_above(self, page: str, dept_id: str | None) -> list[tuple[str, list[str]]]:
        """A department and those above it, top first, as local_nav_html levels ("Department", "Team")."""
        return [("Department" if n == 0 else "Team", [self.department_a(page, d)])
                for n, d in enumerate(self.department_chain(dept_id))]

    def department_chain(self, dept_id: str | None) -> list[str]:
        """A department and the departments above it, top first (at most 8 levels; a loop stops it)."""
        chain: list[str] = []
        while dept_id and dept_id not in chain and len(chain) < 8 and self.view.department(dept_id) is not None:
            chain.append(dept_id)
            dept_id = self.view.department(dept_id).parent
        return chain[::-1]

    def neighbours(self, items: list, current, key) -> list:
        """At most MAX_NAV_ITEMS of `items` around `current` (which is left out), in their order; the
        position of each item is indexed once per list (a department's people), not once per page."""
        cached = self._positions.get(id(items))
        if cached is None:
            cached = self._positions[id(items)] = (items, {key(x): i for i, x in enumerate(items)})
        at = cached[1].get(key(current), 0)
        start = max(0, min(at - MAX_NAV_ITEMS // 2, len(items) - MAX_NAV_ITEMS - 1))
        return [x for x in items[start:start + MAX_NAV_ITEMS + 1] if x is not current][:MAX_NAV_ITEMS]

    def key_results_table(self, page: str, goal: Goal) -> str:
        """The key results as an HTML table (one block, no blank line), styled like a Markdown table, in a
        container that scrolls sideways on a narrow screen (the values never wrap)."""
        right = ' class="tn-num"'
        rows = ['<div class="tn-table-scroll"><table class="tn-krs">', f"<thead><tr><th>Key result</th><th{right}>Baseline</th><th{right}>Current</th>"
                f"<th{right}>Target</th><th>Progress</th></tr></thead>", "<tbody>"]
        status = self.status_of(goal.id).status
        for kr in goal.key_results:
            metric = self.view.org.metrics.get(kr.metric)
            unit = html_text(metric.unit) if metric is not None and metric.unit else ""
            key = (self._folder_key(page), kr.metric)
            name = self._metric_cells.get(key) if page != METRICS else None
            if name is None:
                name = self.metric_a(page, kr.metric)
                if page != METRICS:
                    self._metric_cells[key] = name
            if kr.description:
                name += f": {html_text(kr.description)}"
            value = key_result_progress(kr, metric)
            rows.append(f"<tr><td>{name}</td><td{right}>{number_with_unit(kr.baseline, unit)}</td>"
                        f"<td{right}>{number_with_unit(kr.current, unit)}</td><td{right}>{number_with_unit(kr.target, unit)}</td>"
                        f'<td class="tn-progress">{diagrams.progress_bar(value, status if value is not None else None)}{NBSP}{pct(value)}'
                        + (" (worse than its baseline)" if value is not None and value < 0 else "") + "</td></tr>")
        rows.append("</tbody></table></div>")
        return "\n".join(rows)

    def render_goal(self, page: str, goal: Goal, level: int = 3, *, inline_supporters: bool = True,
                    searchable: bool = True, in_contents: bool = True) -> str:
        """A goal in full, under the heading that carries its anchor (its section kept out of search if not
        searchable). A heading not in_contents is raw HTML, which the page's table of contents does not list
        and Markdown passes through as it is (a team page's thousands of goals: a third of a 10,000-person
        build when they were Markdown headings)."""
        status, progress, expected, reason = self.status_of(goal.id)
        exclude = "" if searchable else " data-search-exclude"
        anchor = goal_anchor(goal.id)
        if in_contents:
            out = [f"{'#' * level} {md(goal.title)} {{#{anchor} .tn-goal-title{exclude}}}", ""]
        else:
            title = html_text(goal.title)
            inner = self.permalink.around(anchor, title) if self.permalink is not None else title
            out = [f'<h{level} class="tn-goal-title"{exclude} id="{anchor}">{inner}</h{level}>', ""]
        meta = [diagrams.status_badge(status), f"<strong>Owner:</strong> {self.person_a(page, goal.owner)}",
                f"<strong>Period:</strong> {html_text(goal.period) if goal.period else DASH}",
                f"<strong>Level:</strong> {html_text(goal.level.label)}"]
        if goal.updated:
            meta.append(f"<strong>Reviewed:</strong> {goal.updated.isoformat()}")
        meta.append(f"<strong>Id:</strong> {self.goal_id_html(goal)}")
        edit = self.edit_url(goal)
        if edit:
            meta.append(f'<a class="tn-edit" href="{edit.translate(ATTR_ESCAPES)}" title="Open its YAML file in the repository">'
                        "Edit this goal</a>")
        out += [f'<p class="tn-goal-meta">{" · ".join(meta)}</p>', ""]
        progress_text = f"<strong>{pct(progress)}</strong> done" if progress is not None else "No progress data yet"
        if progress is not None and progress < 0:
            progress_text = f"<strong>{pct(progress)}</strong>: worse than its baseline"
        if expected is not None and status not in ("retired", "achieved", "target-met"):
            progress_text += f", {pct(expected)} of the period gone"
        line = f"{diagrams.progress_bar(progress, status, expected, width=200)} {progress_text}"
        if goal.health in ("on-track", "at-risk", "off-track") and status == goal.health:
            line += f" · status set by the owner: {html_text(reason)}"
        out += [f'<p class="tn-goal-progress">{line}</p>', ""]
        if goal.description:  # searchable: Markdown, as the search index takes it; else HTML, cheaper to render
            out += [md_paragraphs(goal.description) if searchable else html_paragraphs(goal.description), ""]
        out += self.line_of_sight_lines(page, goal)
        if goal.key_results:
            out += [self.key_results_table(page, goal), ""]
            over_time = trends.goal_progress_over_time(self, page, goal)
            if over_time:
                out += [over_time, ""]
        else:
            out += ['<p class="tn-no-krs"><em>No key results: its progress rolls up from the goals that support it.'
                    "</em></p>", ""]
        if inline_supporters:
            supporters = self.supporters_line(page, goal.id)
            if supporters:
                out += [supporters, ""]
        if goal.plays:
            plays = ", ".join(self.play_a(page, p) for p in dict.fromkeys(goal.plays))
            out += [f'<p class="tn-goal-plays"><strong>Plays it applies:</strong> {plays}</p>', ""]
        return "\n".join(out)

    def line_of_sight_lines(self, page: str, goal: Goal) -> list[str]:
        lines = self.view.lines_of_sight(goal.id)
        out: list[str] = []
        if lines:
            out += [f'<p class="tn-los"><strong>Line of sight:</strong> {self.breadcrumb(page, lines[0])}</p>', ""]
            for other in lines[1:]:
                out += [f'<p class="tn-los tn-los--also"><strong>Also via:</strong> {self.breadcrumb(page, other)}</p>',
                        ""]
        elif is_standalone(goal, self.view.traced):
            out += [f'<p class="tn-los"><strong>Standalone:</strong> {html_text(goal.standalone_reason)}</p>', ""]
        else:
            out += [f"!!! warning \"Does not reach the vision\"\n    This goal's chain of `supports` stops before "
                    f"the vision. See the [alignment report]({rel(page, ALIGNMENT)}).", ""]
        _, hidden, unknown = self.view.supported_targets(goal)
        if unknown:
            names = ", ".join(f"<code>{html_text(u)}</code>" for u in unknown)
            out += [f'<p class="tn-unknown"><strong>Supports unknown ids:</strong> {names}</p>', ""]
        return out

    def supporters_line(self, page: str, goal_id: str) -> str:
        public = self.view.supporters.get(goal_id, [])
        hidden = self.view.private_supporters.get(goal_id, 0)
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

    def figure_of(self, diagram: Diagram, caption: str | None = None) -> str:
        return diagrams.figure(diagram.svg(), caption)

    # -- diagrams --------------------------------------------------------------------------------

    def diagram_node(self, page: str, node_id: str, key: str | None = None, kind: str | None = None) -> Node:
        view = self.view
        if node_id == PRIVATE:
            return Node(key or "private", "a private goal", 99, None, None, "private")
        if view.vision is not None and node_id == view.vision.id:
            return Node(node_id, view.vision.title, 0, self.goal_href(page, node_id), None, "vision")
        goal = view.goals.get(node_id)
        layer = int(goal.level) if goal is not None else 9
        return Node(node_id, view.title(node_id), layer, self.goal_href(page, node_id), self.status_of(node_id).status,
                    kind or "goal")

    def chains_diagram(self, page: str, title: str, goals: list[Goal]) -> Diagram | None:
        """The goals (highlighted) with their lines of sight up to the vision, merged into one picture.

        Rows are the distance from the vision, so a chain through several department levels stays upright.
        """
        diagram = Diagram(title)
        shown = goals[:MAX_DIAGRAM_GOALS]
        deepest = 0
        for goal in shown:
            chain = self.view.line_of_sight(goal.id)
            if not chain:  # does not reach the vision: the goal alone
                node = self.diagram_node(page, goal.id, kind="focus")
                if is_standalone(goal, self.view.traced):
                    node.label += " (standalone)"
                node.layer = 100 + int(goal.level)
                diagram.add(node)
                continue
            previous: str | None = None
            top = len(chain) - 1
            deepest = max(deepest, top)
            for i, node_id in enumerate(chain):
                if node_id == PRIVATE:  # keyed by position so two private goals are never merged
                    node = diagram.add(Node(f"private:{goal.id}:{i}", "a private goal", top - i, None, None, "private"))
                elif node_id in diagram.nodes:  # already drawn (a goal above several of them): as Diagram.add does
                    node = diagram.nodes[node_id]
                    if i == 0:
                        node.kind = "focus"
                else:
                    node = self.diagram_node(page, node_id, kind="focus" if i == 0 else None)
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
        chain = self.view.line_of_sight(goal.id) or [goal.id]
        top = len(chain) - 1
        previous = None
        for i, node_id in enumerate(chain):
            if node_id == PRIVATE:
                node = Node(f"private:{i}", "a private goal", top - i, None, None, "private")
            else:
                node = self.diagram_node(page, node_id, kind="focus" if i == 0 else None)
                node.layer = top - i
                if len(chain) == 1 and is_standalone(goal, self.view.traced):
                    node.label += " (standalone)"
            diagram.add(node)
            if previous is not None:
                diagram.link(previous, node.key)
            previous = node.key
        children = self.view.supporters.get(goal.id, [])
        hidden = self.view.private_supporters.get(goal.id, 0)
        cap = len(children) if len(children) + hidden <= MAX_DIAGRAM_CHILDREN + 1 else MAX_DIAGRAM_CHILDREN
        for child in children[:cap]:
            if child in diagram.nodes:  # a goal both above and below (a cycle): drawn once
                continue
            node = self.diagram_node(page, child)
            node.layer = top + 1
            diagram.add(node)
            diagram.link(node.key, goal.id)
        rest = len(children) - min(cap, len(children)) + hidden
        if rest:
            label = f"+{rest} more" if len(children) > cap else plural(hidden, "private goal")
            more_href = href(page, page, "supported-by", self.directory_urls) if page == self.view.home.get(goal.id) else None
            diagram.add(Node("more:children", label, top + 1, more_href, None, "more"))
            diagram.link("more:children", goal.id)
        return diagram

    # -- roll-ups --------------------------------------------------------------------------------

    def corporate_reach(self, goal_id: str) -> set[str]:
        """Corporate goals a goal traces up to (through any chain)."""
        cached = self._corporate_reach.get(goal_id)
        if cached is None:
            view = self.view
            if self._acyclic is None:
                self._acyclic = view.basis["acyclic"] = nx.is_directed_acyclic_graph(view.graph)
            if self._acyclic and goal_id in view.graph:
                self._reach_upwards(goal_id)
                return self._corporate_reach[goal_id]
            cached = {n for n in nx.descendants(view.graph, goal_id)
                      if n in view.goals and view.goals[n].level == Level.CORPORATE}
            self._corporate_reach[goal_id] = cached
        return cached

    def _reach_upwards(self, goal_id: str) -> None:
        """corporate_reach of a goal and of every goal above it, on an acyclic graph: each goal's reach is
        the union of those of the goals it supports (and of those that are corporate), so the goals of a
        department share the work of the goals above them instead of each walking up to the vision."""
        graph, goals, memo = self.view.graph, self.view.goals, self._corporate_reach
        stack = [(goal_id, False)]
        while stack:
            node, expanded = stack.pop()
            if node in memo:
                continue
            if not expanded:
                stack.append((node, True))
                stack.extend((up, False) for up in graph.successors(node) if up not in memo)
                continue
            found: set[str] = set()
            for up in graph.successors(node):  # (all of them are in memo: the graph has no cycle)
                goal = goals.get(up)
                if goal is not None and goal.level == Level.CORPORATE:
                    found.add(up)
                found |= memo[up]
            memo[node] = found

    def status_counts(self, goals) -> Counter:
        counts: Counter = Counter()
        for goal in goals:
            if is_active(goal):
                counts[self.status_of(goal.id).status] += 1
        return counts

    def department_counts(self, dept_id: str) -> Counter:
        """Statuses of the public goals of a department and of its people (not of sub-departments)."""
        cached = self._department_counts.get(dept_id)
        if cached is None:
            view = self.view
            goals = list(view.goals_of_department.get(dept_id, []))
            for person in view.people_of_department.get(dept_id, []):
                goals += view.goals_of_person.get(person.id, [])
            cached = self.status_counts(goals)
            self._department_counts[dept_id] = cached
        return cached

    def counts_text(self, counts: Counter) -> str:
        total = sum(counts.values())
        parts = [f"{counts[s]} {STATUS_LABEL[s].lower()}" for s in STATUS_ORDER if counts.get(s)]
        return f"{plural(total, 'goal')}" + (f": {', '.join(parts)}" if parts else "")

    def goals_at_risk(self) -> list[Goal]:
        """The public goals off track or at risk, by level, status and id (kept on the view: view.basis; the
        next view of the live preview takes it when no goal's status changed, site/view_update.py)."""
        found = self.view.basis.get("at_risk")
        if found is None:
            rank = {"off-track": 0, "at-risk": 1}
            found = [g for g in self.view.goals.values() if self.status_of(g.id).status in rank]
            found.sort(key=lambda g: (int(g.level), rank[self.status_of(g.id).status], g.id))
            self.view.basis["at_risk"] = found
        return list(found)

    def department_name(self, dept_id: str) -> str:
        dept = self.view.department(dept_id)
        return dept.name if dept else dept_id

    def corporate_order(self, goal_id: str) -> tuple[int, str]:
        return self._corporate_position.get(goal_id, 1 << 30), goal_id
