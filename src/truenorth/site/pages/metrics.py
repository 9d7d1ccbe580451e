"""The metric glossary: every metric of the catalogue and the goals that use it."""

from __future__ import annotations

from truenorth.site.escape import code, front_matter, md, md_paragraphs, metric_anchor, plural
from truenorth.site.view import METRICS
from truenorth.site.widgets import PageKit

MAX_METRIC_USERS = 25


def render(kit: PageKit) -> str:
    view = kit.view
    page = METRICS
    out = [front_matter("Metric glossary"), "# Metric glossary", "",
           "The metrics key results may use (from `goals/metrics.yaml`).", ""]
    if not view.org.metrics:
        out += ["*No metrics yet.*", ""]
    for metric in view.org.metrics.values():
        out += [f"## {md(metric.name)} {{#{metric_anchor(metric.id)}}}", ""]
        facts = [f"**Id:** {code(metric.id)}"]
        if metric.unit:
            facts.append(f"**Unit:** {md(metric.unit)}")
        facts.append(f"**Better when:** {'lower' if metric.direction == 'lower' else 'higher'}")
        facts.append(f"**Kind:** {md(metric.kind)}")
        out += [" · ".join(facts), "", md_paragraphs(metric.definition), ""]
        users = _users(view, metric.id)
        if users:
            listed = ", ".join(kit.goal_link(page, g.id) for g in users[:MAX_METRIC_USERS])
            more = f" and {len(users) - MAX_METRIC_USERS} more" if len(users) > MAX_METRIC_USERS else ""
            out += [f"**Used by {plural(len(users), 'goal')}:** {listed}{more}", ""]
    return "\n".join(out)


def _users(view, metric_id: str) -> list:
    """The public goals with a key result on the metric, by level and id (kept on the view: view.basis, for the
    next view of the live preview, site/view_update.py, which has the same goals in the same places)."""
    memo = view.basis.setdefault("metric_users", {})
    found = memo.get(metric_id)
    if found is None:
        found = memo[metric_id] = sorted(view.goals_of_metric.get(metric_id, []), key=lambda g: (int(g.level), g.id))
    return found
