"""Planning commands: gaps, impact and status (registered by cli/app.py, loaded when one runs).

Private goals are counted but never named (neither title nor id) in what these commands print.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from truenorth.analysis.gaps import GapReport, gap_report
from truenorth.analysis.impact import ImpactReport, impact as compute_impact
from truenorth.analysis.staleness import git_last_commits, goal_files, stale_goals, unknown_updates
from truenorth.analysis.status import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, ACHIEVED, STALE, TARGET_MET, assess
from truenorth.cli.app import AT_OPTION, ROOT_OPTION, Failure, checked, checked_at, config_of, today_of, date_value
from truenorth.model import Level, Organisation
from truenorth.report.escape import json_text, terminal as clean

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="text for people, json for tools.")


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {'people' if word == 'person' else word + 's'}"


def _private_note(n: int) -> str:
    return f"{_plural(n, 'private goal')}" if n else ""


def _split_private(org: Organisation, items: list, goal_of=lambda item: item) -> tuple[list, int]:
    """(the items about public goals, how many were about private ones): a listing shows the first and
    only counts the others (`goal_of` gives an item's goal id)."""
    shown = [item for item in items if not org.goals[goal_of(item)].is_private]
    return shown, len(items) - len(shown)


def _list_end(private: int, empty: bool, indent: str = "  ") -> None:
    """After a listing: the count of private goals left out, or "none" for an empty one."""
    if private:
        click.echo(indent + _private_note(private))
    if empty:
        click.echo(indent + "none")


def _goal_line(org: Organisation, goal_id: str, owner: bool = True) -> str:
    goal = org.goals[goal_id]
    who = f"  ({goal.owner})" if owner else ""
    return clean(f"{goal_id}: {goal.title}{who}")


def _emit_goals(org: Organisation, ids: list[str], indent: str = "  ", owner: bool = True) -> None:
    """Print public goals one a line, then a count of the private ones."""
    private = [i for i in ids if org.goals[i].is_private]
    for goal_id in ids:
        if goal_id not in private:
            click.echo(indent + _goal_line(org, goal_id, owner))
    if private:
        click.echo(indent + _private_note(len(private)))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


# ---------------------------------------------------------------------------------------------- gaps


def _render_gaps(org: Organisation, report: GapReport) -> None:
    click.echo(f"Corporate goals no department supports ({len(report.uncovered_corporate_goals)})")
    _emit_goals(org, report.uncovered_corporate_goals)
    if not report.uncovered_corporate_goals:
        click.echo("  none")

    click.echo(f"\nDepartments that carry no corporate goal ({len(report.idle_departments)})")
    for dep in report.idle_departments:
        click.echo(clean(f"  {dep}: {org.departments[dep].name}"))
    if not report.idle_departments:
        click.echo("  none")

    click.echo("\nCoverage: how many of each department's goals reach each corporate goal")
    columns = report.corporate_goals
    if not columns or not report.departments:
        click.echo("  (no corporate goals or no departments)")
    else:
        width = max([len(d) for d in report.departments] + [len("departments")])
        col = max(3, len(str(len(columns))) + 1)
        header = " " * (width + 2) + "".join(f"{f'C{i + 1}':>{col + 1}}" for i in range(len(columns)))
        click.echo(header + f"{'total':>7}")
        for dep in report.departments:
            row = report.coverage[dep]
            cells = "".join(f"{(str(len(row[c])) if row[c] else '.'):>{col + 1}}" for c in columns)
            carried = sum(1 for c in columns if row[c])
            click.echo(clean(f"  {dep:<{width}}{cells}{carried:>4}/{len(columns)}"))
        carriers = "".join(f"{sum(1 for d in report.departments if report.coverage[d][c]):>{col + 1}}"
                           for c in columns)
        click.echo(f"  {'departments':<{width}}{carriers}")
        for i, corp in enumerate(columns):
            name = "a private goal" if org.goals[corp].is_private else clean(f"{corp}: {org.goals[corp].title}")
            click.echo(f"  C{i + 1} = {name}")

    click.echo(f"\nPeople with no goals ({len(report.people_without_goals)})")
    for pid in report.people_without_goals:
        person = org.people[pid]
        click.echo(clean(f"  {pid}: {person.name} ({person.department})"))
    if not report.people_without_goals:
        click.echo("  none")

    click.echo(f"\nPeople who own more than {report.max_goals_per_person} active goals "
               f"({len(report.overloaded_people)})")
    for pid, count in report.overloaded_people.items():
        click.echo(clean(f"  {pid}: {org.people[pid].name} owns {count}"))
    if not report.overloaded_people:
        click.echo("  none")

    ids = list(report.efficiency_only_goals)
    click.echo(f"\nGoals measured only by efficiency metrics, with no outcome beside them ({len(ids)})")
    shown, private = _split_private(org, ids)
    for goal_id in shown:
        metrics = ", ".join(report.efficiency_only_goals[goal_id])
        click.echo("  " + _goal_line(org, goal_id) + clean(f"  [{metrics}]"))
    _list_end(private, not ids)

    click.echo(f"\nStandalone goals: no line of sight to the vision, by a reviewed reason "
               f"({len(report.standalone_goals)})")
    _emit_standalone(org, report.standalone_goals)


def _emit_standalone(org: Organisation, ids: list[str], indent: str = "  ") -> None:
    """Standalone goals (analysis.coverage.is_standalone) one a line with their reason; private ones counted."""
    shown, private = _split_private(org, ids)
    for goal_id in shown:
        click.echo(indent + _goal_line(org, goal_id))
        click.echo(indent + clean(f"  reason: {org.goals[goal_id].standalone_reason}"))
    _list_end(private, not ids, indent)


@click.command()
@ROOT_OPTION
@FORMAT_OPTION
def gaps(root: Path, fmt: str) -> None:
    """Gaps in the cascade: uncovered corporate goals, idle departments, the coverage matrix, people."""
    config = config_of(root)
    result = checked(root)
    report = gap_report(result.org, result.graph, config.max_goals_per_person, result.people_with_dropped_goals)
    if fmt == "json":
        click.echo(json_text(report.to_dict(hide_private=True), indent=2))
    else:
        _render_gaps(result.org, report)


# -------------------------------------------------------------------------------------------- impact


def _render_impact(org: Organisation, report: ImpactReport) -> None:
    goal = org.goals[report.goal_id]
    name = "a private goal" if goal.is_private else clean(f"{report.goal_id}: {goal.title}")
    click.echo(f"If {name} were retired:")
    if report.standalone:
        reason = "" if goal.is_private else clean(f": {goal.standalone_reason}")
        click.echo(f"  it stands alone by a reviewed reason{reason}")
        click.echo("  it has no line of sight to the vision, so no goal loses its line of sight through it.")
    elif not report.reaches_vision:
        click.echo("  it does not trace to the vision today, so no goal loses its line of sight through it.")
    click.echo(f"  {_plural(len(report.lost), 'goal')} would lose the line of sight to the vision"
               + (":" if report.lost else "."))
    _emit_goals(org, report.lost, indent="    ")
    if report.owners:
        click.echo(f"  {_plural(len(report.owners), 'person')} would need a new goal to support:")
        for owner, ids in report.owners.items():
            person = org.people.get(owner)
            who = f"{owner} ({person.name})" if person else owner
            click.echo(clean(f"    {who}: {_plural(len(ids), 'goal')}"))
    if report.kept:
        click.echo(f"  {_plural(len(report.kept), 'goal')} keep the line of sight through another path:")
        _emit_goals(org, report.kept, indent="    ")


@click.command()
@click.argument("goal_id")
@ROOT_OPTION
@FORMAT_OPTION
def impact(goal_id: str, root: Path, fmt: str) -> None:
    """What would lose its line of sight to the vision if GOAL_ID were retired, and who owns it."""
    result = checked(root)
    org = result.org
    if goal_id not in org.goals:
        from truenorth.rules.base import did_you_mean

        if org.vision is not None and goal_id == org.vision.id:
            raise Failure(f"{goal_id!r} is the vision, not a goal; every goal traces to it")
        public = [g for g, goal in org.goals.items() if not goal.is_private]
        close = did_you_mean(goal_id, public)
        raise Failure(f"no goal has the id {goal_id!r}" +
                                   (f"; did you mean {', '.join(map(repr, close))}?" if close else ""))
    report = compute_impact(org, result.graph, goal_id)
    if fmt == "json":
        payload = report.to_dict(hide_private=True)
        if org.goals[goal_id].is_private:
            payload["goal"] = None
        click.echo(json_text(payload, indent=2))
    else:
        _render_impact(org, report)


# -------------------------------------------------------------------------------------------- status


def _num(value: float) -> str:
    return f"{value:g}"


def _worse_than_baseline(org: Organisation) -> list[dict]:
    """Key results of non-retired goals that moved away from their target since their baseline, by goal id."""
    from truenorth.analysis.progress import key_result_progress

    found = []
    for goal in sorted(org.goals.values(), key=lambda g: g.id):
        if goal.status == "retired":
            continue
        for kr in goal.key_results:
            metric = org.metrics.get(kr.metric)
            value = key_result_progress(kr, metric)
            if value is None or value >= 0:
                continue
            unit = metric.unit if metric is not None and metric.unit else ""
            change = abs(kr.current - kr.baseline)
            amount = f"{change:g} points" if unit == "%" else (f"{change:g} {unit}" if unit else f"{change:g}")
            fall = f"{'fell' if kr.current < kr.baseline else 'rose'} {amount} from its baseline"
            found.append({"goal": goal.id, "metric": kr.metric, "baseline": kr.baseline, "current": kr.current,
                          "target": kr.target, "progress": value, "fall": fall})
    return found

_COUNTED = (ON_TRACK, AT_RISK, OFF_TRACK, ACHIEVED, TARGET_MET, NO_DATA, STALE)


@click.command()
@ROOT_OPTION
@click.option("--today", callback=date_value, metavar="YYYY-MM-DD",
              help="Assess as of this date [default: $TRUENORTH_TODAY, else the today setting, else the real date].")
@click.option("--stale-days", type=click.IntRange(min=0), default=None,
              help="A goal not updated for more days than this is stale (default: stale_after_days, 120).")
@FORMAT_OPTION
@AT_OPTION
def status(root: Path, today: _dt.date | None, stale_days: int | None, fmt: str, at: str | None) -> None:
    """Progress and status per corporate goal and department, and the stale goals.

    With --at REV (a tag, branch or commit): the goals, settings and commit dates as they stood at that
    git revision, e.g. truenorth status --at v2027-q1 --today 2027-03-31."""
    if at is not None:
        from truenorth.revision import commit_dates_at

        past = checked_at(root, at)
        config, result = past.config, past.result
        today = today_of(config, today)
        commits = commit_dates_at(past)
    else:
        config = config_of(root)
        today = today_of(config, today)
        result = checked(root)
        commits = git_last_commits(config.root, config.goals_dir)
    org = result.org
    days = config.stale_after_days if stale_days is None else stale_days
    assessments = assess(org, result.graph, today, **config.status_thresholds)
    files = goal_files(org)
    stale = stale_goals(org, files, commits, today, days)
    unknown = unknown_updates(org, files, commits)

    corporate = sorted(g.id for g in org.goals_at(Level.CORPORATE) if g.status != "retired")
    departments = {}
    for dep in sorted(org.departments):
        members = [g for g in org.goals.values() if g.department == dep and g.status != "retired"]
        counts = {s: sum(1 for g in members if assessments[g.id].status == s) for s in _COUNTED}
        dep_goals = [assessments[g.id].progress for g in members if g.level == Level.DEPARTMENT]
        values = [v for v in dep_goals if v is not None]
        departments[dep] = {"goals": len(members), "progress": sum(values) / len(values) if values else None,
                            "counts": counts}
    totals = {s: sum(1 for g in org.goals.values() if assessments[g.id].status == s) for s in _COUNTED}
    from truenorth.analysis.coverage import is_standalone

    standalone = sorted(g.id for g in org.goals.values() if g.status != "retired" and is_standalone(g, result.traced))
    fallen = _worse_than_baseline(org)

    if fmt == "json":
        def goal_entry(goal_id):
            a = assessments[goal_id]
            private = goal_id in org.goals and org.goals[goal_id].is_private
            return {"id": None if private else goal_id, "private": private, "progress": a.progress,
                    "expected": a.expected, "status": a.status, "reason": None if private else a.reason,
                    "flag": None if private else (a.flag or None)}

        payload = {
            "today": today.isoformat(),
            "vision": goal_entry(org.vision.id) if org.vision else None,
            "corporate_goals": [goal_entry(c) for c in corporate],
            "departments": departments,
            "totals": totals,
            "thresholds": config.status_thresholds,
            "worse_than_baseline": [{"goal": kr["goal"], "metric": kr["metric"], "baseline": kr["baseline"],
                                     "current": kr["current"], "target": kr["target"], "progress": kr["progress"]}
                                    for kr in fallen if not org.goals[kr["goal"]].is_private],
            "worse_than_baseline_private": sum(1 for kr in fallen if org.goals[kr["goal"]].is_private),
            "standalone": [{**goal_entry(g), "standalone_reason": None if org.goals[g].is_private
                            else org.goals[g].standalone_reason} for g in standalone],
            "stale_after_days": days,
            "stale": [{"id": s.goal_id, "last_update": s.last_update.isoformat(), "source": s.source,
                       "age_days": s.age_days} for s in stale if not org.goals[s.goal_id].is_private],
            "stale_private": sum(1 for s in stale if org.goals[s.goal_id].is_private),
            "unknown_last_update": len(unknown),
        }
        click.echo(json_text(payload, indent=2))
        return

    click.echo(f"Status on {today.isoformat()}")
    if org.vision is not None:
        a = assessments[org.vision.id]
        click.echo("\n" + clean(f"Vision {org.vision.id}: {org.vision.title}"))
        click.echo(f"  {_pct(a.progress)} done, {_pct(a.expected)} expected: {a.status}")

    click.echo(f"\nCorporate goals ({len(corporate)})")
    width = max([len(c) for c in corporate] + [4])
    shown, private = _split_private(org, list(corporate))
    for corp in shown:
        a = assessments[corp]
        why = "" if a.status in (ON_TRACK, AT_RISK, OFF_TRACK) and org.goals[corp].health is None else f"  {a.reason}"
        click.echo(clean(f"  {corp:<{width}}  {_pct(a.progress):>5} done, {_pct(a.expected):>4} expected  "
                         f"{a.status}{why}"))
        if a.flag:
            click.echo("  " + clean(f"  flagged: {a.flag}"))
    _list_end(private, False)

    click.echo("\nDepartments")
    width = max([len(d) for d in departments] + [10])
    click.echo(f"  {'':<{width}}  goals  progress  on track  at risk  off track  achieved  target met  no data  stale")
    for dep, row in departments.items():
        c = row["counts"]
        click.echo(clean(f"  {dep:<{width}}  {row['goals']:>5}  {_pct(row['progress']):>8}  {c[ON_TRACK]:>8}  "
                         f"{c[AT_RISK]:>7}  {c[OFF_TRACK]:>9}  {c[ACHIEVED]:>8}  {c[TARGET_MET]:>10}  {c[NO_DATA]:>7}  {c[STALE]:>5}"))
    if standalone:
        click.echo(f"\nStandalone goals: no line of sight to the vision, by a reviewed reason ({len(standalone)})")
        shown, private = _split_private(org, standalone)
        for goal_id in shown:
            a = assessments[goal_id]
            done = "" if a.progress is None else f"{_pct(a.progress)} done, "
            click.echo("  " + _goal_line(org, goal_id) + f"  {done}{a.status}")
            click.echo("  " + clean(f"  reason: {org.goals[goal_id].standalone_reason}"))
        _list_end(private, False)
    click.echo(f"\nAll goals: {totals[ON_TRACK]} on track, {totals[AT_RISK]} at risk, {totals[OFF_TRACK]} off track, "
               f"{totals[ACHIEVED]} achieved, {totals[TARGET_MET]} target met, {totals[NO_DATA]} without data, "
               f"{totals[STALE]} stale (no check-in within checkin_every_days)")
    click.echo(f"  (on track: no more than {config.on_track_within} points behind the share of the period gone; "
               f"at risk: no more than {config.at_risk_within}; settings on_track_within and at_risk_within)")

    click.echo(f"\nKey results worse than their baseline ({len(fallen)})")
    shown, private = _split_private(org, fallen, lambda kr: kr["goal"])
    for kr in shown:
        click.echo(clean(f"  {kr['goal']}: {kr['metric']} {_num(kr['baseline'])} → {_num(kr['current'])} "
                         f"(target {_num(kr['target'])}): {kr['fall']}, {_pct(kr['progress'])}"))
    _list_end(private, not fallen)

    click.echo(f"\nStale goals: not updated for more than {days} days ({len(stale)})")
    shown, private = _split_private(org, stale, lambda entry: entry.goal_id)
    for entry in shown:
        via = "updated" if entry.source == "updated" else "last commit"
        click.echo("  " + _goal_line(org, entry.goal_id) + f"  {via} {entry.last_update.isoformat()}, {entry.age_days} days ago")
    _list_end(private, not stale)
    if unknown:
        click.echo(f"  {_plural(len(unknown), 'goal')} with no known last update (no `updated:` and no commit)")


COMMANDS = [gaps, impact, status]
