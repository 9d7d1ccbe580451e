"""Impact of retiring a goal: who loses the line of sight, who keeps it through another path."""

from __future__ import annotations

import pytest

from truenorth.analysis.graph import build_graph
from truenorth.analysis.impact import UnknownGoal, impact
from truenorth.model import Goal, Level, Location, Organisation, Support, Vision

LOC = Location("goals/test.yaml")


def goal(id, level, supports=(), owner=None, status="active", visibility="internal"):
    return Goal(id, id.title(), owner or f"{id}-owner", Level(level), [Support(t, LOC) for t in supports], LOC,
                status=status, visibility=visibility)


def org_of(*goals):
    return Organisation(vision=Vision("vision", "V", "", [], LOC), goals={g.id: g for g in goals})


def cascade():
    return org_of(
        goal("c1", 1, ["vision"]),
        goal("c2", 1, ["vision"]),
        goal("d1", 2, ["c1"], owner="ana"),
        goal("d2", 2, ["c1", "c2"], owner="bo"),       # a second path, through c2
        goal("i1", 3, ["d1"], owner="ana"),
        goal("i2", 3, ["d1", "d2"], owner="cy"),        # keeps a path through d2 -> c2
        goal("i3", 3, ["d2"], owner="cy"),
        goal("i4", 3, ["d1"], owner="dee", visibility="private"),
        goal("loose", 3, ["nowhere"]),
    )


def run(org, goal_id):
    return impact(org, build_graph(org), goal_id)


def test_retiring_a_corporate_goal():
    r = run(cascade(), "c1")
    assert r.goal_id == "c1" and r.reaches_vision
    assert r.lost == ["d1", "i1", "i4"]
    assert r.kept == ["d2", "i2", "i3"]
    assert r.owners == {"ana": ["d1", "i1"], "dee": ["i4"]}
    assert r.people == ["ana", "dee"]
    assert r.private_goals == {"i4"}


def test_supporter_with_a_second_path_keeps_it():
    r = run(cascade(), "d2")
    assert r.lost == ["i3"]     # supports d2 only
    assert r.kept == ["i2"]     # also supports d1
    assert r.owners == {"cy": ["i3"]}


def test_leaf_goal_affects_nobody():
    r = run(cascade(), "i1")
    assert (r.lost, r.kept, r.owners, r.reaches_vision) == ([], [], {}, True)


def test_goal_that_does_not_trace():
    r = run(cascade(), "loose")
    assert (r.lost, r.kept, r.reaches_vision) == ([], [], False)


def test_a_path_through_an_already_retired_goal_does_not_count():
    org = cascade()
    org.goals["c2"].status = "retired"  # already retired: no longer a second path
    r = run(org, "c1")
    assert r.lost == ["d1", "d2", "i1", "i2", "i3", "i4"]
    assert r.kept == []


def test_retired_goal_itself_can_be_asked_about():
    org = cascade()
    org.goals["d1"].status = "retired"
    r = run(org, "d1")
    assert r.lost == ["i1", "i4"]
    assert r.kept == ["i2"]


def test_cycle_below_the_goal():
    org = cascade()
    org.goals["x"] = goal("x", 3, ["d1", "y"])
    org.goals["y"] = goal("y", 3, ["x"])
    r = run(org, "d1")
    assert r.lost == ["i1", "i4", "x", "y"]


def test_to_dict_hides_private_goals():
    data = run(cascade(), "c1").to_dict()
    assert data["lost"] == ["d1", "i1"] and data["lost_private"] == 1
    assert data["owners"]["dee"] == {"goals": [], "count": 1}
    assert run(cascade(), "c1").to_dict(hide_private=False)["lost"] == ["d1", "i1", "i4"]


@pytest.mark.parametrize("goal_id", ["nope", "vision"])
def test_unknown_goal(goal_id):
    with pytest.raises(UnknownGoal):
        run(cascade(), goal_id)
