"""Organisations built in Python for the site tests, and a checker for the links between pages."""

from __future__ import annotations

import datetime as _dt
import html
import posixpath
import re
from html.parser import HTMLParser

import markdown

from truenorth.analysis.graph import build_graph, traced_to_vision
from truenorth.check import CheckResult
from truenorth.model import (Department, Goal, KeyResult, Level, Location, Metric, Organisation, Person, Support,
                             Value, Vision)
from truenorth.rules import GRAPH_RULES, Context

TODAY = _dt.date(2027, 6, 1)
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details"]
HOSTILE_TITLE = "<script>alert(1)</script> [x](javascript:alert(1)) ![](http://evil/x.png) *em* `code`"
HOSTILE_DESCRIPTION = "<img src=x onerror=alert(2)> [click](javascript:alert(3))\n\n!!! note\n    admonition?"
PRIVATE_ID = "ops-zz-secret-plan"
PRIVATE_TITLE = "Quietly outsource the Quillfeather desk"
PRIVATE_PERSON_GOAL = "bob-zz-private-growth"
PRIVATE_PERSON_TITLE = "Negotiate a Zanzibar transfer"
PLAYS = {"voice": "Voice of the customer", "coach": "Coach to the person"}


def loc(path: str, line: int = 1) -> Location:
    return Location(path, line, 1)


def goal(gid: str, title: str, level: Level, supports: list[str], owner: str, *, department: str | None = None,
         person: str | None = None, path: str = "goals/x.yaml", line: int = 1, **extra) -> Goal:
    for i, result in enumerate(extra.get("key_results", [])):  # each key result where it would be written
        result.location = loc(path, line + 10 + i)
    return Goal(id=gid, title=title, owner=owner, level=level,
                supports=[Support(t, loc(path, line + 1)) for t in supports], location=loc(path, line),
                department=department, person=person, **extra)


def kr(metric: str, baseline: float | None, target: float | None, current: float | None, weight: float = 1.0,
       description: str = "") -> KeyResult:
    return KeyResult(metric=metric, location=loc("goals/x.yaml"), description=description, baseline=baseline,
                     target=target, current=current, weight=weight)


def result_for(org: Organisation) -> CheckResult:
    """What run_check returns, without files: the graph, the traced set and the graph rules' findings."""
    graph = build_graph(org)
    traced = traced_to_vision(graph, org)
    ctx = Context(org=org, graph=graph, traced=traced, plays=set(PLAYS))
    findings = [f for rule in GRAPH_RULES for f in rule.check(ctx)]
    return CheckResult(org, graph, traced, findings, None)


