"""Status: progress against the share of the period gone by, on a fixed `today`."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from truenorth.analysis.graph import build_graph
from truenorth.analysis.status import (AT_RISK_SLACK, ON_TRACK_SLACK, GoalAssessment, assess, effective_periods,
                                       elapsed_share)
from truenorth.model import Goal, KeyResult, Level, Location, Metric, Organisation, Support, Vision

LOC = Location("goals/test.yaml")
D = dt.date


def goal(id, level, supports=(), current=None, period=None, **kw):
    krs = [KeyResult("csat", LOC, baseline=0, target=100, current=current)] if current is not None else []
    return Goal(id, id.title(), "owner", Level(level), [Support(t, LOC) for t in supports], LOC,
                key_results=krs, period=period, **kw)


def run(*goals, today):
    org = Organisation(vision=Vision("vision", "V", "", [], LOC), goals={g.id: g for g in goals},
                       metrics={"csat": Metric("csat", "CSAT", "", "%", "higher", LOC)})
    return assess(org, build_graph(org), today)


def test_thresholds_are_the_documented_ones():
    assert (ON_TRACK_SLACK, AT_RISK_SLACK) == (0.10, 0.25)


@pytest.mark.parametrize("today,expected", [
    (D(2027, 1, 1), 0.0),
    (D(2027, 12, 31), 1.0),
    (D(2027, 7, 2), 0.5),          # 182 of 364 days
    (D(2026, 6, 1), 0.0),          # before the period
    (D(2028, 2, 1), 1.0),          # after it
])
def test_expected_over_a_year(today, expected):
    a = run(goal("c", 1, ["vision"], current=50, period="2027"), today=today)["c"]
    assert a.expected == pytest.approx(expected)


@pytest.mark.parametrize("period,today,expected", [
    ("2027-H1", D(2027, 1, 1), 0.0),
    ("2027-H1", D(2027, 6, 30), 1.0),
    ("2027-H1", D(2027, 4, 1), 90 / 180),
    ("2027-H2", D(2027, 7, 1), 0.0),
    ("2027-H2", D(2027, 12, 31), 1.0),
    ("2027-H2", D(2027, 5, 1), 0.0),
    ("2027-Q2", D(2027, 5, 16), 45 / 90),
    ("2027-Q4", D(2027, 11, 15), 45 / 91),
    ("2027-Q4", D(2027, 12, 31), 1.0),
    ("2027-Q1", D(2027, 6, 1), 1.0),
])
def test_expected_over_halves_and_quarters(period, today, expected):
    a = run(goal("c", 1, ["vision"], current=0, period=period), today=today)["c"]
    assert a.expected == pytest.approx(expected)


@pytest.mark.parametrize("current,status", [(70, "on-track"), (55, "at-risk")])
def test_boundaries_are_inclusive_despite_float_rounding(current, status):
    # 2027-Q2 spans 90 days; on 12 June 72 have gone: expected 0.8, and 0.7 >= 0.8 - 0.10 is False in floats
    a = run(goal("c", 1, ["vision"], current=current, period="2027-Q2"), today=D(2027, 6, 12))["c"]
    assert a.expected == pytest.approx(72 / 90)
    assert a.status == status


def test_elapsed_share_of_a_one_day_range():
    assert elapsed_share(D(2027, 1, 1), D(2027, 1, 1), D(2027, 1, 1)) == 1.0
    assert elapsed_share(D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 31)) == 0.0


# mid-year (expected 0.5): on-track from 0.40, at-risk from 0.25, off-track below
@pytest.mark.parametrize("current,status", [
    (100, "target-met"), (99, "on-track"), (50, "on-track"), (40, "on-track"), (39, "at-risk"), (25, "at-risk"), (24, "off-track"),
    (0, "off-track"),
])
def test_status_thresholds_mid_year(current, status):
    a = run(goal("c", 1, ["vision"], current=current, period="2027"), today=D(2027, 7, 2))["c"]
    assert a.status == status
    assert a.progress == pytest.approx(current / 100)


def test_at_the_start_anything_is_on_track_and_at_the_end_only_almost_done():
    start = run(goal("c", 1, ["vision"], current=0, period="2027"), today=D(2027, 1, 1))["c"]
    assert start.status == "on-track"
    assert run(goal("c", 1, ["vision"], current=90, period="2027"), today=D(2027, 12, 31))["c"].status == "on-track"
    assert run(goal("c", 1, ["vision"], current=89, period="2027"), today=D(2027, 12, 31))["c"].status == "at-risk"
    assert run(goal("c", 1, ["vision"], current=74, period="2027"), today=D(2027, 12, 31))["c"].status == "off-track"


def test_reason_states_the_numbers():
    a = run(goal("c", 1, ["vision"], current=30, period="2027"), today=D(2027, 7, 2))["c"]
    assert a == GoalAssessment(pytest.approx(0.3), pytest.approx(0.5), "at-risk", "30% done with 50% of 2027 gone")


def test_period_comes_from_the_nearest_ancestor():
    goals = [
        goal("c", 1, ["vision"], period="2027"),
        goal("d", 2, ["c"], period="2027-H1"),
        goal("i", 3, ["d"], current=39),            # nearest period: d's 2027-H1
        goal("j", 3, ["c2"], current=39),           # c2 has no period, nor anything above it
        goal("c2", 1, ["vision"]),
    ]
    results = run(*goals, today=D(2027, 4, 1))
    assert results["i"].expected == pytest.approx(90 / 180)
    assert results["i"].status == "at-risk"  # 0.39 vs 0.50: more than 10 points behind
    assert results["j"].expected == pytest.approx(90 / 364)  # the calendar year of today
    assert results["j"].status == "on-track"


def test_effective_periods_take_the_fewest_steps_up():
    org = Organisation(vision=Vision("vision", "V", "", [], LOC), goals={g.id: g for g in [
        goal("c1", 1, ["vision"], period="2027"),
        goal("c2", 1, ["vision"]),
        goal("d1", 2, ["c2"], period="2027-Q3"),
        goal("d2", 2, ["c1"]),
        goal("i", 3, ["d1", "d2"]),   # d1 (one step) has a period; c1 is two steps away
        goal("k", 3, ["d2"]),
    ]})
    periods = effective_periods(org, build_graph(org))
    assert periods == {"c1": "2027", "c2": None, "d1": "2027-Q3", "d2": "2027", "i": "2027-Q3", "k": "2027"}


def test_effective_periods_survive_cycles():
    org = Organisation(goals={g.id: g for g in [
        goal("a", 2, ["b"], period="2027-Q1"), goal("b", 2, ["a"]), goal("x", 2, ["x"])]})
    assert effective_periods(org, build_graph(org)) == {"a": "2027-Q1", "b": "2027-Q1", "x": None}


def test_explicit_health_overrides_the_computed_status():
    results = run(
        goal("c", 1, ["vision"], current=100, period="2027", health="at-risk", health_reason="Vendor delay"),
        goal("d", 1, ["vision"], current=0, period="2027", health="on-track"),
        today=D(2027, 7, 2),
    )
    assert results["c"].status == "at-risk" and results["c"].reason == "Vendor delay"
    assert results["c"].progress == 1.0  # the numbers are kept
    assert results["d"].status == "on-track" and results["d"].reason == "set by owner"


def test_achieved_and_retired_win_over_health():
    results = run(
        goal("a", 1, ["vision"], current=10, period="2027", status="achieved", health="off-track"),
        goal("r", 1, ["vision"], current=90, period="2027", status="retired", health="on-track"),
        today=D(2027, 7, 2),
    )
    assert results["a"].status == "achieved"
    assert results["r"].status == "retired"


def test_no_data():
    a = run(goal("c", 1, ["vision"], period="2027"), today=D(2027, 7, 2))["c"]
    assert a.status == "no-data" and a.progress is None and a.expected == pytest.approx(0.5)


def test_vision_is_assessed_over_the_corporate_goals_periods():
    """The vision reads against the corporate goals' calendar, not "93% of the year gone" beside
    corporate goals at "0% expected" when today is in another year than the plan (issue 18, item 5)."""
    results = run(goal("c1", 1, ["vision"], current=20, period="2027-Q1"),
                  goal("c2", 1, ["vision"], current=40, period="2027-Q2"), today=D(2027, 2, 14))
    vision = results["vision"]
    assert vision.progress == pytest.approx(0.3)
    assert vision.expected == pytest.approx(44 / 180)  # 2027-01-01 to 2027-06-30, on 2027-02-14
    assert set(results) == {"vision", "c1", "c2"}
    before = run(goal("c1", 1, ["vision"], current=20, period="2027"), today=D(2026, 12, 5))
    assert before["vision"].expected == before["c1"].expected == 0.0


def test_vision_without_dated_corporate_goals_uses_the_calendar_year():
    results = run(goal("c1", 1, ["vision"], current=20), goal("c2", 1, ["vision"], current=40), today=D(2027, 7, 2))
    vision = results["vision"]
    assert vision.expected == pytest.approx(0.5)
    assert vision.status == "at-risk"


def test_assessment_is_frozen():
    a = run(goal("c", 1, ["vision"], current=5, period="2027"), today=D(2027, 1, 2))["c"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.status = "x"  # type: ignore[misc]
