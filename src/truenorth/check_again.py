"""The check after an edit, re-running only the rules whose reads the edit reached (`truenorth serve`).

The live preview (truenorth.live) keeps each goals file's result (load.organisation.FileResult) between
saves; after a save it knows the old and the new result of every file read again. `check_again` works
out what changed and decides, here and nowhere else, what runs:

* what changed: for each changed file, the declared fields (rules/base.py READABLE, "goal.title",
  "key_result.current"...) whose values differ on the file's entities, compared one by one in the file's
  order (its goals, their key results and links, its person, department, metrics, vision);
* not understood, and every rule runs as check.check_loaded does: no last check; other rules, settings, plays,
  date or ids schema (the rules' context); files added, removed or reordered; a changed file whose
  loader findings, skipped or dropped goals, kind or entities' ids differ (a goal added, removed or
  renamed; a file that fails to load, or did); anything that moved (a location, a list made longer or
  shorter: lines shift); an inline suppression changed; a duplicate id before or after; a rule that
  declares no `reads`;
* otherwise each rule (rules/__init__.py GRAPH_RULES, in order):
  - none of its reads changed: its findings of the last check stand (no location moved);
  - a goal-scope rule (`scope="goal"`) whose changed reads are goals' (or their key results') fields runs
    on the changed files' goals; its findings there replace the last ones, its others stand;
  - a links-scope rule (`scope="links"`: TN105, TN113, TN114) whose changed reads are goals' (or their key
    results') fields runs on the changed goals and the goals up to two links below them (with the goals up
    to two links above those to look at); its findings at those goals and their links replace the last ones;
  - a rule with a proof here (_PROOFS: TN103, no cycle before and none closed by the changed links)
    keeps its findings;
  - any other rule whose reads changed runs on the whole organisation.
* the organisation: the last one with the changed files' entities put in at their places (no merge); the
  graph: the last one itself when no link changed, else built again (build_graph: 0.13 s at 10,000 people;
  a graph patched in place would need networkx's private dicts); the goals traced to the vision: the last set when each
  changed goal still does or does not reach the vision, else found again; the summary's counts and
  health score: again only when a field the check itself reads (check.READS) changed; when nothing any rule
  or the check reads changed (a progress update), the last answer itself.

Then the settings' severities, the inline suppressions, the notes on broken files and the summary, as
check_loaded does (check.finished). The findings and summary equal a fresh run_check's after every edit:
tests/test_check_again.py (each kind of edit, and a rule declared in the test) and
tests/test_fuzz_check_again.py (random sequences of edits).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from truenorth.config import Config
from truenorth.findings import CheckResult, Finding, Severity, Summary
from truenorth.load.organisation import FileResult, LoadResult, merge
from truenorth.model import Department, Goal, KeyResult, Location, Metric, Organisation, Person, Vision

if TYPE_CHECKING:
    import networkx as nx

_KINDS = {Goal: "goal", KeyResult: "key_result", Person: "person", Department: "department", Metric: "metric",
          Vision: "vision"}
_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in _KINDS}


@dataclass(slots=True)
class Checked:
    """What a check leaves for the next: its inputs and each rule's findings as the rule gave them."""

    settings: tuple  # the rules run and their context besides the organisation (settings, plays, date, ids schema)
    loaded: LoadResult
    rels: list[str]
    results: dict[str, FileResult]
    duplicates: bool
    graph: "nx.DiGraph"
    traced: set[str]
    counts: tuple[int, int, int, int]  # check.counts_of
    by_rule: dict[str, list[Finding]]  # rule code -> its findings, before severities and suppressions
    findings: list[Finding]  # the check's answer
    summary: Summary


