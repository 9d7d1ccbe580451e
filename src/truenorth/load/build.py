"""Turn validated documents into model objects, each carrying its location."""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from truenorth.model import (CheckIn, Department, Goal, KeyResult, Level, Location, Metric, Organisation, Person, Support,
                             Value, Vision, WithheldGoal, make_location)

if TYPE_CHECKING:
    from truenorth.load.yaml_nodes import Document


@dataclass(slots=True)
class Duplicate:
    kind: str  # "goal", "person", "department", "metric"
    id: str
    first: Location
    second: Location
    person: str | None = None  # the person whose file held the dropped second goal


@dataclass(slots=True)
class Fragment:
    """What one file contributes to the organisation, built without looking at any other file.

    Fragments are plain data, so they can be built in worker processes and kept in the cache.
    """

    kind: str
    path: str
    vision: Vision | None = None
    metrics: list[Metric] = field(default_factory=list)
    department: Department | None = None
    person: Person | None = None
    goals: list[Goal] = field(default_factory=list)
    withheld: list[WithheldGoal] = field(default_factory=list)  # private goal items left out for errors


def read_fragment(kind: str, path: str, doc: Document, skip: set[tuple]) -> Fragment:
    """Model objects from one validated document; `skip` holds paths like ("goals", 3) that failed the schema.

    The schema guarantees every key read here (or its `in` test comes first), so marks are read
    straight from the document's mark tree, walked beside the data.
    """
    data = doc.data
    top = doc.marks[2]  # key -> (key line, key column, marks of the value)
    fragment = Fragment(kind, path)
    if kind == "vision":
        v, vm = data["vision"], top["vision"][2]
        fragment.vision = Vision(
            id=v["id"], title=v["title"], statement=v["statement"],
            values=[Value(x["name"], x.get("description", "")) for x in v["values"]],
            location=_at(path, vm), owner=v.get("owner"),
        )
    elif kind == "metrics":
        items = top["metrics"][2][2]
        fragment.metrics = [_metric(item, _at(path, items[i])) for i, item in enumerate(data["metrics"])
                            if ("metrics", i) not in skip]
    elif kind == "corporate":
        fragment.goals = _goals(data, top, Level.CORPORATE, None, None, path, skip)
    elif kind == "department":
        d, dm = data["department"], top["department"][2]
        fields = dm[2]
        fragment.department = Department(
            id=d["id"], name=d["name"], head=d["head"], location=_at(path, dm), parent=d.get("parent"),
            description=d.get("description", ""), head_location=_at(path, fields["head"][2]),
            parent_location=_at(path, fields["parent"][2]) if "parent" in d else None,
        )
        fragment.goals = _goals(data, top, Level.DEPARTMENT, d["id"], None, path, skip)
    elif kind == "person":
        p, pm = data["person"], top["person"][2]
        fragment.person = Person(
            id=p["id"], name=p["name"], department=p["department"], location=_at(path, pm),
            role=p.get("role", ""), department_location=_at(path, pm[2]["department"][2]),
        )
        fragment.goals = _goals(data, top, Level.INDIVIDUAL, p["department"], p["id"], path, skip)
    if skip:
        fragment.withheld = withheld_goals(kind, path, doc, skip)
    return fragment


# -- privacy, decided before validation -------------------------------------------------------------
# A goal item that fails the schema is left out of the model, but whether it is private must still
# be known, or the public site would treat it as an unknown id (naming it under "Supports unknown
# ids") and show the findings that quote its values. So privacy is read from the raw item, and read
# conservatively: only an item that is clearly public (no `visibility`, or exactly "internal") is
# public; `visibility: private`, a misspelt or non-text value (`privat`, 1, [private], empty) and a
# misspelt key (`visiblity: ...`, whatever its value and even beside `visibility: internal`) all make
# it private. An item that is not a mapping says nothing and stays public (its findings quote none of
# its values). A file that is not valid YAML says nothing at all: see site/view.py.

