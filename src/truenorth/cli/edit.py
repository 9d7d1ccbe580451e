"""Changing goals without editing YAML by hand: `new goal|person|department`, `link`, `unlink`, `retire`,
`rename`. Each goes through the edit engine (truenorth.edit): the files keep their comments and layout,
the organisation as it would be is checked first, and a change that would bring an error finding is
refused with the finding (exit 1) and writes nothing. `--dry-run` prints the diff instead of writing.

Exit codes: 0 done (or nothing to change), 1 refused for the error findings printed (as `check` prints
them), 2 usage or I/O (an unknown id, a file changed since it was read, a file that exists...).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path, PurePosixPath

import click

from truenorth.cli.app import Failure
from truenorth.cli.editing import change_set, edit_options, editing, finish, nothing_to_do
from truenorth.report.escape import terminal as clean

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # common.schema.json#/$defs/id
_STOP_WORDS = frozenset("a an and at be by for from in into of on or our the their to we with".split())

def _did_you_mean(wanted: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _person(org, person_id: str):
    person = org.people.get(person_id)
    if person is None:
        raise Failure(clean(f"no person with the id {person_id!r}" + _did_you_mean(person_id, org.people)))
    return person


def _department(org, department_id: str):
    department = org.departments.get(department_id)
    if department is None:
        raise Failure(clean(f"no department with the id {department_id!r}"
                            + _did_you_mean(department_id, org.departments)))
    return department


def _period(text: str | None):
    if text is None:
        return None
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else text


def _number(value: float):
    return int(value) if float(value).is_integer() else value


def _check_id(value: str, what: str) -> str:
    if not ID_PATTERN.match(value):
        raise Failure(clean(f"{what} {value!r} is not a valid id: lower-case letters, digits and hyphens, "
                            "starting with a letter or digit, at most 64 characters"))
    return value


def make_goal_id(owner: str, title: str, taken) -> str:
    """An id from the owner and the title's first significant words (`ahmed-farouk-clear-refund-backlog`),
    at most 64 characters, with -2, -3... when it is taken."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_title)
    significant = [w for w in words if w not in _STOP_WORDS] or words
    base = owner[:64]
    for word in significant[:5]:
        if len(base) + 1 + len(word) > 60:
            break
        base = f"{base}-{word}"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base[:60]}-{n}"
        n += 1
    return candidate


# -- new ----------------------------------------------------------------------------------------------

@click.group()
def new() -> None:
    """Add a goal, a person or a department (each written into the right file, checked first).

    \b
    truenorth new goal --owner hannah-doyle --supports cc-resolve-in-one-go --title "Resolve billing calls in one go"
    truenorth new person ana-lopez --name "Ana Lopez" --department billing --role "Billing specialist"
    truenorth new department complaints --name "Complaints" --head ana-lopez --parent contact-centre
    """


@new.command("goal")
@click.option("--owner", required=True, help="The person accountable (a person id).")
@click.option("--supports", "supports", required=True, metavar="ID[,ID...]",
              help="What the goal contributes to: goal ids one level up (or the vision's id), comma-separated.")
@click.option("--title", required=True, help="The goal's title.")
@click.option("--period", default=None, help="A year (2027), a half (2027-H1) or a quarter (2027-Q3).")
@click.option("--id", "goal_id", default=None, help="The goal's id (default: made from the owner and the title).")
@click.option("--department", default=None, help="A department goal, written into that department's file.")
@click.option("--corporate", is_flag=True, help="A corporate goal, written into the corporate file.")
@edit_options
def new_goal(owner: str, supports: str, title: str, period: str | None, goal_id: str | None,
             department: str | None, corporate: bool, root: Path, dry_run: bool, fmt: str) -> None:
    """Add a goal and print its id. An individual goal goes into the owner's person file; with
    --department into that department's file, with --corporate into the corporate file.

    \b
    truenorth new goal --owner hannah-doyle --supports cc-resolve-in-one-go \\
        --title "Resolve billing questions on the first call" --period 2027-H2
    truenorth new goal --owner sofia-marquez --department contact-centre \\
        --supports corp-solve-first-time --title "Callbacks within one hour"
    """
    from truenorth.edit import flow_list, new_map

    if department and corporate:
        raise click.UsageError("--department and --corporate cannot be used together")
    targets = [s.strip() for s in supports.split(",") if s.strip()]
    if not targets:
        raise click.UsageError("--supports needs at least one id")
    if not title.strip():
        raise click.UsageError("--title cannot be empty")
    changes = change_set(root)
    with editing():
        org = changes.before().org
        owner_person = _person(org, owner)
        if corporate:
            path = f"{changes.goals_dir}/corporate.yaml"
        elif department:
            path = _department(org, department).location.path
        else:
            path = owner_person.location.path
        taken = set(org.goals) | {w.id for w in org.withheld if w.id} | ({org.vision.id} if org.vision else set())
        if goal_id is None:
            goal_id = make_goal_id(owner, title, taken)
        _check_id(goal_id, "the goal id")
        goal = new_map(("id", goal_id), ("title", title), ("supports", flow_list(targets)), ("owner", owner))
        if period is not None:
            goal["period"] = _period(period)
        if (changes.root / path).exists():
            document = changes.open(path)
        else:  # (a repository without a corporate file yet)
            document = changes.create(path, new_map(("goals", [])))
        document.append_goal(goal)
    finish(changes, fmt, dry_run, goal_id, id=goal_id)


