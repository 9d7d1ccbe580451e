"""`truenorth export` (every goal as JSON or CSV) and `truenorth import csv` (goals from a spreadsheet
with the export's columns, through the edit engine), so that an organisation is never trapped in its tool.

The JSON has a published schema, schemas/export.schema.json. CSV: one row per goal (GOAL_COLUMNS); the
key results are a second table (`--key-results`, KEY_RESULT_COLUMNS). In the `supports` column the ids
are separated by spaces and a weighted link is written `id:weight`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import sys
from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, checked, config_of, today_of, date_value
from truenorth.model import GOAL_STATUSES
from truenorth.report.escape import json_text, terminal as clean

EXPORT_VERSION = 1
GOAL_COLUMNS = ("id", "level", "title", "supports", "owner", "department", "period", "status", "visibility",
                "standalone_reason", "progress", "computed_status")
KEY_RESULT_COLUMNS = ("goal", "metric", "description", "baseline", "target", "current", "weight", "progress")
COMPUTED = ("progress", "computed_status")  # what import ignores: the check works them out
LEVELS = {1: "corporate", 2: "department", 3: "individual"}


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _rounded(value):
    return None if value is None else round(value, 4)


def export_data(result, today: _dt.date, thresholds: dict, include_private: bool) -> dict:
    """The export as plain data (schemas/export.schema.json)."""
    from truenorth.analysis.progress import key_result_progress
    from truenorth.analysis.status import assess

    org = result.org
    assessments = assess(org, result.graph, today, **thresholds)
    goals = []
    for goal in sorted(org.goals.values(), key=lambda g: (g.level, g.location.path, g.location.line)):
        if goal.is_private and not include_private:
            continue
        person = org.people.get(goal.person) if goal.person else None
        department = goal.department or (person.department if person else None)
        verdict = assessments.get(goal.id)
        goals.append({
            "id": goal.id, "level": LEVELS[int(goal.level)], "title": goal.title,
            "supports": [{"goal": s.target, "weight": _number(s.weight)} for s in goal.supports],
            "owner": goal.owner, "department": department, "person": goal.person,
            "period": None if goal.period is None else str(goal.period), "status": goal.status,
            "visibility": goal.visibility, "standalone_reason": goal.standalone_reason,
            "description": goal.description or None,
            "progress": _rounded(verdict.progress) if verdict else None,
            "computed_status": verdict.status if verdict else None,
            "key_results": [{"metric": kr.metric, "description": kr.description or None,
                             "baseline": _number(kr.baseline), "target": _number(kr.target),
                             "current": _number(kr.current), "weight": _number(kr.weight),
                             "progress": _rounded(key_result_progress(kr, org.metrics.get(kr.metric)))}
                            for kr in goal.key_results],
            "file": goal.location.path,
        })
    vision = org.vision
    return {"format": "truenorth-export", "version": EXPORT_VERSION, "today": today.isoformat(),
            "vision": None if vision is None else {"id": vision.id, "title": vision.title},
            "goals": goals}


def supports_cell(supports: list[dict]) -> str:
    return " ".join(s["goal"] if s["weight"] == 1 else f"{s['goal']}:{s['weight']}" for s in supports)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (=, +, -, @ first: OWASP's CSV injection advice)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?[0-9.]+", text) else text


def export_csv(data: dict, key_results: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if key_results:
        writer.writerow(KEY_RESULT_COLUMNS)
        for goal in data["goals"]:
            for kr in goal["key_results"]:
                writer.writerow([_csv_safe(_cell(v)) for v in (goal["id"], *(kr[c] for c in KEY_RESULT_COLUMNS[1:]))])
        return out.getvalue()
    writer.writerow(GOAL_COLUMNS)
    for goal in data["goals"]:
        row = {**goal, "supports": supports_cell(goal["supports"])}
        writer.writerow([_csv_safe(_cell(row[c])) for c in GOAL_COLUMNS])
    return out.getvalue()


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="json: goals with their key results nested (schemas/export.schema.json); csv: one row per goal.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
@click.option("--key-results", is_flag=True, help="csv: the key results table (one row per key result) instead.")
@click.option("--include-private", is_flag=True, help="Include private goals (left out by default).")
@click.option("--today", callback=date_value, metavar="YYYY-MM-DD",
              help="Compute status as of this date [default: $TRUENORTH_TODAY, else the today setting, else the real date].")
@ROOT_OPTION
def export(fmt: str, output: Path | None, key_results: bool, include_private: bool, today, root: Path) -> None:
    """Export every goal: level, title, supports (with weights), owner, department, period, status,
    visibility, computed progress and status, key results.

    \b
    truenorth export --format json -o goals.json
    truenorth export --format csv -o goals.csv
    truenorth export --format csv --key-results -o key-results.csv
    """
    if key_results and fmt != "csv":
        raise click.UsageError("--key-results goes with --format csv (the JSON nests the key results in each goal)")
    config = config_of(root)
    when = today_of(config, today)
    data = export_data(checked(root), when, config.status_thresholds, include_private)
    text = json_text(data, indent=2) + "\n" if fmt == "json" else export_csv(data, key_results)
    if output is None:
        sys.stdout.write(text)
        return
    from truenorth.edit import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise Failure(clean(f"cannot write {output}: {exc.strerror or exc}")) from None
    click.echo(clean(f"{len(data['goals'])} goals written to {output}"), err=True)


# -- import -------------------------------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_PERIOD = re.compile(r"^(19|20|21)[0-9]{2}(-H[12]|-Q[1-4])?$")
_REQUIRED = ("id", "level", "title", "supports", "owner")


class RowProblem(Exception):
    pass


def _uncell(text: str | None) -> str:
    """A cell as export wrote it, without the quote that kept a spreadsheet from running it as a formula."""
    text = (text or "").strip()
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def parse_supports(cell: str) -> list[tuple[str, float]]:
    """`a b:2` -> [("a", 1), ("b", 2)]: ids separated by spaces (or commas, or semicolons), `id:weight`."""
    out = []
    for token in re.split(r"[\s,;]+", cell.strip()):
        if not token:
            continue
        target, _, weight = token.partition(":")
        if not _ID.match(target):
            raise RowProblem(f"supports: {target!r} is not an id")
        try:
            value = float(weight) if weight else 1.0
        except ValueError:
            raise RowProblem(f"supports: the weight of {target!r} is not a number ({weight!r})") from None
        if not 0 < value <= 1000:
            raise RowProblem(f"supports: the weight of {target!r} must be above 0 and at most 1000")
        out.append((target, value))
    return out


def _entries(item) -> list[tuple[str, float]]:
    supports = item.get("supports")
    out = []
    for entry in supports if isinstance(supports, list) else []:
        if isinstance(entry, str):
            out.append((entry, 1.0))
        elif isinstance(entry, dict):
            out.append((entry.get("goal"), float(entry.get("weight", 1))))
    return out


def _support_items(links: list[tuple[str, float]]) -> list:
    from truenorth.edit import CommentedMap

    items = []
    for target, weight in links:
        if weight == 1:
            items.append(target)
        else:
            entry = CommentedMap([("goal", target), ("weight", _number(weight))])
            entry.fa.set_flow_style()
            items.append(entry)
    return items


def _set(item, key: str, value, after: tuple[str, ...]) -> None:
    """Set a key, a new one placed after the first of `after` the item has (else at the end)."""
    if key in item:
        if item[key] != value:
            item[key] = value
        return
    keys = list(item)
    anchor = next((k for k in after if k in item), None)
    item.insert(keys.index(anchor) + 1 if anchor else len(keys), key, value)


def _apply_row(changes, org, row: dict, placed: dict) -> str:
    """Create or update the goal of one row; 'created', 'updated' or 'unchanged'. RowProblem when it cannot."""
    from truenorth.edit import flow_list, new_map

    goal_id = _uncell(row.get("id"))
    if not _ID.match(goal_id):
        raise RowProblem(f"id: {goal_id!r} is not an id (lower-case letters, digits and hyphens)")
    if goal_id in placed:
        raise RowProblem(f"id: {goal_id!r} is on row {placed[goal_id]} already")
    level = _uncell(row.get("level"))
    if level not in ("corporate", "department", "individual"):
        raise RowProblem(f"level: {level!r} is not corporate, department or individual")
    title = _uncell(row.get("title"))
    if not title:
        raise RowProblem("title: empty")
    links = parse_supports(_uncell(row.get("supports")))
    owner = _uncell(row.get("owner"))
    if not _ID.match(owner):
        raise RowProblem(f"owner: {owner!r} is not a person id")
    department = _uncell(row.get("department"))
    period = _uncell(row.get("period"))
    if period and not _PERIOD.match(period):
        raise RowProblem(f"period: {period!r} is not a year (2027), a half (2027-H1) or a quarter (2027-Q3)")
    status = _uncell(row.get("status")) or "active"
    if status not in GOAL_STATUSES:
        raise RowProblem(f"status: {status!r} is not one of {', '.join(GOAL_STATUSES)}")
    visibility = _uncell(row.get("visibility")) or "internal"
    if visibility not in ("internal", "private"):
        raise RowProblem(f"visibility: {visibility!r} is not internal or private")
    period_value = (int(period) if period.isdigit() else period) if period else None
    standalone = " ".join(_uncell(row.get("standalone_reason")).split()) or None

    existing = org.goals.get(goal_id)
    if existing is not None:
        if LEVELS[int(existing.level)] != level:
            raise RowProblem(f"level: {goal_id!r} is a {LEVELS[int(existing.level)]} goal in {existing.location.path}; "
                             "moving a goal to another level is not done by import")
        _document, item = changes.goal(goal_id)
        before = changes.open(existing.location.path).dump()
        if item.get("title") != title:
            item["title"] = title
        if _entries(item) != links:
            supports = item.get("supports")
            if isinstance(supports, list):
                del supports[:]
                supports.extend(_support_items(links))
            else:
                item["supports"] = flow_list(_support_items(links))
        if item.get("owner") != owner:
            item["owner"] = owner
        if period_value is not None and str(item.get("period")) != period:
            _set(item, "period", period_value, ("owner",))
        elif period_value is None and "period" in item:
            del item["period"]
        if status != "active" or "status" in item:
            _set(item, "status", status, ("period", "owner"))
        if visibility != "internal" or "visibility" in item:
            _set(item, "visibility", visibility, ("status", "period", "owner"))
        if standalone is not None and " ".join(str(item.get("standalone_reason", "")).split()) != standalone:
            _set(item, "standalone_reason", standalone, ("visibility", "status", "period", "owner"))
        elif standalone is None and "standalone_reason" in item:
            del item["standalone_reason"]
        return "unchanged" if changes.open(existing.location.path).dump() == before else "updated"

    if level == "corporate":
        path = f"{changes.goals_dir}/corporate.yaml"
    elif level == "department":
        if department not in org.departments:
            raise RowProblem(f"department: {department!r} is not a department (a department goal goes into its file)")
        path = org.departments[department].location.path
    else:
        person = org.people.get(owner)
        if person is None:
            raise RowProblem(f"owner: no person {owner!r} to hold this individual goal (add them first: truenorth new person)")
        path = person.location.path
    goal = new_map(("id", goal_id), ("title", title), ("supports", flow_list(_support_items(links))), ("owner", owner))
    if period_value is not None:
        goal["period"] = period_value
    if status != "active":
        goal["status"] = status
    if visibility != "internal":
        goal["visibility"] = visibility
    if standalone is not None:
        goal["standalone_reason"] = standalone
    if (changes.root / path).exists():
        document = changes.open(path)
    else:
        document = changes.create(path, new_map(("goals", [])))
    document.append_goal(goal)
    return "created"


@click.group("import")
def import_() -> None:
    """Create or update goals from a file exported elsewhere (see `truenorth import csv --help`)."""


@import_.command("csv")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Write the changes (without it: print the diff, write nothing).")
@ROOT_OPTION
def import_csv(file: Path, apply_: bool, root: Path) -> None:
    """Create or update goals from a CSV file with the columns of `truenorth export --format csv` (id, level,
    title, supports, owner, department, period, status, visibility, standalone_reason; progress and
    computed_status are ignored). A new individual goal goes into its owner's file, a department goal into its department's
    file, a corporate goal into the corporate file. The whole result is checked before anything is
    written; without --apply the diff is printed and nothing is written.

    \b
    truenorth import csv goals.csv            what would change (a diff)
    truenorth import csv goals.csv --apply    change the files
    """
    from truenorth.cli.editing import change_set, editing, finish

    try:
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise Failure(clean(f"cannot read {file}: {exc.strerror or exc}")) from None
    except UnicodeDecodeError as exc:
        raise Failure(clean(f"{file}: not UTF-8 text (byte {exc.start})")) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise Failure(clean(f"{file}:1: the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"))
    changes = change_set(root)
    problems, counts, placed = [], {"created": 0, "updated": 0, "unchanged": 0}, {}
    with editing():
        org = changes.before().org
        try:
            for row in reader:
                number = reader.line_num
                try:
                    counts[_apply_row(changes, org, row, placed)] += 1
                    placed[_uncell(row.get("id"))] = number
                except RowProblem as problem:
                    problems.append(f"{file}:{number}: {problem}")
        except csv.Error as exc:
            raise Failure(clean(f"{file}:{reader.line_num}: not CSV: {exc}")) from None
    if problems:
        for line in problems:
            click.echo(clean(line), err=True)
        raise Failure(f"{len(problems)} row{'s' if len(problems) != 1 else ''} could not be placed; nothing was written")
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    finish(changes, "text", not apply_, f"goals {summary}")
    if not apply_:
        click.echo(clean(f"goals {summary} (nothing written: --apply writes)"), err=True)
