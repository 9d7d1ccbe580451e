"""Key-result progress and the roll-up of goal progress to the vision."""

from __future__ import annotations

import sys

import pytest

from truenorth.analysis.graph import build_graph
from truenorth.analysis.progress import key_result_progress
from truenorth.analysis.rollup import goal_progress
from truenorth.model import Goal, KeyResult, Level, Location, Metric, Organisation, Support, Vision

LOC = Location("goals/test.yaml")
UP = Metric("csat", "CSAT", "", "%", "higher", LOC)
DOWN = Metric("aht", "Handle time", "", "s", "lower", LOC)


def kr(metric="csat", baseline=None, target=None, current=None, weight=1.0):
    return KeyResult(metric, LOC, baseline=baseline, target=target, current=current, weight=weight)


def goal(id, level, supports=(), krs=(), status="active"):
    links = [Support(t, LOC) if isinstance(t, str) else Support(t[0], LOC, weight=t[1]) for t in supports]
    return Goal(id, id.title(), "owner", Level(level), links, LOC, key_results=list(krs), status=status)


def org_of(*goals):
    return Organisation(vision=Vision("vision", "V", "", [], LOC), goals={g.id: g for g in goals},
                        metrics={"csat": UP, "aht": DOWN})


def progress(*goals):
    org = org_of(*goals)
    return goal_progress(org, build_graph(org))


# ----------------------------------------------------------------------------------------- key results


@pytest.mark.parametrize("baseline,target,current,expected", [
    (60, 80, 70, 0.5),
    (60, 80, 60, 0.0),
    (60, 80, 80, 1.0),
    (60, 80, 95, 1.0),   # beyond target: clamped
    (60, 80, 40, -1.0),  # a whole range below baseline: a fall, clamped at -100%
    (60, 80, 55, -0.25),  # below baseline: a fall, not "nothing moved"
    (64, 78, 61, -3 / 14),  # CSAT 64 -> 61 towards 78
    (60, 80, 65, 0.25),
])
def test_higher_is_better(baseline, target, current, expected):
    assert key_result_progress(kr(baseline=baseline, target=target, current=current), UP) == pytest.approx(expected)


@pytest.mark.parametrize("baseline,target,current,expected", [
    (300, 200, 250, 0.5),
    (300, 200, 275, 0.25),
    (300, 200, 300, 0.0),
    (300, 200, 200, 1.0),
    (300, 200, 150, 1.0),   # faster than target: clamped
    (300, 200, 400, -1.0),  # slower than baseline by the whole range: clamped at -100%
    (300, 200, 330, -0.3),  # slower than baseline: a fall
])
def test_lower_is_better(baseline, target, current, expected):
    assert key_result_progress(kr("aht", baseline, target, current), DOWN) == pytest.approx(expected)


@pytest.mark.parametrize("current,target", [(None, 80), (70, None), (None, None)])
def test_missing_current_or_target_is_no_data(current, target):
    assert key_result_progress(kr(baseline=60, target=target, current=current), UP) is None


@pytest.mark.parametrize("metric,target,current,expected", [
    (UP, 80, 80, 1.0), (UP, 80, 85, 1.0), (UP, 80, 79.9, 0.0),
    (DOWN, 200, 200, 1.0), (DOWN, 200, 150, 1.0), (DOWN, 200, 201, 0.0),
])
def test_missing_baseline_is_all_or_nothing(metric, target, current, expected):
    assert key_result_progress(kr(metric.id, None, target, current), metric) == expected


@pytest.mark.parametrize("metric,level,current,expected", [
    (UP, 90, 90, 1.0), (UP, 90, 95, 1.0), (UP, 90, 89, 0.0),
    (DOWN, 30, 30, 1.0), (DOWN, 30, 25, 1.0), (DOWN, 30, 31, 0.0),
])
def test_zero_length_range_holds_the_line(metric, level, current, expected):
    assert key_result_progress(kr(metric.id, level, level, current), metric) == expected


def test_unknown_metric_counts_as_higher_is_better():
    assert key_result_progress(kr("nope", None, 10, 12), None) == 1.0
    assert key_result_progress(kr("nope", None, 10, 8), None) == 0.0
    assert key_result_progress(kr("nope", 0, 10, 4), None) == pytest.approx(0.4)


def test_target_the_wrong_way_still_measures_distance_travelled():
    # csat target below baseline (the wrong-direction rule reports it): still 0..1 from baseline to target
    assert key_result_progress(kr(baseline=80, target=60, current=70), UP) == pytest.approx(0.5)


# --------------------------------------------------------------------------------------------- roll-up


def test_weighted_key_results():
    p = progress(goal("c", 1, ["vision"], [kr(baseline=0, target=100, current=100, weight=3),
                                           kr(baseline=0, target=100, current=0, weight=1)]))
    assert p["c"] == pytest.approx(0.75)
    assert p["vision"] == pytest.approx(0.75)


def test_key_results_without_data_are_left_out_of_the_mean():
    p = progress(goal("c", 1, ["vision"], [kr(baseline=0, target=100, current=40), kr(baseline=0, target=100)]))
    assert p["c"] == pytest.approx(0.4)


