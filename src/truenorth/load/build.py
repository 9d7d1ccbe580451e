"""Turn validated documents into model objects, each carrying its location."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from truenorth.model import (Department, Goal, KeyResult, Level, Location, Metric, Organisation, Person, Support,
                             Value, Vision)

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
    """Model objects from one validated document; `skip` holds paths like ("goals", 3) that failed the schema."""
    data = doc.data
    loc = lambda p: Location(path, *doc.mark(p))  # noqa: E731 - a local shorthand keeps the mapping readable
    fragment = Fragment(kind, path)
    if kind == "vision":
        v = data["vision"]
        fragment.vision = Vision(
            id=v["id"], title=v["title"], statement=v["statement"],
            values=[Value(x["name"], x.get("description", "")) for x in v["values"]],
            location=loc(("vision",)), owner=v.get("owner"),
        )
    elif kind == "metrics":
        fragment.metrics = [_metric(item, loc(("metrics", i))) for i, item in enumerate(data["metrics"])
                            if ("metrics", i) not in skip]
    elif kind == "corporate":
        fragment.goals = _goals(data, Level.CORPORATE, None, None, loc, skip)
    elif kind == "department":
        d = data["department"]
        fragment.department = Department(
            id=d["id"], name=d["name"], head=d["head"], location=loc(("department",)), parent=d.get("parent"),
            description=d.get("description", ""), head_location=loc(("department", "head")),
            parent_location=loc(("department", "parent")) if "parent" in d else None,
        )
        fragment.goals = _goals(data, Level.DEPARTMENT, d["id"], None, loc, skip)
    elif kind == "person":
        p = data["person"]
        fragment.person = Person(
            id=p["id"], name=p["name"], department=p["department"], location=loc(("person",)),
            role=p.get("role", ""), department_location=loc(("person", "department")),
        )
        fragment.goals = _goals(data, Level.INDIVIDUAL, p["department"], p["id"], loc, skip)
    return fragment


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


def _goals(data: dict, level: Level, department: str | None, person: str | None, loc, skip: set[tuple]) -> list[Goal]:
    goals = []
    for i, g in enumerate(data.get("goals") or []):
        if ("goals", i) in skip:
            continue
        base = ("goals", i)
        goals.append(Goal(
            id=g["id"], title=g["title"], owner=g["owner"], level=level,
            supports=[_support(s, loc(base + ("supports", j))) for j, s in enumerate(g["supports"])],
            location=loc(base), department=department, person=person,
            description=g.get("description", ""), period=_period(g.get("period")),
            key_results=[_key_result(k, loc(base + ("key_results", j))) for j, k in enumerate(g.get("key_results", []))],
            status=g.get("status", "active"), health=g.get("health"), health_reason=g.get("health_reason", ""),
            visibility=g.get("visibility", "internal"), standalone_reason=g.get("standalone_reason"),
            plays=list(g.get("plays", [])), plays_location=loc(base + ("plays",)) if "plays" in g else None,
            owner_location=loc(base + ("owner",)), updated=_date(g.get("updated")),
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
