"""The alignment health score as the site shows it: computed on the public goals alone
(analysis/health.py defines it), so that nothing a private goal says moves it."""

from __future__ import annotations

from truenorth.analysis.health import LABELS, POINTS, Health, alignment_health
from truenorth.model import Organisation
from truenorth.site.escape import md
from truenorth.site.links import rel
from truenorth.site.rule_pages import INDEX as RULES_INDEX

DEFINITION = (RULES_INDEX, "alignment-health-score")  # the generated rules index defines it, on every site


def public_health(view) -> Health:
    """The score of the view's public goals, worked out once per view (kept on it: view.basis, which the next
    view of the live preview takes when the edit changed nothing the score reads, site/view_update.py)."""
    found = view.basis.get("health")
    if found is None:
        org = view.org
        public = Organisation(vision=view.vision, goals=view.goals, departments=org.departments, people=org.people,
                              metrics=org.metrics)
        found = view.basis["health"] = alignment_health(public, view.graph, view.traced)
    return found


def score_text(page: str, score: int | None, link: bool = True) -> str:
    """The score in bold, linked to its definition (or not: in a table of them)."""
    if score is None:
        return "no goals yet"
    return f"[**{score}/100**]({rel(page, *DEFINITION)})" if link else f"**{score}/100**"


def parts_table(health: Health) -> list[str]:
    """Markdown: each part of the score, what it looks at and the points it gives."""
    out = ["| Part | As it should be | Points |", "| --- | --- | --- |"]
    for name, (good, total) in health.parts.items():
        points = POINTS[name] * (good / total if total else 1.0)
        out.append(f"| {md(LABELS[name])} | {good} of {total} | {points:.1f} of {POINTS[name]} |")
    return out