def small_org() -> Organisation:
    """A vision, two corporate goals, two departments (one with a team), three people, and some trouble:

    a hostile title, a private department goal with a public goal under it, a private individual goal,
    an orphan, a dangling link, a retired goal and an unknown play.
    """
    org = Organisation()
    org.vision = Vision("vision", "Every customer helped", "We solve problems the first time.",
                        [Value("Own it", "We finish what we start.")], loc("goals/vision.yaml"), owner="ann")
    org.metrics = {
        "csat": Metric("csat", "Customer satisfaction", "Share rating 4 or 5.", "%", "higher", loc("goals/metrics.yaml")),
        "aht": Metric("aht", "Handle time", "Average seconds.", "s", "lower", loc("goals/metrics.yaml"), "efficiency"),
    }
    org.departments = {
        "ops": Department("ops", "Operations", "ann", loc("goals/departments/ops.yaml")),
        "ops-team": Department("ops-team", "Ops Team A", "bob", loc("goals/departments/ops-team.yaml"), parent="ops"),
        "sales": Department("sales", "Sales & <b>Co</b>", "cy", loc("goals/departments/sales.yaml")),
    }
    org.people = {
        "ann": Person("ann", "Ann Archer", "ops", loc("goals/people/ann.yaml"), role="Head of operations"),
        "bob": Person("bob", "Bob Baker", "ops-team", loc("goals/people/bob.yaml"), role="Team lead"),
        "cy": Person("cy", "Cy Cole", "sales", loc("goals/people/cy.yaml"), role="Seller"),
        "dee": Person("dee", "Dee Dunn", "ops", loc("goals/people/dee.yaml")),
    }
    C, D, I = Level.CORPORATE, Level.DEPARTMENT, Level.INDIVIDUAL
    goals = [
        goal("corp-satisfaction", "Customers love us", C, ["vision"], "ann", path="goals/corporate.yaml", line=3,
             period="2027", plays=["voice"], key_results=[kr("csat", 70, 80, 75, weight=2)]),
        goal("corp-cost", "Costs under control", C, ["vision"], "ann", path="goals/corporate.yaml", line=20,
             period="2027", key_results=[kr("aht", 300, 200, 250)]),
        goal("corp-lonely", "Nobody carries me", C, ["vision"], "ann", path="goals/corporate.yaml", line=30,
             period="2027"),
        goal("ops-first-contact", "Solve it first time", D, ["corp-satisfaction", "corp-cost"], "ann",
             department="ops", path="goals/departments/ops.yaml", line=5, period="2027", plays=["voice", "coach"],
             key_results=[kr("csat", 60, 80, 70)]),
        goal(PRIVATE_ID, PRIVATE_TITLE, D, ["corp-cost"], "ann", department="ops",
             path="goals/departments/ops.yaml", line=30, visibility="private", plays=["voice"],
             description="Nobody outside the board may read this.", key_results=[kr("aht", 300, 250, 280)]),
        goal("ops-hostile", HOSTILE_TITLE, D, ["corp-satisfaction"], "ann", department="ops",
             path="goals/departments/ops.yaml", line=50, description=HOSTILE_DESCRIPTION,
             plays=["not-a-play"], health="at-risk", health_reason="<b>vendor</b> late"),
        goal("ops-orphan", "Goal with no parent", D, [], "ann", department="ops",
             path="goals/departments/ops.yaml", line=70),
        goal("team-callbacks", "Call customers back", D, ["ops-first-contact"], "bob", department="ops-team",
             path="goals/departments/ops-team.yaml", line=5, key_results=[kr("csat", 50, 90, 60)]),
        goal("sales-dangling", "Sell the right thing", D, ["corp-nowhere"], "cy", department="sales",
             path="goals/departments/sales.yaml", line=5),
        goal("sales-retired", "Old goal", D, ["corp-satisfaction"], "cy", department="sales",
             path="goals/departments/sales.yaml", line=15, status="retired"),
        goal("ann-coach", "Coach my team leads", I, ["ops-first-contact"], "ann", department="ops", person="ann",
             path="goals/people/ann.yaml", line=5, period="2027-H1", plays=["coach"],
             key_results=[kr("csat", 0, 100, 40), kr("aht", 300, 200, 150, weight=3)]),
        goal("ann-under-private", "Help with the secret plan", I, [PRIVATE_ID], "ann", department="ops",
             person="ann", path="goals/people/ann.yaml", line=20, key_results=[kr("csat", 0, 10, 5)]),
        goal("bob-callbacks", "Ring back within a day", I, ["team-callbacks"], "bob", department="ops-team",
             person="bob", path="goals/people/bob.yaml", line=5, plays=["voice"], status="achieved"),
        goal(PRIVATE_PERSON_GOAL, PRIVATE_PERSON_TITLE, I, ["team-callbacks"], "bob", department="ops-team",
             person="bob", path="goals/people/bob.yaml", line=20, visibility="private", plays=["coach"]),
        goal("cy-learn", "Learn the products", I, ["sales-dangling"], "cy", department="sales", person="cy",
             path="goals/people/cy.yaml", line=5),
    ]
    org.goals = {g.id: g for g in goals}
    return org


