"""The alignment report: the public findings, the coverage of corporate goals, goals at risk."""

from __future__ import annotations

import re
from collections import Counter

from truenorth.analysis.coverage import is_standalone
from truenorth.config import Config
from truenorth.model import Level
from truenorth.site.escape import code, front_matter, html_text, md, plural
from truenorth.site.health import parts_table, public_health, score_text
from truenorth.site.view import ALIGNMENT
from truenorth.site.widgets import MAX_LISTED, PageKit, html_list, is_active

STALE_AFTER_DAYS = Config().stale_after_days  # as `truenorth status` by default: a goal reviewed longer ago is stale

ALIGNMENT_SECTIONS = (
    ("TN101", "Orphans", "Goals whose chain of `supports` never reaches the vision."),
    ("TN102", "Dangling links", "`supports` names a goal that does not exist."),
    ("TN103", "Cycles", "Goals that support each other in a loop."),
    ("TN111", "Gaps", "Corporate goals that no department goal supports: nobody carries them."),
)


def render(kit: PageKit) -> str:
    view = kit.view
    page = ALIGNMENT
    shown = view.findings  # the public ones only (public_findings): how many others there are is private too
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
            (" Findings about private goals are not shown." if view.private_count else ""), ""]
    out += health_section(kit, page)
    for rule_code, title, what in ALIGNMENT_SECTIONS:
        items = by_code.pop(rule_code, [])
        out += [f"## {title} ({rule_code}) {{#{title.lower().replace(' ', '-')}}}", "", what, ""]
        if not items:
            out += ["None.", ""]
            continue
        out += finding_items(kit, page, rule_code, items)
        out.append("")
    if by_code:
        out += ["## Other findings", ""]
        for rule_code in sorted(by_code):
            out += finding_items(kit, page, rule_code, by_code[rule_code])
        out.append("")
    standalone = [g for g in view.goals.values() if is_active(g) and is_standalone(g, view.traced)]
    out += ["## Standalone goals {#standalone-goals}", "",
            "Goals with no line of sight to the vision on purpose: each carries a reviewed `standalone_reason`.", ""]
    out += [html_list([kit.goal_item_html(page, g, f"<br>Standalone: {html_text(g.standalone_reason)}")
                       for g in standalone], "tn-goal-list") if standalone else "None.", ""]
    out += coverage(kit, page)
    at_risk = kit.goals_at_risk()
    out += ["## Goals at risk {#goals-at-risk}", ""]
    if at_risk:
        out += [f"{plural(len(at_risk), 'goal')} at risk or off track, the corporate and department goals first.", ""]
        out += [_listed(kit, page, at_risk, lambda g: _where(kit, page, g)), ""]
    else:
        out += ["No goal is at risk or off track.", ""]
    out += stale(kit, page)
    return "\n".join(out)


def health_section(kit: PageKit, page: str) -> list[str]:
    """The alignment health score, its parts, and each department's score (lowest first)."""
    health = public_health(kit.view)
    out = ["## Alignment health {#alignment-health}", "",
           f"The organisation scores {score_text(page, health.score)}, from the public goals: "
           "each part gives its points for the share of what it looks at that is as it should be.", "",
           *parts_table(health), ""]
    if health.departments:
        names = {d.id: d.name for d in kit.view.org.departments.values()}
        ranked = sorted(health.departments.items(),
                        key=lambda item: (item[1] is None, item[1] or 0, names[item[0]].casefold(), item[0]))
        out += ["| Department | Alignment health |", "| --- | --- |"]
        out += [f"| {kit.department_link(page, d)} | {score_text(page, score, link=False)} |" for d, score in ranked]
        out.append("")
    return out


def _where(kit: PageKit, page: str, goal) -> str:
    if goal.level == Level.DEPARTMENT and goal.department:
        return f" · {kit.department_a(page, goal.department)}"
    if goal.level == Level.INDIVIDUAL and goal.person:
        return f" · {kit.person_a(page, goal.person)}"
    return ""


def _listed(kit: PageKit, page: str, goals: list, extra) -> str:
    items = [kit.goal_item_html(page, g, extra(g)) for g in goals[:MAX_LISTED]]
    if len(goals) > MAX_LISTED:
        items.append(f"<em>and {len(goals) - MAX_LISTED} more</em>")
    return html_list(items, "tn-goal-list")


