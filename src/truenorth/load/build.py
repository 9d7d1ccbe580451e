"""Turn validated documents into model objects, each carrying its location."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from truenorth.load.yaml_nodes import Document
from truenorth.model import (Department, Goal, KeyResult, Level, Location, Metric, Organisation, Person, Support,
                             Value, Vision)


@dataclass(slots=True)
class Duplicate:
    kind: str  # "goal", "person", "department", "metric"
    id: str
    first: Location
    second: Location
    person: str | None = None  # the person whose file held the dropped second goal


@dataclass(slots=True)
class Builder:
    """Accumulates the organisation file by file; the first of two equal ids wins, the second is recorded."""

    org: Organisation = field(default_factory=Organisation)
    duplicates: list[Duplicate] = field(default_factory=list)
    goal_files: dict[str, str] = field(default_factory=dict)  # goal id -> path of the file that holds it

    def add(self, kind: str, path: str, doc: Document, skip: set[tuple]) -> None:
        """Add one file's content; `skip` holds paths like ("goals", 3) whose items failed the schema."""
        data = doc.data
        loc = lambda p: Location(path, *doc.mark(p))  # noqa: E731 - a local shorthand keeps the mapping readable
        if kind == "vision":
            self._add_vision(data["vision"], loc)
        elif kind == "metrics":
            for i, item in enumerate(data["metrics"]):
                if ("metrics", i) not in skip:
                    self._add_metric(item, loc(("metrics", i)))
        elif kind == "corporate":
            self._add_goals(data, Level.CORPORATE, None, None, path, loc, skip)
        elif kind == "department":
            d = data["department"]
            dept = Department(
                id=d["id"], name=d["name"], head=d["head"], location=loc(("department",)), parent=d.get("parent"),
                description=d.get("description", ""), head_location=loc(("department", "head")),
                parent_location=loc(("department", "parent")) if "parent" in d else None,
            )
            if self._unique("department", dept.id, dept.location, self.org.departments):
                self.org.departments[dept.id] = dept
            self._add_goals(data, Level.DEPARTMENT, dept.id, None, path, loc, skip)
        elif kind == "person":
            p = data["person"]
            person = Person(
                id=p["id"], name=p["name"], department=p["department"], location=loc(("person",)),
                role=p.get("role", ""), department_location=loc(("person", "department")),
            )
            if self._unique("person", person.id, person.location, self.org.people):
                self.org.people[person.id] = person
            self._add_goals(data, Level.INDIVIDUAL, person.department, person.id, path, loc, skip)

    def _unique(self, kind: str, id_: str, where: Location, existing: dict[str, Any]) -> bool:
        if id_ in existing:
            self.duplicates.append(Duplicate(kind, id_, existing[id_].location, where))
            return False
        return True

    def _add_vision(self, v: dict, loc) -> None:
        vision = Vision(
            id=v["id"], title=v["title"], statement=v["statement"],
            values=[Value(x["name"], x.get("description", "")) for x in v["values"]],
            location=loc(("vision",)), owner=v.get("owner"),
        )
        if vision.id in self.org.goals:
            self.duplicates.append(Duplicate("goal", vision.id, self.org.goals[vision.id].location, vision.location))
        self.org.vision = vision

    def _add_metric(self, m: dict, where: Location) -> None:
        metric = Metric(
            id=m["id"], name=m["name"], definition=m["definition"], unit=m["unit"], direction=m["direction"],
            location=where, kind=m.get("kind", "outcome"),
        )
        if self._unique("metric", metric.id, where, self.org.metrics):
            self.org.metrics[metric.id] = metric

    def _add_goals(self, data: dict, level: Level, department: str | None, person: str | None, path: str, loc,
                   skip: set[tuple]) -> None:
        for i, g in enumerate(data.get("goals") or []):
            if ("goals", i) in skip:
                continue
            base = ("goals", i)
            goal = Goal(
                id=g["id"], title=g["title"], owner=g["owner"], level=level,
                supports=[_support(s, loc(base + ("supports", j))) for j, s in enumerate(g["supports"])],
                location=loc(base), department=department, person=person,
                description=g.get("description", ""), period=_period(g.get("period")),
                key_results=[_key_result(k, loc(base + ("key_results", j))) for j, k in enumerate(g.get("key_results", []))],
                status=g.get("status", "active"), health=g.get("health"), health_reason=g.get("health_reason", ""),
                visibility=g.get("visibility", "internal"), standalone_reason=g.get("standalone_reason"),
                plays=list(g.get("plays", [])), plays_location=loc(base + ("plays",)) if "plays" in g else None,
                owner_location=loc(base + ("owner",)), updated=_date(g.get("updated")),
            )
            vision = self.org.vision
            if vision is not None and goal.id == vision.id:
                self.duplicates.append(Duplicate("goal", goal.id, vision.location, goal.location))
            elif goal.id in self.org.goals:
                first = self.org.goals[goal.id].location
                self.duplicates.append(Duplicate("goal", goal.id, first, goal.location, person))
            else:
                self.org.goals[goal.id] = goal
                self.goal_files[goal.id] = path


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
