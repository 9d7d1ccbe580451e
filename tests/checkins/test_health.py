"""Health that cannot lie: an open check-in, then staleness, then the reported health, then the numbers;
a reported on-track the numbers contradict is flagged with both figures."""

from __future__ import annotations

import datetime as dt

from truenorth.analysis.graph import build_graph
from truenorth.analysis.status import assess
from truenorth.config import Config
from truenorth.model import CheckIn, Goal, KeyResult, Level, Location, Metric, Organisation, Support, Vision

LOC = Location("goals/test.yaml")
D = dt.date
CADENCE = Config().checkin_every_days  # the defaults: 14 days for individual goals, 30 above


def goal(level=Level.INDIVIDUAL, current=50.0, check_ins=(), **kw):
    kr = KeyResult("csat", LOC, baseline=0, target=100, current=current,
                   check_ins=[CheckIn(d, v, LOC, c) for d, v, c in check_ins])
    return Goal("g", "G", "owner", level, [Support("vision", LOC)], LOC, key_results=[kr], period="2027", **kw)


def run(g, today, **kw):
    org = Organisation(vision=Vision("vision", "V", "", [], LOC), goals={g.id: g},
                       metrics={"csat": Metric("csat", "CSAT", "", "%", "higher", LOC)})
    return assess(org, build_graph(org), today, checkin_every_days=CADENCE, **kw)["g"]


def test_the_cadence_defaults_are_the_documented_ones():
    assert CADENCE == {"individual": 14, "department": 30, "corporate": 30}


def test_a_goal_not_updated_within_its_cadence_is_stale_even_if_it_said_on_track():
    g = goal(updated=D(2027, 4, 1), health="on-track", health_reason="fine")
    a = run(g, D(2027, 5, 15))
    assert a.status == "stale" and "44 days" in a.reason and "every 14 days" in a.reason
    assert run(g, D(2027, 4, 15)).status == "on-track"  # 14 days: within


def test_the_cadence_is_per_level():
    g = goal(level=Level.DEPARTMENT, updated=D(2027, 4, 20))
    assert run(g, D(2027, 5, 15)).status != "stale"  # 25 days: within 30
    assert run(g, D(2027, 5, 21)).status == "stale"


def test_an_open_check_in_speaks_first_with_its_confidence():
    g = goal(check_ins=[(D(2027, 5, 10), 40, "low")], health="on-track", health_reason="said long ago")
    a = run(g, D(2027, 5, 15))
    assert a.status == "off-track" and "2027-05-10" in a.reason
    assert run(goal(check_ins=[(D(2027, 5, 10), 40, 0.55)]), D(2027, 5, 15)).status == "at-risk"


def test_an_old_check_in_makes_the_goal_stale():
    g = goal(check_ins=[(D(2027, 3, 1), 40, "high")])
    assert run(g, D(2027, 5, 15)).status == "stale"


def test_without_any_date_the_numbers_decide():
    assert run(goal(current=36.0), D(2027, 5, 15)).status == "on-track"


def test_a_reported_on_track_far_behind_is_flagged_with_both_figures():
    # 10% done with 37% of 2027 gone: 27 points behind, more than the at-risk threshold of 25
    g = goal(current=10.0, check_ins=[(D(2027, 5, 10), 10, "high")])
    a = run(g, D(2027, 5, 15))
    assert a.status == "on-track"
    assert "reported on-track" in a.flag and "10% done" in a.flag and "37% of 2027 gone" in a.flag
    assert "27 points behind" in a.flag and "25" in a.flag
    assert run(goal(current=20.0, check_ins=[(D(2027, 5, 10), 20, "high")]), D(2027, 5, 15)).flag == ""


def test_without_a_cadence_nothing_is_stale():
    org = Organisation(vision=Vision("vision", "V", "", [], LOC), goals={"g": goal(updated=D(2020, 1, 1))},
                       metrics={"csat": Metric("csat", "CSAT", "", "%", "higher", LOC)})
    assert assess(org, build_graph(org), D(2027, 5, 15))["g"].status == "on-track"
