"""The public view after an edit, made from the last one: the live preview's view (`truenorth serve`).

    view = update_view(last_view, result, today, plays, people_pages)   # == build_view(result, today, ...)

build_view works out every goal's assessment (its roll-up, effective period and status), readings and
what is owed (about 27 us a goal: a second at 40,000 goals). After a save only a few goals differ: the
live check (truenorth.live) keeps the Goal objects of the files it did not read again, so the goals
whose object is not the last view's are the edited ones. update_view takes the last view and works out
again only what those goals reach:

* their assessments, and those of every goal above them (the roll-up of progress goes up the
  `supports` links) and of the vision;
* when a period changed, the effective periods again (analysis.status.effective_periods, whole), and
  the assessments of every goal whose effective period changed (those below the edited goal);
* what is owed about the goals whose object, assessment or naming findings changed, and the lists of
  their owners; the readings of the edited goals;
* the findings the site shows (public_findings, each finding's private-or-not remembered while the
  private goals stay where they are) and the findings that name goals (each message's ids remembered);
* where private goals are written, when an edited goal is private (nothing else of it shows).

Everything else (the pages' indexes, supporters, distances, private counts, traced) is the last view's,
with the edited goals' new objects in their places (and the organisation's people and departments:
pages tell them apart by identity). It does this only when the edit keeps the shape of the organisation:
the same goal ids in the same order, each edited goal at the same place (level, department, person),
with the same owner, links (and weights), key results' metrics and plays, public (or unpublished) before
and after; the same vision, departments, people, metrics, settings, date and plays, no item left out for
its errors, the same traced goals and the same git readings of the other goals; the edited goals'
roll-up not on a cycle; at most MAX_CHANGED goals edited. Any other edit gets build_view, whole.

The new view's `basis` says what it worked out again ("edited", "reassessed", "touched": what site/reach.py
compares) and carries what the page kit keeps on a view (the reviews, health, goals at risk, corporate
reach, statuses: site/pages/review.py, site/health.py, site/widgets.py) where the edit leaves it as it was.

The result equals build_view's (tests/site/test_fuzz_view_update.py compares them, and every page made
from them, after random edits, with and without roll-ups and git history).
"""

from __future__ import annotations

import datetime as _dt

import networkx as nx

from truenorth.analysis.history import histories, key_result_history
from truenorth.analysis.owe import goal_owed, most_pressing_first, named_goals_in
from truenorth.analysis.progress import key_results_progress, weighted_mean
from truenorth.analysis.rollup import counts_in_progress
from truenorth.analysis.status import assess_goal, assess_vision, effective_periods
from truenorth.findings import CheckResult
from truenorth.model import Goal, Level, Organisation
from truenorth.site.view import (PublicView, _projection, _stand_in, _unpublished, build_view, people_folded,
                                 public_findings, written_at)
from truenorth.site.widgets import status_table

MAX_CHANGED = 2000
"""More goals edited than this (a whole team's files replaced at once): build_view, whole."""


def update_view(old: PublicView | None, result: CheckResult, today: _dt.date | None,
                plays: dict[str, str] | None = None, people_pages: str = "auto") -> PublicView:
    """build_view(result, today, plays, people_pages), made from `old` (the view of the same organisation
    before an edit) where the edit allows it (see the module's docstring)."""
    if old is not None:
        view = _updated(old, result, today, plays, people_pages)
        if view is not None:
            return view
    return build_view(result, today, plays, people_pages)


class _None:
    status = None


_NONE = _None()


def _health_key(goal: Goal) -> tuple:
    """What analysis.health.alignment_health reads of a goal besides its shape."""
    return goal.status, bool(goal.standalone_reason), bool(goal.key_results)


def _shape(goal: Goal) -> tuple:
    """What of a goal the view's indexes and graph are made from."""
    return (goal.level, goal.department, goal.person, goal.owner,
            tuple((link.target, link.weight) for link in goal.supports),
            tuple(kr.metric for kr in goal.key_results), tuple(dict.fromkeys(goal.plays)))