def stale(kit: PageKit, page: str) -> list[str]:
    """The public goals whose `updated` date is more than STALE_AFTER_DAYS before the site's date, oldest first.
    (`truenorth status` also dates a goal without `updated` by its file's last commit; the site has no git.)"""
    view = kit.view
    out = ["## Stale goals {#stale-goals}", "",
           f"Active goals last reviewed (their `updated` date) more than {STALE_AFTER_DAYS} days ago.", ""]
    if view.today is None:
        return out + ["*No date to judge by.*", ""]
    found = [g for g in view.goals.values() if g.updated is not None and g.status not in ("retired", "achieved")
             and (view.today - g.updated).days > STALE_AFTER_DAYS]
    found.sort(key=lambda g: (g.updated, g.id))
    if not found:
        return out + ["None.", ""]
    return out + [_listed(kit, page, found, lambda g: f" · reviewed {g.updated.isoformat()}{_where(kit, page, g)}"), ""]


def finding_items(kit: PageKit, page: str, rule_code: str, findings: list) -> list[str]:
    """The list items of one rule's findings: at most MAX_LISTED, then how many more and the command that lists
    them all (a page of thousands of findings is read by nobody, and its search entries swamp every search)."""
    items = [finding_item(kit, page, f) for f in findings[:MAX_LISTED]]
    if len(findings) > MAX_LISTED:
        items.append(f"- *and {len(findings) - MAX_LISTED} more {html_text(rule_code)} findings: "
                     f"`truenorth check --select {html_text(rule_code)}` lists them all.*")
    return items


def finding_item(kit: PageKit, page: str, finding) -> str:
    view = kit.view
    tokens = dict.fromkeys(t for t in _tokens(finding.message) if t in view.goals)
    links = ", ".join(kit.goal_link(page, t) for t in tokens)
    where = code(finding.location if finding.location.line else finding.location.path)  # line 0: no line to show
    text = f"- **{html_text(finding.code)}** {finding.severity.value}: {md(finding.message)} ({where})"
    if links:
        text += f" → {links}"
    return text


def coverage(kit: PageKit, page: str) -> list[str]:
    view = kit.view
    corporate = sorted((g for g in view.corporate if is_active(g)), key=lambda g: g.id)  # as `truenorth gaps`
    out = ["## Coverage: departments × corporate goals {#coverage}", ""]
    if not corporate or not view.org.departments:
        return out + ["*Nothing to show yet.*", ""]
    out += ["How many of each department's goals trace up to each corporate goal "
            "(directly or through a parent department's goal). An empty column is a gap. "
            "The columns are the corporate goals' ids, in the order of `truenorth gaps`.", ""]
    out += [f"- `{g.id}`: {kit.goal_link(page, g.id)}" for g in corporate]
    out.append("")
    right = ' class="tn-num"'
    rows = ['<div class="tn-table-scroll"><table class="tn-coverage">', "<thead><tr><th>Department</th>" + "".join(
        f'<th{right}><a href="{kit.goal_href(page, g.id)}" title="{html_text(g.title)}">{html_text(g.id).replace("-", "-<wbr>")}</a></th>'
        for g in corporate) + "</tr></thead>", "<tbody>"]
    column_totals = Counter()
    for dept in sorted(view.org.departments.values(), key=lambda d: (d.name.casefold(), d.id)):
        row: Counter = Counter()
        for goal in view.goals_of_department.get(dept.id, []):
            if is_active(goal):
                for corp in kit.corporate_reach(goal.id):
                    row[corp] += 1
        cells = []
        for corp in corporate:
            n = row.get(corp.id, 0)
            if n:
                column_totals[corp.id] += 1
            cells.append(str(n) if n else "·")
        rows.append(f"<tr><td>{kit.department_a(page, dept.id)}</td>" + "".join(f"<td{right}>{c}</td>" for c in cells)
                    + "</tr>")
    rows.append("<tr><td><strong>Departments carrying it</strong></td>" + "".join(
        f"<td{right}><strong>{column_totals[c.id]}</strong></td>" if column_totals[c.id]
        else f"<td{right}><strong>0</strong> gap</td>" for c in corporate) + "</tr>")
    rows.append("</tbody></table></div>")
    out += ["\n".join(rows), ""]
    return out


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9-]*", text or "")
