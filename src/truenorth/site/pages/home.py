"""The home page: the vision, the corporate goals, the cascade at a glance, goals at risk."""

from __future__ import annotations

from truenorth.analysis.coverage import is_standalone
from truenorth.model import Level
from truenorth.site import diagrams
from truenorth.site.escape import front_matter, md, md_paragraphs, pct, plural
from truenorth.site.health import public_health, score_text
from truenorth.site.links import rel
from truenorth.site.pages.review import REVIEWS, periods as review_periods
from truenorth.site.view import (ALIGNMENT, CASCADE, DEPARTMENTS, GETTING_STARTED, HOME, METRICS, PEOPLE, PLAYS_INDEX,
                                 SELF_ASSESSMENT, VISION_ANCHOR)
from truenorth.site.widgets import PageKit, is_active

MAX_AT_RISK_HOME = 10


def render(kit: PageKit) -> str:
    view = kit.view
    page = HOME
    out = [front_matter("Home")]
    if view.vision is not None:
        out += [f"# {md(view.vision.title)} {{#{VISION_ANCHOR}}}", "", md_paragraphs(view.vision.statement), ""]
        if view.vision.owner:
            out += [f"Owned by {kit.person_link(page, view.vision.owner)}.", ""]
        if view.vision.values:
            out += ["## Our values", ""]
            out += [f"- **{md(value.name)}**" + (f": {md(value.description)}" if value.description else "")
                    for value in view.vision.values]
            out.append("")
    else:
        out += [f"# Our strategy {{#{VISION_ANCHOR}}}", "", "!!! warning \"No vision yet\"\n"
                "    `goals/vision.yaml` is missing: add the customer vision every goal traces to.", ""]
    out += ["## Corporate goals", ""]
    if view.corporate:
        out += [f"- {kit.goal_item(page, g)}" for g in view.corporate]
    else:
        out.append("*No corporate goals yet.*")
    out.append("")

    active, traced, standalone, counts = _glance(kit)
    share = traced / active if active else 1.0
    gaps = sum(1 for f in view.findings if f.code == "TN111")  # the view's findings are the public ones
    problems = sum(1 for f in view.findings if f.code in ("TN101", "TN102", "TN103"))
    out += ["## The cascade at a glance", "",
            '<div class="tn-glance">', diagrams.donut(share, "traced", "Goals traced to the vision"),
            diagrams.status_bar(counts, title="Goals by status"), "</div>", "",
            f"- **{traced} of {plural(active, 'goal')}** trace to the vision ({pct(share)})" +
            (f"; {standalone} stand{'s' if standalone == 1 else ''} alone by a reviewed reason (see the "
             f"[alignment report]({rel(page, ALIGNMENT, 'standalone-goals')}))." if standalone else "."),
            f"- {kit.counts_text(counts)}.",
            f"- **{plural(gaps, 'gap')}** (corporate goals no department carries) and "
            f"**{plural(problems, 'broken link')}** (orphans, dangling links, cycles): "
            f"see the [alignment report]({rel(page, ALIGNMENT)}).",
            health_line(kit, page), ""]

    at_risk = kit.goals_at_risk()
    out += ["## Goals at risk", ""]
    top = [g for g in at_risk if g.level != Level.INDIVIDUAL]
    if top:
        out += [f"- {kit.goal_item(page, g)}" for g in top[:MAX_AT_RISK_HOME]]
        if len(top) > MAX_AT_RISK_HOME:
            out.append(f"- … and {len(top) - MAX_AT_RISK_HOME} more in the "
                       f"[alignment report]({rel(page, ALIGNMENT, 'goals-at-risk')})")
    else:
        out.append("No corporate or department goal is at risk or off track.")
    individual = len(at_risk) - len(top)
    if individual:
        out += ["", f"{plural(individual, 'individual goal')} at risk or off track: "
                f"[the alignment report names them]({rel(page, ALIGNMENT, 'goals-at-risk')})."]
    out += ["", "## Explore", "",
            f"- [The cascade]({rel(page, CASCADE)}): from the vision to every department goal",
            f"- [Departments]({rel(page, DEPARTMENTS)}) and [people]({rel(page, PEOPLE)}): "
            "find your own goals and their line of sight",
            f"- [Alignment report]({rel(page, ALIGNMENT)}): orphans, broken links, gaps and coverage",
            f"- [Metric glossary]({rel(page, METRICS)})",
            *([f"- [Reviews of the periods]({rel(page, REVIEWS)}): what each quarter delivered, what it missed and why"]
              if review_periods(kit) else []),
            f"- [The playbook]({rel(page, PLAYS_INDEX)}) and the "
            f"[culture self-assessment]({rel(page, SELF_ASSESSMENT)})",
            f"- [Getting started]({rel(page, GETTING_STARTED)})", ""]
    return "\n".join(out)


def _glance(kit: PageKit) -> tuple:
    """(active goals, those traced, those standing alone, their statuses counted): kept on the view (view.basis),
    for the next view of the live preview (site/view_update.py takes it when no goal's status, standalone
    reason or key results changed)."""
    view = kit.view
    found = view.basis.get("glance")
    if found is None:
        goals = [g for g in view.goals.values() if is_active(g)]
        found = view.basis["glance"] = (len(goals), sum(1 for g in goals if g.id in view.traced),
                                        sum(1 for g in goals if is_standalone(g, view.traced)), kit.status_counts(goals))
    return found


def health_line(kit: PageKit, page: str) -> str:
    """The alignment health score, and the departments that score lowest (all of them: the alignment report)."""
    health = public_health(kit.view)
    scored = sorted(((score, d) for d, score in health.departments.items() if score is not None))
    lowest = ", ".join(f"{kit.department_link(page, d)} {score}" for score, d in scored[:3] if score < 100)
    return (f"- Alignment health {score_text(page, health.score)}"
            + (f"; lowest departments: {lowest} (every department in the "
               f"[alignment report]({rel(page, ALIGNMENT, 'alignment-health')}))." if lowest else "."))