PUBLIC_VISIBILITY = "internal"
_LEVEL_OF_KIND = {"corporate": Level.CORPORATE, "department": Level.DEPARTMENT, "person": Level.INDIVIDUAL}


def written_private(item: Any) -> bool:
    """Whether a goal item, valid or not, must be kept off the public site (see above)."""
    if not isinstance(item, dict):
        return False
    if "visibility" in item and item["visibility"] != PUBLIC_VISIBILITY:
        return True
    return any(isinstance(key, str) and key != "visibility"
               and difflib.get_close_matches(key.lower(), ["visibility"], n=1, cutoff=0.6) for key in item)


def withheld_goals(kind: str, path: str, doc: Document, items: set[tuple] | None = None) -> list[WithheldGoal]:
    """The private items (written_private) among the goal items `items` (("goals", i); None: every item)
    of a document, as WithheldGoal: where each sits and what it supports, nothing of its contents."""
    level = _LEVEL_OF_KIND.get(kind)
    data = doc.data
    if level is None or not isinstance(data, dict) or not isinstance(data.get("goals"), list):
        return []
    goals_marks = doc.marks[2]["goals"][2]
    department = person = None
    owner = data.get(kind)
    if isinstance(owner, dict) and kind in ("department", "person"):
        department = owner.get("department" if kind == "person" else "id")
        person = owner.get("id") if kind == "person" else None
        department = department if isinstance(department, str) else None
        person = person if isinstance(person, str) else None
    withheld = []
    for i, item in enumerate(data["goals"]):
        if (items is not None and ("goals", i) not in items) or not written_private(item):
            continue
        marks = goals_marks[2][i]
        links = []
        raw = item.get("supports")
        if isinstance(raw, list):
            for j, link in enumerate(raw):
                target = link.get("goal") if isinstance(link, dict) else link
                if isinstance(target, str):
                    links.append(Support(target, _at(path, marks[2]["supports"][2][2][j])))
        goal_id = item.get("id")
        withheld.append(WithheldGoal(goal_id if isinstance(goal_id, str) else None, level, _at(path, marks),
                                     _last_line(marks), links, department, person))
    return withheld


def withheld_fragment(kind: str | None, path: str, doc: Document) -> Fragment | None:
    """For a file left out whole: a fragment of nothing but its private goal items, or None without any."""
    withheld = withheld_goals(kind, path, doc) if kind else []
    return Fragment(kind, path, withheld=withheld) if withheld else None


def _last_line(marks: tuple) -> int:
    """The last line on which any value or key inside a value starts."""
    line = marks[0]
    children = marks[2] if len(marks) > 2 else ()
    if isinstance(children, dict):
        for key_line, _key_column, value_marks in children.values():
            line = max(line, key_line, _last_line(value_marks))
    else:
        for item_marks in children:
            line = max(line, _last_line(item_marks))
    return line


def _at(path: str, marks: tuple) -> Location:
    """The location of a value from its marks (line, column[, children])."""
    return make_location((path, marks[0], marks[1]))


@dataclass(slots=True)
class Builder:
    """Merges fragments into the organisation; the first of two equal ids wins, the second is recorded."""

    org: Organisation = field(default_factory=Organisation)
    duplicates: list[Duplicate] = field(default_factory=list)
    goal_files: dict[str, str] = field(default_factory=dict)  # goal id -> path of the file that holds it

    def add(self, fragment: Fragment) -> None:
        org = self.org
        if fragment.vision is not None:
            vision = fragment.vision
            if vision.id in org.goals:
                self.duplicates.append(Duplicate("goal", vision.id, org.goals[vision.id].location, vision.location))
            org.vision = vision
        for metric in fragment.metrics:
            if self._unique("metric", metric.id, metric.location, org.metrics):
                org.metrics[metric.id] = metric
        dept = fragment.department
        if dept is not None and self._unique("department", dept.id, dept.location, org.departments):
            org.departments[dept.id] = dept
        person = fragment.person
        if person is not None and self._unique("person", person.id, person.location, org.people):
            org.people[person.id] = person
        org.withheld += fragment.withheld
        goals, vision, path = org.goals, org.vision, fragment.path
        for goal in fragment.goals:
            if vision is not None and goal.id == vision.id:
                self.duplicates.append(Duplicate("goal", goal.id, vision.location, goal.location))
            elif goal.id in goals:
                self.duplicates.append(Duplicate("goal", goal.id, goals[goal.id].location, goal.location, goal.person))
            else:
                goals[goal.id] = goal
                self.goal_files[goal.id] = path

    def _unique(self, kind: str, id_: str, where: Location, existing: dict[str, Any]) -> bool:
        if id_ in existing:
            self.duplicates.append(Duplicate(kind, id_, existing[id_].location, where))
            return False
        return True