def _edited(old: PublicView, result: CheckResult, today, plays, people_pages) -> list[str] | None:
    """The ids of the goals whose object changed, when update_view may follow the edit; else None."""
    basis, org, before = old.basis, result.org, old.org
    if (today is None or old.today != today or "owed" not in basis or basis.get("people_pages") != people_pages
            or basis.get("thresholds") != result.status_thresholds or old.plays != plays
            or org.withheld or before.withheld or old.private_lines):
        return None
    if old.folded != people_folded(people_pages, len(org.people)):
        return None
    if not (org.vision == before.vision and org.departments == before.departments and org.people == before.people
            and org.metrics == before.metrics):
        return None
    old_goals, new_goals = before.goals, org.goals
    if len(old_goals) != len(new_goals):
        return None
    edited = []
    for (goal_id, goal), (old_id, old_goal) in zip(new_goals.items(), old_goals.items()):
        if goal is not old_goal:
            if goal_id != old_id:
                return None
            edited.append(goal_id)
    if len(edited) > MAX_CHANGED:
        return None
    for goal_id in edited:
        a, b = old_goals[goal_id], new_goals[goal_id]
        if _unpublished(a) != _unpublished(b) or _shape(a) != _shape(b):
            return None
    graph = result.graph
    # (the same nodes, and the same links from every goal: the same edges)
    if graph.number_of_nodes() != old.graph.number_of_nodes() or result.traced != old.traced:
        return None
    if not _same_readings(basis.get("history") or {}, result.history or {}, set(edited)):
        return None
    return edited


def _same_readings(old: dict, new: dict, edited: set[str]) -> bool:
    """Whether git gave the same readings for every goal not edited."""
    if old is new:
        return True
    kept = 0
    for key, readings in new.items():
        if key[0] in edited:
            continue
        before = old.get(key)
        if before is not readings and before != readings:
            return False
        kept += 1
    return kept == sum(1 for key in old if key[0] not in edited)


def _above(graph: nx.DiGraph, goal_ids: list[str]) -> set[str]:
    """The goals and everything they support, at any distance (their progress rolls up there)."""
    seen = set(goal_ids)
    todo = list(goal_ids)
    successors = graph.successors
    while todo:
        for up in successors(todo.pop()):
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