def test_goal_without_key_results_rolls_up_weighted_supporters():
    p = progress(
        goal("c", 1, ["vision"]),
        goal("d1", 2, [("c", 3)], [kr(baseline=0, target=10, current=10)]),
        goal("d2", 2, ["c"], [kr(baseline=0, target=10, current=2)]),
    )
    assert p["d1"] == 1.0 and p["d2"] == pytest.approx(0.2)
    assert p["c"] == pytest.approx((3 * 1.0 + 1 * 0.2) / 4)
    assert p["vision"] == pytest.approx(0.8)


def test_own_key_results_win_over_supporters():
    p = progress(
        goal("c", 1, ["vision"], [kr(baseline=0, target=10, current=1)]),
        goal("d", 2, ["c"], [kr(baseline=0, target=10, current=10)]),
    )
    assert p["c"] == pytest.approx(0.1)


def test_key_results_without_data_fall_back_to_supporters():
    p = progress(
        goal("c", 1, ["vision"], [kr(baseline=0, target=10)]),
        goal("d", 2, ["c"], [kr(baseline=0, target=10, current=6)]),
    )
    assert p["c"] == pytest.approx(0.6)


def test_retired_and_empty_supporters_are_ignored():
    p = progress(
        goal("c", 1, ["vision"]),
        goal("live", 2, ["c"], [kr(baseline=0, target=10, current=5)]),
        goal("gone", 2, ["c"], [kr(baseline=0, target=10, current=0)], status="retired"),
        goal("empty", 2, ["c"]),
    )
    assert p["empty"] is None
    assert p["gone"] == 0.0  # a retired goal still has its own value, it just does not count upward
    assert p["c"] == pytest.approx(0.5)


def test_achieved_goal_counts_as_done():
    p = progress(
        goal("c", 1, ["vision"]),
        goal("done", 2, ["c"], [kr(baseline=0, target=10, current=3)], status="achieved"),
        goal("half", 2, ["c"], [kr(baseline=0, target=10, current=5)]),
    )
    assert p["done"] == 1.0
    assert p["c"] == pytest.approx(0.75)


def test_multi_parent_goal_counts_toward_each_parent():
    p = progress(
        goal("c1", 1, ["vision"]),
        goal("c2", 1, ["vision"]),
        goal("shared", 2, ["c1", "c2"], [kr(baseline=0, target=10, current=8)]),
        goal("only2", 2, ["c2"], [kr(baseline=0, target=10, current=2)]),
    )
    assert p["c1"] == pytest.approx(0.8)
    assert p["c2"] == pytest.approx(0.5)
    assert p["vision"] == pytest.approx(0.65)


def test_three_levels_roll_up_to_the_vision():
    p = progress(
        goal("c", 1, ["vision"]),
        goal("d", 2, ["c"]),
        goal("i1", 3, ["d"], [kr("aht", 300, 200, 250)]),
        goal("i2", 3, ["d"], [kr("aht", 300, 200, 200)]),
    )
    assert p["d"] == pytest.approx(0.75)
    assert p["c"] == pytest.approx(0.75)
    assert p["vision"] == pytest.approx(0.75)


def test_nothing_measured_gives_none_everywhere():
    p = progress(goal("c", 1, ["vision"]), goal("d", 2, ["c"]))
    assert p == {"vision": None, "c": None, "d": None}


def test_every_goal_and_the_vision_get_a_key():
    p = progress(goal("c", 1, ["vision"]), goal("lonely", 2, []), goal("dangling", 2, ["nowhere"]))
    assert set(p) == {"vision", "c", "lonely", "dangling"}


def test_cycle_gets_own_progress_or_none_and_does_not_recurse():
    p = progress(
        goal("c", 1, ["vision"]),
        goal("a", 2, ["b", "c"]),
        goal("b", 2, ["a"], [kr(baseline=0, target=10, current=3)]),
        goal("feeder", 3, ["a"], [kr(baseline=0, target=10, current=9)]),
        goal("self", 2, ["self", "c"]),
    )
    assert p["a"] is None  # on the cycle, no key results: nothing rolled into it
    assert p["b"] == pytest.approx(0.3)
    assert p["self"] is None
    assert p["c"] is None  # its only supporters (a, self) have no value
    assert p["feeder"] == pytest.approx(0.9)


def test_goal_fed_by_a_cycle_uses_the_cycle_values():
    p = progress(
        goal("c", 1, ["vision"]),
        goal("a", 2, ["b", "c"], [kr(baseline=0, target=10, current=4)]),
        goal("b", 2, ["a"], [kr(baseline=0, target=10, current=3)]),
    )
    assert p["a"] == pytest.approx(0.4)
    assert p["c"] == pytest.approx(0.4)


def test_deep_chain_is_linear_and_has_no_recursion_limit():
    depth = sys.getrecursionlimit() + 500
    goals = [goal("top", 1, ["vision"])]
    previous = "top"
    for n in range(depth):
        goals.append(goal(f"g{n}", 2, [previous]))
        previous = f"g{n}"
    goals.append(goal("leaf", 3, [previous], [kr(baseline=0, target=4, current=1)]))
    org = org_of(*goals)
    graph = build_graph(org)
    p = goal_progress(org, graph)
    assert p["top"] == pytest.approx(0.25)
    assert p["vision"] == pytest.approx(0.25)


def test_graph_without_vision():
    org = Organisation(goals={"d": goal("d", 2, [], [kr(baseline=0, target=2, current=1)])}, metrics={"csat": UP})
    assert goal_progress(org, build_graph(org)) == {"d": 0.5}