def _metric(m: dict, where: Location) -> Metric:
    return Metric(
        id=m["id"], name=m["name"], definition=m["definition"], unit=m["unit"], direction=m["direction"],
        location=where, kind=m.get("kind", "outcome"), customer=m.get("customer", False),
    )


def _goals(data: dict, top: dict, level: Level, department: str | None, person: str | None, path: str,
           skip: set[tuple]) -> list[Goal]:
    goals = []
    items = top["goals"][2][2] if data.get("goals") else ()
    for i, g in enumerate(data.get("goals") or []):
        if ("goals", i) in skip:
            continue
        gm = items[i]
        fields = gm[2]  # key -> (key line, key column, marks of the value)
        supports = fields["supports"][2][2]
        key_results = fields["key_results"][2][2] if "key_results" in g else ()
        goals.append(Goal(
            id=g["id"], title=g["title"], owner=g["owner"], level=level,
            supports=[_support(s, _at(path, supports[j])) for j, s in enumerate(g["supports"])],
            location=_at(path, gm), department=department, person=person,
            description=g.get("description", ""), period=_period(g.get("period")),
            key_results=[_key_result(k, path, key_results[j]) for j, k in enumerate(g.get("key_results", []))],
            status=g.get("status", "active"), health=g.get("health"), health_reason=g.get("health_reason", ""),
            visibility=g.get("visibility", "internal"), standalone_reason=g.get("standalone_reason"),
            plays=list(g.get("plays", [])), plays_location=_at(path, fields["plays"][2]) if "plays" in g else None,
            owner_location=_at(path, fields["owner"][2]), updated=_date(g.get("updated")),
            retrospective=g.get("retrospective", ""), carried_from=g.get("carried_from"),
        ))
    return goals


def _support(item: str | dict, where: Location) -> Support:
    if isinstance(item, str):
        return Support(item, where)
    return Support(item["goal"], where, float(item.get("weight", 1.0)))


def _key_result(k: dict, path: str, marks: tuple) -> KeyResult:
    check_ins = _check_ins(k["check_ins"], path, marks[2]["check_ins"][2][2]) if "check_ins" in k else []
    current = k.get("current")
    if current is None and check_ins:  # the last reading is the current value (the latest date; ties: the last written)
        current = max(enumerate(check_ins), key=lambda pair: (pair[1].date or _dt.date.min, pair[0]))[1].value
    return KeyResult(
        metric=k["metric"], location=_at(path, marks), description=k.get("description", ""), baseline=k.get("baseline"),
        target=k.get("target"), current=current, weight=float(k.get("weight", 1.0)), check_ins=check_ins,
    )


def _check_ins(items: list, path: str, marks: tuple) -> list[CheckIn]:
    result = []
    for i, c in enumerate(items):
        fields = marks[i][2]
        result.append(CheckIn(_date(c["date"]), c["value"], _at(path, marks[i]), c.get("confidence"), c.get("note", ""),
                              c.get("by"), _at(path, fields["by"][2]) if "by" in c else None))
    return result


def _period(value: Any) -> str | None:
    return None if value is None else str(value)


def _date(value: Any) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        return None