def _people_folder(changes, org, department: str) -> str:
    """Where the people of a department live (the folder most of them are in), else people/<department>."""
    folders = Counter(str(PurePosixPath(p.location.path).parent) for p in org.people.values() if p.department == department)
    return folders.most_common(1)[0][0] if folders else f"{changes.goals_dir}/people/{department}"


@new.command("person")
@click.argument("person_id", metavar="ID")
@click.option("--name", required=True, help="The person's name.")
@click.option("--department", required=True, help="Their department (a department id).")
@click.option("--role", default=None, help="Their role.")
@edit_options
def new_person(person_id: str, name: str, department: str, role: str | None, root: Path, dry_run: bool,
               fmt: str) -> None:
    """Add a person: a new file beside their department's people.

    \b
    truenorth new person ana-lopez --name "Ana Lopez" --department billing --role "Billing specialist"
    """
    from truenorth.edit import new_map

    _check_id(person_id, "the person id")
    changes = change_set(root)
    with editing():
        org = changes.before().org
        if person_id in org.people:
            raise Failure(clean(f"there is already a person with the id {person_id!r} ({org.people[person_id].location.path})"))
        path = f"{_people_folder(changes, org, department)}/{person_id}.yaml"
        person = new_map(("id", person_id), ("name", name), ("department", department))
        if role:
            person["role"] = role
        changes.create(path, new_map(("person", person)))
    finish(changes, fmt, dry_run, path, id=person_id)


@new.command("department")
@click.argument("department_id", metavar="ID")
@click.option("--name", required=True, help="The department's name.")
@click.option("--head", required=True, help="The head of the department (a person id).")
@click.option("--parent", default=None, help="The parent department, for a sub-department or team.")
@click.option("--head-name", default=None,
              help="When the head is not a person yet: their name; their person file is added in the new department.")
@edit_options
def new_department(department_id: str, name: str, head: str, parent: str | None, head_name: str | None, root: Path,
                   dry_run: bool, fmt: str) -> None:
    """Add a department (or a team, with --parent): a new file under the departments folder.

    \b
    truenorth new department complaints --name "Complaints" --head sofia-marquez --parent contact-centre
    truenorth new department complaints --name "Complaints" --head ana-lopez --head-name "Ana Lopez"
    """
    from truenorth.edit import new_map

    _check_id(department_id, "the department id")
    changes = change_set(root)
    with editing():
        org = changes.before().org
        if department_id in org.departments:
            raise Failure(clean(f"there is already a department with the id {department_id!r} "
                                f"({org.departments[department_id].location.path})"))
        body = new_map(("id", department_id), ("name", name), ("head", head))
        if parent:
            body["parent"] = parent
        path = f"{changes.goals_dir}/departments/{department_id}.yaml"
        changes.create(path, new_map(("department", body)))
        if head_name is not None and head not in org.people:
            _check_id(head, "the head's person id")
            changes.create(f"{changes.goals_dir}/people/{department_id}/{head}.yaml",
                           new_map(("person", new_map(("id", head), ("name", head_name), ("department", department_id)))))
    finish(changes, fmt, dry_run, path, id=department_id)


# -- links --------------------------------------------------------------------------------------------

def _support_target(entry) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict):
        target = entry.get("goal")
        return target if isinstance(target, str) else None
    return None


@click.command()
@click.argument("goal_id", metavar="GOAL")
@click.argument("parent", metavar="PARENT")
@click.option("--weight", type=click.FloatRange(min=0, min_open=True, max=1000), default=None,
              help="Weight of this link in progress roll-ups (written as {goal: PARENT, weight: N}).")