def _updated(old: PublicView, result: CheckResult, today, plays, people_pages) -> PublicView | None:
    edited = _edited(old, result, today, plays, people_pages)
    if edited is None:
        return None
    org, graph, basis = result.org, result.graph, old.basis
    thresholds = result.status_thresholds
    old_goals, new_goals = old.org.goals, org.goals
    private = old.private
    hidden = [g for g in edited if g in private]  # (what the public sees of them, their place and links, is the same)
    edited = [g for g in edited if g not in private]
    vision_id = org.vision.id if org.vision is not None else None

    def projected(goal_id: str) -> Goal | None:  # the goal as the public may assess it (build_view's _projection)
        goal = new_goals.get(goal_id)
        if goal is not None and goal_id in private:
            return _stand_in(goal.id, goal.level, goal.location, goal.department, goal.person)
        return goal

    # -- effective periods: again, whole, when a period changed
    periods = basis["periods"]
    moved: list[str] = []
    if any(old_goals[g].period != new_goals[g].period for g in edited):
        before = periods
        periods = effective_periods(_projection(org, []) if private else org, graph)
        moved = [g for g, period in periods.items() if before.get(g) != period]

    # -- progress: the edited goals and everything above them, supporters first
    above = _above(graph, edited)
    try:
        order = list(nx.topological_sort(graph.subgraph(above)))  # (a cycle through them: in `above`)
    except nx.NetworkXUnfeasible:
        return None
    progress = dict(basis["progress"])
    pred = graph.pred
    for node in order:
        goal = projected(node)
        value = None
        if goal is not None:
            value = 1.0 if goal.status == "achieved" else key_results_progress(org, goal)
        elif node != vision_id:
            continue  # (not a goal: the graph holds goals and the vision only)
        if value is None:
            pairs = []
            for child, edge in pred[node].items():
                supporter = projected(child)
                if supporter is None or not counts_in_progress(supporter):
                    continue
                child_value = progress.get(child)
                if child_value is not None:
                    pairs.append((child_value, edge.get("weight", 1.0)))
            value = weighted_mean(pairs)
        progress[node] = value

    # -- assessments
    assessment = dict(old.assessment)
    reassessed = []
    for goal_id in dict.fromkeys([*order, *moved]):
        if goal_id in private or goal_id == vision_id or goal_id not in new_goals:
            continue
        found = assess_goal(org, new_goals[goal_id], progress.get(goal_id), periods.get(goal_id), today, **thresholds)
        if assessment.get(goal_id) != found:
            reassessed.append(goal_id)
        assessment[goal_id] = found
    if vision_id is not None:
        carriers = graph.predecessors(vision_id) if vision_id in graph else ()
        small = Organisation(vision=org.vision, goals={g: projected(g) for g in carriers if g in new_goals},
                             departments=org.departments, people=org.people, metrics=org.metrics)
        assessment[vision_id] = assess_vision(small, graph, progress.get(vision_id), periods, today, **thresholds)

    # -- the view: the last one's indexes, the edited goals' new objects in their places
    replaced = {id(old_goals[g]): new_goals[g] for g in edited}
    goals = dict(old.goals)
    for goal_id in edited:
        goals[goal_id] = new_goals[goal_id]
    view = PublicView(org=org, graph=graph, today=today, vision=org.vision, goals=goals, private=private,
                      assessment=assessment, traced=old.traced, findings=[], plays=plays, home=old.home,
                      folded=old.folded)
    view.corporate = _patched(old.corporate, replaced) if any(
        new_goals[g].level == Level.CORPORATE for g in edited) else old.corporate
    view.other_goals = _patched(old.other_goals, replaced) if old.other_goals else old.other_goals
    for name in ("goals_of_department", "goals_of_person", "goals_owned_by", "goals_of_metric", "goals_of_play"):
        index: dict = getattr(old, name)
        keys = set()
        for goal_id in edited:
            goal = new_goals[goal_id]
            keys |= set(_index_keys(name, goal))
        if keys:
            index = dict(index)
            for key in keys:
                if key in index:
                    index[key] = _patched(index[key], replaced)
        setattr(view, name, index)
    view.people_of_department = _same_objects(old.people_of_department, org.people, old.org.people)
    view.subdepartments = _same_objects(old.subdepartments, org.departments, old.org.departments)
    for name in ("private_of_department", "private_of_person", "supporters", "private_supporters", "private_locations", "private_lines", "private_count",
                 "distance", "_chains"):
        setattr(view, name, getattr(old, name))
    if hidden:
        view.private_locations = _private_locations(old.private_locations, [old_goals[g] for g in hidden],
                                                    [new_goals[g] for g in hidden])
    mentioned = basis.get("mentioned")
    if mentioned is None or view.private_locations is not old.private_locations or len(mentioned) > 2 * len(
            result.findings) + 1000:
        mentioned = {}
    view.findings = public_findings(view, result.findings, mentioned)
    view.digest = result.digest

    # -- readings
    view.history = _history(old, view, result, edited)

    # -- what is owed
    cadence = thresholds.get("checkin_every_days")
    quoted = basis.get("quoted")
    named = _named(org, view.findings, {} if quoted is None or len(quoted) > 2 * len(view.findings) + 1000 else quoted)
    before_named = basis["named"]
    redo = set(edited) | set(reassessed)
    redo |= {g for g in (set(named) | set(before_named)) if named.get(g) != before_named.get(g) and g in goals}
    per_goal = dict(basis["owed"])
    owners = set()
    for goal_id in redo:
        goal = goals.get(goal_id)
        if goal is None:
            continue
        items = goal_owed(goal, assessment.get(goal_id), named.get(goal_id, ()), today, cadence)
        if items:
            per_goal[goal_id] = items
        else:
            per_goal.pop(goal_id, None)
        owners.add(goal.owner)
    owed = dict(old.owed)
    added = False
    for owner in owners:
        items = [item for goal in view.goals_owned_by.get(owner, ()) for item in per_goal.get(goal.id, ())]
        if items:
            added = added or owner not in owed
            owed[owner] = most_pressing_first(items)
        else:
            owed.pop(owner, None)
    view.owed = dict(sorted(owed.items())) if added else owed

    same_statuses = (all(old.assessment.get(g, _NONE).status == assessment[g].status for g in reassessed)
                     and all(old_goals[g].status == new_goals[g].status for g in edited))
    at_risk = basis.get("at_risk")
    if at_risk is not None and same_statuses:
        at_risk = _patched(at_risk, replaced)  # (the same goals at risk, the edited ones' new objects)
    else:
        at_risk = None
    health = basis.get("health")  # (analysis.health reads a goal's shape, status and standalone reason)
    if health is not None and any(_health_key(old_goals[g]) != _health_key(new_goals[g]) for g in edited):
        health = None
    status_by_goal = basis.get("status_by_goal")
    metric_users = {metric: _patched(users, replaced) for metric, users in basis.get("metric_users", {}).items()}
    glance = basis.get("glance") if same_statuses and health is not None else None  # (site/pages/home.py)
    view.basis = {"people_pages": people_pages, "at_risk": at_risk, "metric_users": metric_users, "glance": glance, "health": health, "thresholds": thresholds, "progress": progress, "periods": periods,
                  "history": result.history, "named": named, "owed": per_goal, "mentioned": mentioned,
                  "quoted": named.quoted,
                  "reviews_before": (basis.get("reviews"), {g: old_goals[g].status for g in edited},
                                     bool(moved) or any(old_goals[g].period != new_goals[g].period for g in edited)),
                  "followed": True, "made_from": id(old), "same_statuses": same_statuses, "touched": [*edited, *hidden, *reassessed],
                  **{key: basis[key] for key in ("entity_pages", "acyclic", "corporate_reach") if key in basis}, "edited": edited, "reassessed": [*reassessed, *([vision_id] if vision_id else [])]}
    if status_by_goal is not None:  # (the page kit's table of statuses: the reassessed goals' made again)
        status_table(view, status_by_goal, [*reassessed, *([vision_id] if vision_id in assessment else [])])
    return view


