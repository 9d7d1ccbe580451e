"""The organisation's strategy as plain, typed data.

Nothing here knows about YAML, graphs, MkDocs or the command line: the loader
builds these objects, analysis reads them, outputs render them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import IntEnum
from functools import partial
from typing import NamedTuple


class Location(NamedTuple):
    """Where something was written: a path relative to the repository root, 1-based line and column.

    A named tuple rather than a dataclass: a large organisation has hundreds of thousands of
    them, and tuples are the cheapest to create, compare, send to worker processes and cache.
    """

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# Location((path, line, column)) without the named tuple's own __new__, a Python function: the loader
# makes hundreds of thousands of locations, and this builds the same tuple in C.
make_location = partial(tuple.__new__, Location)


class Level(IntEnum):
    """How high a goal sits in the cascade; support must flow to a lower number."""

    VISION = 0
    CORPORATE = 1
    DEPARTMENT = 2
    INDIVIDUAL = 3

    @property
    def label(self) -> str:
        return {0: "vision", 1: "corporate goal", 2: "department goal", 3: "individual goal"}[self.value]


@dataclass(slots=True)
class Value:
    name: str
    description: str = ""


@dataclass(slots=True)
class Vision:
    id: str
    title: str
    statement: str
    values: list[Value]
    location: Location
    owner: str | None = None


@dataclass(slots=True)
class Metric:
    id: str
    name: str
    definition: str
    unit: str
    direction: str  # "higher" or "lower" is better
    location: Location
    kind: str = "outcome"  # "outcome" (what customers or staff feel), "efficiency" (legacy volume/speed targets)
    # or "activity" (a count of things done: calls made, trainings held)
    customer: bool = False  # a customer outcome: what customers themselves experience (csat, fcr, nps...)


@dataclass(slots=True)
class CheckIn:
    """One dated reading of a key result: its value then, the owner's confidence, a note, who wrote it.

    `confidence` is as written: a number 0-1 or "low" / "medium" / "high" (analysis.checkins.confidence_level
    reads either), or None."""

    date: _dt.date | None  # None: written YYYY-MM-DD but no calendar date (2027-02-30; rule TN130 says so)
    value: float
    location: Location
    confidence: float | str | None = None
    note: str = ""
    by: str | None = None
    by_location: Location | None = None


@dataclass(slots=True)
class KeyResult:
    metric: str
    location: Location
    description: str = ""
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    weight: float = 1.0
    check_ins: list[CheckIn] = field(default_factory=list)  # in the order written (rule TN131: by date)


class Suppression(NamedTuple):
    """A `# truenorth: ignore[CODE] reason` comment on a goal's first line (its `- id:` line): findings of
    rule CODE inside the goal's item (lines `location.line` to `last_line`) are not reported."""

    code: str
    reason: str
    location: Location  # where the comment starts
    last_line: int  # the last line of the goal's item


@dataclass(slots=True)
class Support:
    """One `supports` link: this goal contributes to `target` (an id one level up)."""

    target: str
    location: Location
    weight: float = 1.0


CLOSE_OUTS = ("achieved", "partial", "missed", "dropped")
"""The statuses a goal is closed out with at the end of its period (truenorth close, truenorth review)."""

GOAL_STATUSES = ("active", "draft", *CLOSE_OUTS, "retired")
"""Every `status` a goal may have (schemas/common.schema.json says the same)."""


@dataclass(slots=True)
class Goal:
    id: str
    title: str
    owner: str
    level: Level
    supports: list[Support]
    location: Location
    department: str | None = None  # the department whose file (or person) holds it
    person: str | None = None  # the person whose file holds it (individual goals)
    description: str = ""
    period: str | None = None
    key_results: list[KeyResult] = field(default_factory=list)
    status: str = "active"  # active, draft, achieved, partial, missed, dropped (the close-outs), retired
    health: str | None = None  # explicit on-track / at-risk / off-track, overriding the computed one
    health_reason: str = ""
    visibility: str = "internal"  # internal or private
    standalone_reason: str | None = None
    plays: list[str] = field(default_factory=list)
    plays_location: Location | None = None
    owner_location: Location | None = None
    updated: _dt.date | None = None
    retrospective: str = ""  # at close-out: what happened and what was learnt
    carried_from: str | None = None  # the earlier goal a drafted one carries on (truenorth plan)
    suppressions: list[Suppression] = field(default_factory=list)  # inline `# truenorth: ignore[...]` comments

    @property
    def is_private(self) -> bool:
        return self.visibility == "private"

    @property
    def supported_ids(self) -> list[str]:
        return [s.target for s in self.supports]


@dataclass(slots=True)
class WithheldGoal:
    """A goal item written as private (or with a `visibility` that is not clearly public) that was left
    out for schema errors: it is in no rule's model, but the public view still treats its id as a
    private goal's, so nothing of it (title, values, even its id) reaches the site.

    Only what says where it sits is kept: its level and file (person or department), the ids it
    supports (so it is counted and masked like a valid private goal) and the lines its item spans
    (`location.line` to `last_line`), inside which every finding is private.
    """

    id: str | None
    level: Level
    location: Location
    last_line: int
    supports: list[Support] = field(default_factory=list)
    department: str | None = None
    person: str | None = None


@dataclass(slots=True)
class Department:
    id: str
    name: str
    head: str
    location: Location
    parent: str | None = None
    description: str = ""
    head_location: Location | None = None
    parent_location: Location | None = None


@dataclass(slots=True)
class Person:
    id: str
    name: str
    department: str
    location: Location
    role: str = ""
    department_location: Location | None = None


@dataclass(slots=True)
class Organisation:
    """Everything the goals folder says, after loading. Ids are unique per kind once the loader is done
    (duplicates are reported as findings and only the first is kept)."""

    vision: Vision | None = None
    goals: dict[str, Goal] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    withheld: list[WithheldGoal] = field(default_factory=list)  # private goal items left out for errors

    def goals_at(self, level: Level) -> list[Goal]:
        return [g for g in self.goals.values() if g.level == level]

    def goals_of_person(self, person_id: str) -> list[Goal]:
        return [g for g in self.goals.values() if g.person == person_id]

    def goals_of_department(self, department_id: str) -> list[Goal]:
        return [g for g in self.goals.values() if g.level == Level.DEPARTMENT and g.department == department_id]

    def people_in(self, department_id: str) -> list[Person]:
        return [p for p in self.people.values() if p.department == department_id]

    def subdepartments(self, department_id: str) -> list[Department]:
        return [d for d in self.departments.values() if d.parent == department_id]

    def node_title(self, node_id: str) -> str:
        """The title of a goal or of the vision, or the id itself when unknown."""
        if self.vision is not None and node_id == self.vision.id:
            return self.vision.title
        goal = self.goals.get(node_id)
        return goal.title if goal else node_id