@dataclass(slots=True)
class Decision:
    """What the last check_again did (for tests and the curious): every rule ran, or only `ran` on the
    whole organisation, `ran_on_goals` on the changed files' goals and `ran_on_links` near them;
    `fields`: the fields changed."""

    everything: bool
    fields: frozenset[str] = frozenset()
    ran: tuple[str, ...] = ()
    ran_on_goals: tuple[str, ...] = ()
    ran_on_links: tuple[str, ...] = ()  # links-scope rules run on the changed goals and those below them
    proved: tuple[str, ...] = ()  # rules whose findings are shown to stand without running them (_PROOFS)


def settings_of(config: Config, ctx, rules: list) -> tuple:
    """What the rules' findings depend on besides the organisation: the rules run, the settings, and what
    the context reads from elsewhere (the playbook's plays, the date, the ids schema)."""
    return (tuple(rules), config, ctx.plays, ctx.today, ctx.ids_schema, ctx.max_goals_per_person,
            ctx.key_results_per_goal, ctx.output_words)


def _patched(last: LoadResult, changed) -> LoadResult:
    """What merge gives for the files of `last` with the results `changed` in place of theirs, when these
    differ from the last ones in values alone (changed_fields) and `last` had no duplicate: the last
    organisation's dicts copied, the changed files' entities put in at their places."""
    org = last.org
    goals, metrics = dict(org.goals), dict(org.metrics)
    departments, people, vision = dict(org.departments), dict(org.people), org.vision
    for result in changed:
        fragment = result.fragment
        if fragment is None:
            continue
        if fragment.vision is not None:
            vision = fragment.vision
        for metric in fragment.metrics:
            metrics[metric.id] = metric
        if fragment.department is not None:
            departments[fragment.department.id] = fragment.department
        if fragment.person is not None:
            people[fragment.person.id] = fragment.person
        for goal in fragment.goals:
            goals[goal.id] = goal
    return LoadResult(Organisation(vision, goals, departments, people, metrics, list(org.withheld)),
                      list(last.findings), [], set(last.invalid_goal_ids), set(last.people_with_dropped_goals),
                      last.files)


def changed_fields(old: FileResult, new: FileResult) -> set[str] | None:
    """The declared fields ("kind.field") whose values differ between two results of one file, or None when
    the difference is not one of values alone (see the module's docstring)."""
    if (old.kind != new.kind or old.findings != new.findings or old.invalid_goal_ids != new.invalid_goal_ids
            or old.people_with_dropped_goals != new.people_with_dropped_goals):
        return None
    a, b = old.fragment, new.fragment
    if a is None or b is None:
        return None if a is not b else set()
    if a.path != b.path or a.withheld != b.withheld or len(a.goals) != len(b.goals) or len(a.metrics) != len(b.metrics):
        return None
    changed: set[str] = set()
    pairs = [(a.vision, b.vision), (a.department, b.department), (a.person, b.person),
             *zip(a.metrics, b.metrics), *zip(a.goals, b.goals)]
    for x, y in pairs:
        if x is None or y is None:
            if x is not y:
                return None
        elif x != y and not _entity(x, y, changed):
            return None
    return changed


def _entity(x, y, changed: set[str]) -> bool:
    """Add the fields in which two versions of one entity differ; False when not values alone."""
    cls = type(x)
    if type(y) is not cls or cls not in _KINDS:
        return False
    kind = _KINDS[cls]
    for name in _FIELDS[cls]:
        u, v = getattr(x, name), getattr(y, name)
        if u == v:
            continue
        if name == "id" or name == "location" or name.endswith("_location") or name == "suppressions":
            return False
        if isinstance(u, list) and isinstance(v, list):
            if len(u) != len(v):
                return False
            for p, q in zip(u, v):
                if type(p) in _KINDS:
                    if p != q and not _entity(p, q, changed):
                        return False
                elif _places(p) != _places(q):
                    return False
        changed.add(f"{kind}.{name}")
    return True


def _places(item) -> tuple:
    """The locations in one item of a list (a link, a check-in, a value of the vision)."""
    values = item if isinstance(item, tuple) else [getattr(item, name) for name in getattr(type(item), "__slots__", ())]
    return tuple(v for v in values if isinstance(v, Location))