@edit_options
def link(goal_id: str, parent: str, weight: float | None, root: Path, dry_run: bool, fmt: str) -> None:
    """Make GOAL support PARENT (add PARENT to its `supports`; with --weight, set the link's weight).

    \b
    truenorth link ahmed-farouk-clear-refund-backlog bill-serve-the-front-line
    truenorth link prod-remove-reasons-to-call corp-solve-first-time --weight 2 --dry-run
    """
    from truenorth.edit import CommentedMap, flow_list

    changes = change_set(root)
    with editing():
        document, goal = changes.goal(goal_id)
        supports = goal.get("supports")
        if not isinstance(supports, list):
            goal["supports"] = supports = flow_list([])
        index = next((i for i, entry in enumerate(supports) if _support_target(entry) == parent), None)
        if index is not None:
            entry = supports[index]
            current = entry.get("weight", 1) if isinstance(entry, dict) else 1
            if weight is None or current == weight:
                nothing_to_do(fmt, f"{goal_id} already supports {parent}: nothing to change", id=goal_id)
                return
        if weight is None:
            new_entry = parent
        else:
            new_entry = CommentedMap([("goal", parent), ("weight", _number(weight))])
            new_entry.fa.set_flow_style()
        if index is None:
            supports.append(new_entry)
        elif isinstance(supports[index], dict):
            supports[index]["weight"] = _number(weight)
        else:
            supports[index] = new_entry
    finish(changes, fmt, dry_run, f"{goal_id} now supports {parent} ({document.path})", id=goal_id)


@click.command()
@click.argument("goal_id", metavar="GOAL")
@click.argument("parent", metavar="PARENT")
@edit_options
def unlink(goal_id: str, parent: str, root: Path, dry_run: bool, fmt: str) -> None:
    """Make GOAL stop supporting PARENT (remove PARENT from its `supports`). Refused when GOAL would
    then trace to nothing (an orphan).

    \b
    truenorth unlink prod-remove-reasons-to-call corp-solve-first-time --dry-run
    """
    changes = change_set(root)
    with editing():
        document, goal = changes.goal(goal_id)
        supports = goal.get("supports")
        entries = supports if isinstance(supports, list) else []
        indexes = [i for i, entry in enumerate(entries) if _support_target(entry) == parent]
        if not indexes:
            raise Failure(clean(f"{goal_id} does not support {parent} ({document.path})"))
        for i in reversed(indexes):
            del supports[i]
    finish(changes, fmt, dry_run, f"{goal_id} no longer supports {parent} ({document.path})", id=goal_id)


# -- retire, rename -----------------------------------------------------------------------------------

@click.command()
@click.argument("goal_id", metavar="GOAL")
@click.option("--reason", default=None, help="Why: kept as a comment on the status line.")
@edit_options
def retire(goal_id: str, reason: str | None, root: Path, dry_run: bool, fmt: str) -> None:
    """Retire GOAL (`status: retired`). Refused while an active goal still supports it: re-link or
    retire those first.

    \b
    truenorth retire cc-aht-under-five-minutes --reason "replaced by cc-resolve-in-one-go" --dry-run
    """
    changes = change_set(root)
    with editing():
        document, goal = changes.goal(goal_id)
        if goal.get("status") == "retired":
            nothing_to_do(fmt, f"{goal_id} is already retired: nothing to change", id=goal_id)
            return
        if "status" in goal:
            goal["status"] = "retired"
        else:
            keys = list(goal)
            after = next((k for k in ("period", "owner", "supports", "title", "id") if k in goal), None)
            goal.insert(keys.index(after) + 1 if after else len(keys), "status", "retired")
        if reason:
            goal.yaml_add_eol_comment("# " + " ".join(reason.split()), "status")
    finish(changes, fmt, dry_run, f"{goal_id} retired ({document.path})", id=goal_id)


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new_id", metavar="NEW")
@edit_options
def rename(old: str, new_id: str, root: Path, dry_run: bool, fmt: str) -> None:
    """Rename a goal's id from OLD to NEW, and every `supports` entry naming it, in every file.

    \b
    truenorth rename ahmed-farouk-clear-refund-backlog ahmed-farouk-refund-backlog --dry-run
    """
    _check_id(new_id, "the new id")
    if new_id == old:
        raise click.UsageError("OLD and NEW are the same id")
    changes = change_set(root)
    with editing():
        document, goal = changes.goal(old)
        goal["id"] = new_id
        org = changes.before().org
        supporters = sorted((g for g in org.goals.values() if old in g.supported_ids),
                            key=lambda g: (g.location.path, g.location.line))
        for supporter in supporters:
            if supporter.id == old:
                continue  # (a goal naming itself: its item is renamed, its entry below)
            _, item = changes.goal(supporter.id)
            _rename_entries(item, old, new_id)
        _rename_entries(goal, old, new_id)
    files = [d.path for d in changes.changed()]
    finish(changes, fmt, dry_run, f"{old} renamed to {new_id} in {len(files)} file{'s' if len(files) != 1 else ''}",
            id=new_id, old=old)


def _rename_entries(item, old: str, new_id: str) -> None:
    supports = item.get("supports")
    if not isinstance(supports, list):
        return
    for i, entry in enumerate(supports):
        if entry == old and isinstance(entry, str):
            supports[i] = new_id
        elif isinstance(entry, dict) and entry.get("goal") == old:
            entry["goal"] = new_id