class _Named(dict):
    __slots__ = ("quoted",)


def _named(org: Organisation, findings: list, quoted: dict) -> _Named:
    """analysis.owe.named_goals, with each message's quoted ids remembered in `quoted` (message -> ids)."""
    named = _Named()
    named.quoted = quoted
    goals = org.goals
    for finding in findings:
        message = finding.message
        ids = quoted.get(message)
        if ids is None:
            ids = quoted[message] = tuple(dict.fromkeys(named_goals_in(message)))
        for goal_id in ids:
            if goal_id in goals:
                named.setdefault(goal_id, []).append(finding)
    return named


def _private_locations(locations: set, before: list[Goal], after: list[Goal]) -> set:
    gone = set().union(*map(written_at, before))
    now = set().union(*map(written_at, after))
    if gone == now:
        return locations
    return (locations - gone) | now  # (no two goals' items are written at the same place)


def _same_objects(index: dict[str, list], now: dict, before: dict) -> dict[str, list]:
    """An index of people (or departments) with the organisation's objects now: pages tell one from another
    by identity. (The same ids, equal objects: `_edited` made sure.)"""
    if all(thing is before.get(key) for key, thing in now.items()):
        return index
    return {key: [now[thing.id] for thing in things] for key, things in index.items()}


def _index_keys(name: str, goal: Goal) -> list:
    if name == "goals_of_department":
        return [goal.department] if goal.level == Level.DEPARTMENT else []
    if name == "goals_of_person":
        return [goal.person] if goal.level == Level.INDIVIDUAL else []
    if name == "goals_owned_by":
        return [goal.owner]
    if name == "goals_of_metric":
        return [kr.metric for kr in goal.key_results]
    return list(goal.plays)


def _patched(goals: list[Goal], replaced: dict[int, Goal]) -> list[Goal]:
    return [replaced.get(id(goal), goal) for goal in goals]


def _history(old: PublicView, view: PublicView, result: CheckResult, edited: list[str]) -> dict:
    """The readings of the public key results: the last view's, the edited goals' made again (in place
    when the same key results have readings; otherwise all of them, in build_view's order)."""
    history = dict(old.history)
    from_git = result.history
    for goal_id in edited:
        goal = view.goals[goal_id]
        for index in range(len(goal.key_results)):
            readings = key_result_history(goal, index, from_git)
            if bool(readings) != ((goal_id, index) in history):
                goals = view.goals
                return {key: found for key, found in histories(view.org, from_git).items() if key[0] in goals}
            if readings:
                history[(goal_id, index)] = readings
    return history