def _of_goals(names: set[str]) -> bool:
    """Whether these fields are goals' or their key results' (what the changed goals hold): a change to a
    metric, a person or a department may reach goals in other files, and a rule reading it runs on all."""
    return all(name.startswith(("goal.", "key_result.")) for name in names)


def _near(ctx, goal_ids: list[str]) -> tuple:
    """For the links-scope rules (rules/base.py): a context whose organisation holds the goals whose findings
    the changed goals can reach (those goals and the goals up to two links below them) and the goals up to
    two links above those, and the places (goals and links) at which such findings are located."""
    graph, goals = ctx.graph, ctx.org.goals
    involved = set(goal_ids)
    for _ in range(2):
        involved |= {child for gid in list(involved) for child in graph.predecessors(gid)}
    wanted = set(involved)
    for _ in range(2):
        wanted |= {link.target for gid in list(wanted) for link in goals[gid].supports if link.target in goals}
    places = {place for gid in involved for place in (goals[gid].location, *(s.location for s in goals[gid].supports))}
    org = replace(ctx.org, goals={gid: goals[gid] for gid in wanted})  # (each goal's findings come in its links' order)
    return replace(ctx, org=org, shared={}), places


def _reaches(graph: "nx.DiGraph", start: str, end) -> bool:
    """Whether `end` (a node, or None: `start` itself again) is reached from `start` along at least one edge."""
    goal = start if end is None else end
    seen, todo = set(), list(graph.successors(start))
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.successors(node))
    return False


def _same_traced(graph: "nx.DiGraph", org, goal_ids: list[str], traced: set[str]) -> bool:
    """Whether the goals traced to the vision are still `traced` after the links of `goal_ids` changed (and
    nothing else): so when each of those goals still does, or still does not, reach the vision. A goal's
    path to the vision either avoids their links, which did not change, or passes through one of them
    first; either way it reaches the vision now as it did."""
    vision = org.vision.id if org.vision is not None else None
    if vision is None or vision not in graph:
        return not traced
    return all((gid in traced) == _reaches(graph, gid, vision) for gid in goal_ids)


def _no_new_cycle(last_findings: list, graph: "nx.DiGraph", goal_ids: list[str], reads: set[str]) -> bool:
    """TN103 (cycle) reports nothing exactly when the graph has no cycle. With none reported last time and only
    links changed, a cycle now would pass through a changed goal: none does when none of them reaches itself."""
    return not last_findings and reads <= {"goal.supports"} and not any(_reaches(graph, gid, None) for gid in goal_ids)


_PROOFS = {"TN103": _no_new_cycle}
"""Rules whose findings after an edit can be shown to stand without running them on the whole organisation:
code -> proof(its last findings, the new graph, the changed goals, its reads that changed)."""