def synthetic_org(people: int, per_department: int = 20, goals_per_person: int = 3) -> Organisation:
    """A regular organisation: 4 corporate goals, divisions with teams, every goal traced to the vision."""
    org = Organisation()
    org.vision = Vision("vision", "Customers first", "Statement.", [], loc("goals/vision.yaml"))
    org.metrics = {"csat": Metric("csat", "CSAT", "Share.", "%", "higher", loc("goals/metrics.yaml"))}
    corporate = [f"corp-{i}" for i in range(4)]
    for i, cid in enumerate(corporate):
        org.goals[cid] = goal(cid, f"Corporate goal {i}", Level.CORPORATE, ["vision"], "p0", period="2027",
                              key_results=[kr("csat", 50, 90, 60 + i)])
    teams = max(1, people // per_department)
    divisions = max(1, teams // 10)
    for d in range(divisions):
        did = f"div-{d}"
        org.departments[did] = Department(did, f"Division {d}", f"p{d * per_department}", loc(f"goals/departments/{did}.yaml"))
        for k in range(2):
            gid = f"{did}-g{k}"
            org.goals[gid] = goal(gid, f"Division {d} goal {k}", Level.DEPARTMENT, [corporate[(d + k) % 4]],
                                  f"p{d * per_department}", department=did, key_results=[kr("csat", 50, 90, 70)])
    for t in range(teams):
        tid = f"team-{t}"
        parent = f"div-{t % divisions}"
        org.departments[tid] = Department(tid, f"Team {t}", f"p{t * per_department}", loc(f"goals/departments/{tid}.yaml"),
                                          parent=parent)
        for k in range(2):
            gid = f"{tid}-g{k}"
            org.goals[gid] = goal(gid, f"Team {t} goal {k}", Level.DEPARTMENT, [f"{parent}-g{k}"],
                                  f"p{t * per_department}", department=tid, key_results=[kr("csat", 40, 80, 60)])
    for p in range(people):
        pid = f"p{p}"
        team = f"team-{min(p // per_department, teams - 1)}"
        org.people[pid] = Person(pid, f"Person {p:05d}", team, loc(f"goals/people/{pid}.yaml"), role="Adviser")
        for k in range(goals_per_person):
            gid = f"{pid}-g{k}"
            org.goals[gid] = goal(gid, f"Goal {k} of person {p}", Level.INDIVIDUAL, [f"{team}-g{k % 2}"], pid,
                                  department=team, person=pid, period="2027-H1",
                                  key_results=[kr("csat", 0, 100, (p * 7 + k) % 101)],
                                  visibility="private" if (p % 50 == 0 and k == 0) else "internal")
    return org


def render(text: str) -> str:
    """A page's Markdown as HTML, with the extensions the site's mkdocs.yml enables."""
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}}).convert(text)


def strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return text[end + 5:]
    return text


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[tuple[str, str]] = []  # (tag, value)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "id" and value:
                self.ids.append(value)
            if name in ("href", "src", "xlink:href") and value is not None:
                self.hrefs.append((tag, value))


def parse_html(text: str) -> _Refs:
    parser = _Refs()
    parser.feed(text)
    return parser


def page_url(page: str, directory_urls: bool = True) -> str:
    stem = page[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def check_links(pages: dict[str, str], external: set[str], directory_urls: bool = True) -> list[str]:
    """Every link between pages, as MkDocs would see it, must reach a page (and an anchor on it).

    Markdown links (.md, relative to the page's file) and the raw HTML links (built URLs, relative to the
    page's URL). `external` holds the pages outside the generated set that may be linked.
    """
    rendered = {path: parse_html(render(strip_front_matter(text))) for path, text in pages.items()}
    ids = {path: set(r.ids) for path, r in rendered.items()}
    by_url = {page_url(p, directory_urls): p for p in [*pages, *external]}
    problems = []
    for path, refs in rendered.items():
        for tag, value in refs.hrefs:
            value = html.unescape(value)
            if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", value) or value.startswith("//"):
                problems.append(f"{path}: absolute or scripted link {value!r}")
                continue
            target, _, anchor = value.partition("#")
            if target.endswith(".md") or target == "":
                if target == "":
                    resolved = path
                else:
                    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
                if resolved not in pages:
                    if resolved not in external:
                        problems.append(f"{path}: link to missing page {value!r} ({resolved})")
                    continue
            else:  # a raw HTML link to a built URL
                base = page_url(path, directory_urls)
                if directory_urls:
                    url = posixpath.normpath(posixpath.join(base, target)) if target else base.rstrip("/")
                    url = "" if url == "." else url + "/"
                else:
                    url = posixpath.normpath(posixpath.join(posixpath.dirname(base), target))
                if url not in by_url:
                    problems.append(f"{path}: raw HTML link to missing URL {value!r} ({url})")
                    continue
                resolved = by_url[url]
                if resolved not in pages:  # a page outside the generated set: its anchors are not known
                    continue
            if anchor and anchor not in ids[resolved]:
                problems.append(f"{path}: link {value!r} to a missing anchor on {resolved}")
    return problems
