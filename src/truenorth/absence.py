"""One broken file, findings in that file: what follows only from a file that could not be read is
folded into one note on it.

A department file with a YAML typo is left out of the organisation, so every person in that
department would also get "department 'billing' does not exist" (TN108), each of their goals a
dangling reference (TN102) to the department goals the file holds, and every goal below those an
orphan finding (TN101): errors in files the author never touched, annotations on files a pull
request never changed. Here those findings are taken out of the report and counted on the broken
file's own error instead: its message says how many files and findings wait for it, and its
`related` locations name them (in `--format json` too). Once the file reads, they are checked again
like any others.

A file counts as absent when it could not be parsed (TN001-TN006, TN011) and nothing it would
declare is in the organisation. Only those: the site shows such an error as the file and the kind
of problem, never its message or `related` (site/public.py), so a note that counts findings about
private goals never reaches it. A file parsed but left out for a schema error (TN008, TN007) or
refused by the walk (TN012) keeps its findings where they are: the site publishes those messages. What it would declare follows from its place
(load/layout.py) and name (a department's or person's id is its file name: TN009):

    departments/<id>.yaml  TN108 for the people of <id> and for departments whose parent is <id>;
                           TN102 from the goals of those people and of those departments; TN111
                           (a corporate goal no department goal supports: its goals may); TN204 and TN207
                           (a goal nothing supports or measures by a customer outcome: its goals may)
    people/**/<id>.yaml    TN107 for goals (and the vision) owned by <id>; TN109 for departments it heads;
                           TN204 and TN207 as for a department
    corporate.yaml         TN102 from department goals
    vision.yaml            TN102 from corporate goals
    metrics.yaml           TN110, every one; TN207 (which metrics are customer outcomes is in it)

and TN101 for the goals that reach one of those dangling links through public goals. (Which public
findings wait is decided by public goals alone, so the public site does not change with what a
private goal says.) Which goal a dangling link meant
cannot be read from a broken file, so a link from those goals to a missing id waits too: after the
fix it is reported again if it still names nothing. Errors are never hidden: the broken file's own
error stays, so the check still fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from truenorth.findings import Finding
from truenorth.load.layout import kind_of
from truenorth.model import Level, Location, Organisation

FILE_CODES = frozenset({"TN001", "TN002", "TN003", "TN004", "TN005", "TN006", "TN011"})
"""The loader's codes for a file that could not be parsed at all (the site's _UNPARSED: see above)."""

_WHAT = {"department": "name this department", "person": "name this person", "corporate": "support its goals",
         "vision": "support the vision", "metrics": "use its metrics"}


def fold_absences(findings: list[Finding], org: Organisation, goals_dir: str, graph, traced: set[str]) -> list[Finding]:
    """The findings with those that follow only from an absent file folded into a note on that file
    (see the module's docstring); the same list when no file is absent. `findings` sorted, severities applied."""
    hosts: dict[str, int] = {}
    for n, finding in enumerate(findings):
        if finding.code in FILE_CODES and finding.location.path not in hosts:
            hosts[finding.location.path] = n
    if not hosts:
        return findings
    absent = _absent_files(hosts, org, goals_dir)
    if not absent:
        return findings
    waiting: dict[tuple[str, Location], str] = {}  # (code, location) of a consequence -> the absent file (the first)
    for path, kind in absent.items():
        for key in _consequences(kind, PurePosixPath(path).stem, org, graph, traced):
            waiting.setdefault(key, path)
    folded: dict[str, list[Finding]] = {path: [] for path in absent}
    kept: list[Finding] = []
    for finding in findings:
        owner = waiting.get((finding.code, finding.location))
        if owner is None or finding.location.path in absent:
            kept.append(finding)
        else:
            folded[owner].append(finding)
    out = []
    for finding in kept:
        path = finding.location.path
        those = folded.get(path)
        if those and finding is findings[hosts[path]]:
            finding = _with_note(finding, absent[path], those)
        out.append(finding)
    return out


def _absent_files(hosts: dict[str, int], org: Organisation, goals_dir: str) -> dict[str, str]:
    """path -> kind of each file with a loader error of which nothing is in the organisation."""
    present = {g.location.path for g in org.goals.values()}
    present.update(d.location.path for d in org.departments.values())
    present.update(p.location.path for p in org.people.values())
    present.update(m.location.path for m in org.metrics.values())
    if org.vision is not None:
        present.add(org.vision.location.path)
    prefix = goals_dir.rstrip("/") + "/"
    absent = {}
    for path in sorted(hosts):
        if path in present or not path.startswith(prefix):
            continue
        kind = kind_of(PurePosixPath(path[len(prefix):]))
        if kind is not None:
            absent[path] = kind
    return absent


def _consequences(kind: str, stem: str, org: Organisation, graph, traced: set[str]) -> Iterable[tuple[str, Location]]:
    """(code, location) of every finding that may follow only from the absence of a `kind` file named `stem`."""
    linking = []  # goals whose links to missing ids may point into the absent file
    if kind == "department":
        for person in org.people.values():
            if person.department == stem:
                yield "TN108", person.department_location or person.location
        children = set()
        for dept in org.departments.values():
            if dept.parent == stem:
                children.add(dept.id)
                yield "TN108", dept.parent_location or dept.location
        linking = [g for g in org.goals.values() if (g.level == Level.INDIVIDUAL and g.department == stem)
                   or (g.level == Level.DEPARTMENT and g.department in children)]
        for goal in org.goals_at(Level.CORPORATE):  # its goals may be the ones that carry it (TN111, a warning)
            yield "TN111", goal.location
        yield from _quality_consequences(org)
    elif kind == "person":
        yield from _quality_consequences(org)
        if org.vision is not None and org.vision.owner == stem:
            yield "TN107", org.vision.location
        for goal in org.goals.values():
            if goal.owner == stem:
                yield "TN107", goal.owner_location or goal.location
        for dept in org.departments.values():
            if dept.head == stem:
                yield "TN109", dept.head_location or dept.location
    elif kind == "corporate":
        linking = [g for g in org.goals.values() if g.level == Level.DEPARTMENT]
    elif kind == "vision":
        linking = [g for g in org.goals.values() if g.level == Level.CORPORATE]
    elif kind == "metrics":
        for goal in org.goals.values():
            for kr in goal.key_results:
                if kr.metric not in org.metrics:
                    yield "TN110", kr.location
        for goal in org.goals_at(Level.CORPORATE):  # which metrics are customer outcomes is in it
            yield "TN207", goal.location
    cut = []  # goals with a link into the absent file: the goals that reach them do not trace because of it
    for goal in linking:
        missing = [link for link in goal.supports if link.target not in graph]
        for link in missing:
            yield "TN102", link.location
        if missing:
            cut.append(goal.id)
    if cut:
        import networkx as nx

        public = graph.subgraph(g for g in graph if g not in org.goals or not org.goals[g].is_private)
        below = set(cut)
        for goal_id in cut:
            if goal_id in public:
                below |= nx.ancestors(public, goal_id)
        for goal_id in sorted(below - traced):
            yield "TN101", org.goals[goal_id].location


def _quality_consequences(org: Organisation) -> Iterable[tuple[str, Location]]:
    """The absent file's goals may support any goal above them and carry customer-outcome key results: a
    goal with no supporter (TN204) and a corporate goal with no customer outcome in its branch (TN207) wait."""
    for goal in org.goals.values():
        if goal.level in (Level.CORPORATE, Level.DEPARTMENT):
            yield "TN204", goal.location
        if goal.level == Level.CORPORATE:
            yield "TN207", goal.location


def _with_note(finding: Finding, kind: str, folded: list[Finding]) -> Finding:
    files = sorted({f.location.path for f in folded})
    people = kind == "department" and all("/people/" in f"/{path}" for path in files)
    what = f"{len(files)} {'people ' if people else ''}file{'s' if len(files) != 1 else ''} {_WHAT[kind]}"
    if kind == "department" and not people:
        what += " or its goals"
    if len(files) == 1:
        what = what.replace(" name ", " names ").replace(" support ", " supports ").replace(" use ", " uses ")
    note = (f" ({what}: {'their' if len(files) != 1 else 'its'} {len(folded)} finding{'s' if len(folded) != 1 else ''} "
            f"wait{'s' if len(folded) == 1 else ''} until this file reads)")
    related = finding.related + tuple(sorted({f.location for f in folded}))
    return Finding(finding.code, finding.name, finding.severity, finding.message + note, finding.location,
                   finding.hint, related)