def check_again(config: Config, rels: list[str], results: dict[str, FileResult], last: Checked | None,
                digests: dict[str, str] | None = None, parsed: int = 0) -> tuple[CheckResult, Checked, Decision]:
    """The check of the files `rels` (in the loader's order) whose results are `results`, re-running only
    what the edits since `last` reach; the findings and summary are those of check_loaded on the organisation
    merged from them (load.organisation.merge). Returns the result, what to keep for the next check, and
    what was decided. (`digests`, `parsed`: the loader's, for the organisation's LoadResult.)"""
    from truenorth.analysis.graph import build_graph, traced_to_vision
    from truenorth.check import READS, context_of, counts_of, finished
    from truenorth.rules import GRAPH_RULES

    rules = [rule for rule in GRAPH_RULES if config.severity.get(rule.code) != Severity.OFF]
    changed: dict[str, FileResult] = {}
    fields_changed: set[str] | None = None
    if last is not None and last.rels == rels and not last.duplicates and all(rule.reads is not None for rule in rules):
        fields_changed = set()
        for rel in rels:
            new, old = results[rel], last.results[rel]
            if new is not old:
                found = changed_fields(old, new)
                if found is None:
                    fields_changed = None
                    break
                changed[rel] = new
                fields_changed |= found
    if fields_changed is not None:  # the same files, ids and places: the last organisation with the new values
        loaded = _patched(last.loaded, changed.values())
    else:
        loaded = merge(results, rels, config.goals_dir)
    loaded.parsed = parsed
    loaded.digests = digests if digests is not None else {}
    org = loaded.org
    if fields_changed is not None:
        goal_ids = [g.id for r in changed.values() if r.fragment is not None for g in r.fragment.goals]
        if "goal.supports" in fields_changed:
            graph = build_graph(org)  # (public networkx only: 0.13 s at 10,000 people, on a link edit alone)
            traced = last.traced if _same_traced(graph, org, goal_ids, last.traced) else traced_to_vision(graph, org)
        else:
            graph, traced = last.graph, last.traced
        ctx = context_of(config, loaded, graph, traced)
        if settings_of(config, ctx, rules) != last.settings:
            fields_changed = None
    if fields_changed is None:  # every rule, as check_loaded
        graph = build_graph(org)
        traced = traced_to_vision(graph, org)
        ctx = context_of(config, loaded, graph, traced)
        by_rule = {rule.code: list(rule.check(ctx)) for rule in rules}
        counts = counts_of(ctx)
        decision = Decision(True)
    else:
        by_rule, ran, ran_on_goals, ran_on_links, proved = {}, [], [], [], []
        paths = {r.fragment.path for r in changed.values() if r.fragment is not None}
        part = near = None
        for rule in rules:
            reads = rule.reads & fields_changed
            if not reads:
                by_rule[rule.code] = last.by_rule[rule.code]
            elif rule.scope == "goal" and _of_goals(reads):
                if part is None:
                    part = replace(ctx, org=replace(org, goals={gid: org.goals[gid] for gid in goal_ids}), shared={})
                fresh = [f for f in rule.check(part) if f.location.path in paths]
                by_rule[rule.code] = [f for f in last.by_rule[rule.code] if f.location.path not in paths] + fresh
                ran_on_goals.append(rule.code)
            elif rule.scope == "links" and _of_goals(reads):
                if near is None:
                    near = _near(ctx, goal_ids)
                near_ctx, places = near
                fresh = [f for f in rule.check(near_ctx) if f.location in places]
                by_rule[rule.code] = [f for f in last.by_rule[rule.code] if f.location not in places] + fresh
                ran_on_links.append(rule.code)
            elif rule.code in _PROOFS and _PROOFS[rule.code](last.by_rule[rule.code], graph, goal_ids, reads):
                by_rule[rule.code] = last.by_rule[rule.code]
                proved.append(rule.code)
            else:
                by_rule[rule.code] = list(rule.check(ctx))
                ran.append(rule.code)
        counts = last.counts if READS.isdisjoint(fields_changed) else counts_of(ctx)
        decision = Decision(False, frozenset(fields_changed), tuple(ran), tuple(ran_on_goals), tuple(ran_on_links),
                            tuple(proved))
    if (not decision.everything and not (decision.ran or decision.ran_on_goals or decision.ran_on_links
                                         or decision.proved) and graph is last.graph and counts is last.counts):
        # Nothing any rule or the summary reads changed (a progress update): the last answer, on the new organisation.
        result = CheckResult(org, graph, traced, list(last.findings), replace(last.summary),
                             loaded.people_with_dropped_goals, config.status_thresholds)
    else:
        findings = list(loaded.findings)
        for rule in rules:
            findings += by_rule[rule.code]
        result = finished(config, loaded, graph, traced, findings, counts)
    kept = Checked(settings_of(config, ctx, rules), loaded, list(rels), dict(results), bool(loaded.duplicates), graph,
                   traced, counts, by_rule, list(result.findings), result.summary)
    return result, kept, decision


__all__ = ["Checked", "Decision", "changed_fields", "check_again"]
