"""Gaps: uncovered corporate goals, idle departments, the coverage matrix, people, efficiency-only goals."""

from __future__ import annotations

from truenorth.analysis.gaps import coverage_matrix, gap_report
from truenorth.analysis.graph import build_graph
from truenorth.model import (Department, Goal, KeyResult, Level, Location, Metric, Organisation, Person, Support,
                             Vision)

LOC = Location("goals/test.yaml")


def goal(id, level, supports=(), owner="ana", department=None, person=None, status="active", metrics=(),
         visibility="internal"):
    return Goal(id, id.title(), owner, Level(level), [Support(t, LOC) for t in supports], LOC,
                department=department, person=person, status=status, visibility=visibility,
                key_results=[KeyResult(m, LOC, baseline=0, target=1, current=0) for m in metrics])


def small_org() -> Organisation:
    goals = [
        goal("c1", 1, ["vision"]),
        goal("c2", 1, ["vision"]),
        goal("c3", 1, ["vision"]),                                          # nobody supports it
        goal("c4", 1, ["vision"]),                                          # only a retired goal supports it
        goal("c-done", 1, ["vision"], status="achieved"),                   # achieved: not reported uncovered
        goal("c-old", 1, ["vision"], status="retired"),                     # retired: not a matrix column
        goal("ops-a", 2, ["c1"], department="ops"),
        goal("ops-b", 2, ["c1", "c2"], department="ops"),                   # two parents
        goal("team-x", 2, ["ops-a"], department="ops-team"),                # reaches c1 through its parent's goal
        goal("it-gone", 2, ["c4"], department="it", status="retired"),      # carries nothing
        goal("idle-loose", 2, [], department="idle"),                       # supports nothing
        goal("it-via-retired", 2, ["it-gone"], department="it"),            # its path runs through a retired goal
        goal("ana-1", 3, ["ops-a"], person="ana", department="ops", metrics=["aht"]),           # efficiency only
        goal("ana-2", 3, ["ops-b"], person="ana", department="ops", metrics=["aht", "csat"]),   # has an outcome
        goal("ana-3", 3, ["ops-b"], person="ana", department="ops", metrics=["aht"], status="retired"),
        goal("ana-4", 3, ["ops-b"], person="ana", department="ops", metrics=["aht", "unknown"],
             visibility="private"),
        goal("cy-1", 3, ["team-x"], owner="cy", person="cy", department="ops-team", status="retired"),
    ]
    goals += [goal(f"dee-{n}", 3, ["ops-a"], owner="dee", person="dee", department="ops") for n in range(6)]
    goals += [goal("dee-done", 3, ["ops-a"], owner="dee", person="dee", department="ops", status="achieved")]
    goals += [goal(f"eve-{n}", 3, ["ops-a"], owner="eve", person="eve", department="ops") for n in range(5)]
    return Organisation(
        vision=Vision("vision", "V", "", [], LOC),
        goals={g.id: g for g in goals},
        departments={d.id: d for d in [
            Department("ops", "Operations", "ana", LOC),
            Department("ops-team", "Ops team", "ana", LOC, parent="ops"),
            Department("it", "IT", "ana", LOC),
            Department("idle", "Idle", "ana", LOC),
        ]},
        people={p.id: p for p in [Person(i, i.title(), "ops", LOC) for i in ["ana", "bo", "cy", "dee", "eve"]]},
        metrics={"aht": Metric("aht", "AHT", "", "s", "lower", LOC, kind="efficiency"),
                 "csat": Metric("csat", "CSAT", "", "%", "higher", LOC)},
    )


def report(org=None, cap=5):
    org = org or small_org()
    return gap_report(org, build_graph(org), cap)


def test_coverage_matrix():
    org = small_org()
    matrix = coverage_matrix(org, build_graph(org))
    assert list(matrix) == ["idle", "it", "ops", "ops-team"]
    assert matrix["ops"] == {"c-done": [], "c1": ["ops-a", "ops-b"], "c2": ["ops-b"], "c3": [], "c4": []}
    assert matrix["ops-team"] == {"c-done": [], "c1": ["team-x"], "c2": [], "c3": [], "c4": []}
    assert all(not ids for ids in matrix["it"].values())
    assert all(not ids for ids in matrix["idle"].values())


def test_report_columns_rows_and_carries():
    r = report()
    assert r.corporate_goals == ["c-done", "c1", "c2", "c3", "c4"]
    assert r.departments == ["idle", "it", "ops", "ops-team"]
    assert r.carries("ops-team", "c1") and not r.carries("ops-team", "c2")
    assert r.carries("ops", "c2")
    assert not r.carries("nowhere", "c1")


def test_uncovered_corporate_goals():
    # c3: no supporter; c4: only a retired department goal; achieved and retired corporate goals are not asked
    assert report().uncovered_corporate_goals == ["c3", "c4"]


def test_departments_that_carry_nothing():
    # it: its one live goal supports a retired goal; idle: its goal supports nothing.
    # ops-team carries c1 through the parent department's goal, so it is not listed.
    assert report().idle_departments == ["idle", "it"]


def test_people_without_goals():
    # bo: no goal; cy: only a retired one
    assert report().people_without_goals == ["bo", "cy"]


def test_people_over_the_cap():
    # ana owns c*, ops-*, team-x, ... far more than 5; dee owns 6 active (+1 achieved, not counted); eve exactly 5
    r = report()
    assert r.overloaded_people["dee"] == 6
    assert "eve" not in r.overloaded_people
    assert r.max_goals_per_person == 5
    active_of_ana = sum(1 for g in small_org().goals.values() if g.owner == "ana" and g.status == "active")
    assert r.overloaded_people["ana"] == active_of_ana
    assert report(cap=6).overloaded_people == {"ana": active_of_ana}
    assert report(cap=100).overloaded_people == {}


def test_efficiency_only_goals():
    # ana-2 has an outcome beside aht; ana-3 is retired; ana-4 has aht and an unknown metric only
    assert report().efficiency_only_goals == {"ana-1": ["aht"], "ana-4": ["aht"]}


def test_private_goals_are_marked_and_hidden_from_the_dict():
    r = report()
    assert r.private_goals == {"ana-4"}
    data = r.to_dict()
    assert data["efficiency_only_goals"] == {"ana-1": ["aht"]}
    assert data["efficiency_only_private_goals"] == 1
    assert data["coverage"]["ops"]["c1"] == {"goals": ["ops-a", "ops-b"], "count": 2}
    assert r.to_dict(hide_private=False)["efficiency_only_goals"] == {"ana-1": ["aht"], "ana-4": ["aht"]}


def test_private_goal_is_counted_in_the_matrix_but_not_named():
    org = small_org()
    org.goals["ops-b"].visibility = "private"
    data = gap_report(org, build_graph(org)).to_dict()
    assert data["coverage"]["ops"]["c1"] == {"goals": ["ops-a"], "count": 2}
    assert data["coverage"]["ops"]["c2"] == {"goals": [], "count": 1}


def test_empty_organisation():
    r = gap_report(Organisation(), build_graph(Organisation()))
    assert (r.corporate_goals, r.departments, r.coverage, r.uncovered_corporate_goals, r.idle_departments,
            r.people_without_goals, r.overloaded_people, r.efficiency_only_goals) == ([], [], {}, [], [], [], {}, {})
