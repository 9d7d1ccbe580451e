"""Turn validated documents into model objects, each carrying its location."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from truenorth.model import (Department, Goal, KeyResult, Level, Location, Metric, Organisation, Person, Support,
                             Value, Vision, make_location)

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
    return fragment


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
        location=where, kind=m.get("kind", "outcome"),
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
            key_results=[_key_result(k, _at(path, key_results[j])) for j, k in enumerate(g.get("key_results", []))],
            status=g.get("status", "active"), health=g.get("health"), health_reason=g.get("health_reason", ""),
            visibility=g.get("visibility", "internal"), standalone_reason=g.get("standalone_reason"),
            plays=list(g.get("plays", [])), plays_location=_at(path, fields["plays"][2]) if "plays" in g else None,
            owner_location=_at(path, fields["owner"][2]), updated=_date(g.get("updated")),
        ))
    return goals


def _support(item: str | dict, where: Location) -> Support:
    if isinstance(item, str):
        return Support(item, where)
    return Support(item["goal"], where, float(item.get("weight", 1.0)))


def _key_result(k: dict, where: Location) -> KeyResult:
    return KeyResult(
        metric=k["metric"], location=where, description=k.get("description", ""), baseline=k.get("baseline"),
        target=k.get("target"), current=k.get("current"), weight=float(k.get("weight", 1.0)),
    )


def _period(value: Any) -> str | None:
    return None if value is None else str(value)


def _date(value: Any) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        return None
