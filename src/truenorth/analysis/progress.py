"""Progress of key results, and of a goal from its own key results.

A key result's progress is how far `current` has moved from `baseline` towards
`target`, as a fraction clamped to [-1, 1]:

    (current - baseline) / (target - baseline)

The formula is the same whichever way the metric points: for a lower-is-better
metric (baseline 300 s, target 200 s, current 250 s) it gives 0.5 too. A key
result that got worse than its baseline has negative progress, so a fall shows
as a fall and not as "0%, nothing moved": CSAT from a baseline of 64 towards a
target of 78 that is now 61 is -3/14, about -21%. A fall of the whole distance
from baseline to target or more counts as -1.0 (-100%), so one collapsed key
result cannot outweigh all the others in a goal's mean. Beyond the target it
counts as 1.0: the key result has met its target (key_result_met). The
metric's `direction` decides the cases the formula cannot:

* no `current` or no `target`: None (no data);
* no `baseline`: all or nothing, 1.0 when `current` meets the target in the good
  direction (>= target for "higher", <= target for "lower"), else 0.0;
* baseline == target (a zero-length range, "hold the line"): the same all or
  nothing test.

An unknown metric (None) is taken as higher-is-better. A target that points the
wrong way (the wrong-direction rule reports it) is still measured as distance
travelled from baseline towards target.

A goal's progress, rolled up from its key results and the goals that support it, is
analysis/rollup.py's (key_results_progress gives the key-results part).
"""

from __future__ import annotations

from collections.abc import Iterable

from truenorth.model import Goal, KeyResult, Metric, Organisation

HIGHER = "higher"
LOWER = "lower"


def _meets(current: float, target: float, direction: str) -> bool:
    return current <= target if direction == LOWER else current >= target


def key_result_progress(kr: KeyResult, metric: Metric | None) -> float | None:
    """The fraction -1..1 of the way from baseline to target (negative: worse than the baseline), or None
    without current or target (see module doc)."""
    if kr.current is None or kr.target is None:
        return None
    direction = metric.direction if metric is not None else HIGHER
    if kr.baseline is None or kr.baseline == kr.target:
        return 1.0 if _meets(kr.current, kr.target, direction) else 0.0
    fraction = (kr.current - kr.baseline) / (kr.target - kr.baseline)
    return min(1.0, max(-1.0, fraction))


def key_result_met(kr: KeyResult, metric: Metric | None) -> bool:
    """Whether the key result has reached (or passed) its target: progress 1.0."""
    return key_result_progress(kr, metric) == 1.0


def targets_met(org: Organisation, goal: Goal) -> bool:
    """Whether the goal has key results and every one of them has met its target."""
    return bool(goal.key_results) and all(key_result_met(kr, org.metrics.get(kr.metric)) for kr in goal.key_results)


def worse_than_baseline(kr: KeyResult, metric: Metric | None) -> bool:
    """Whether the key result moved away from its target since its baseline (negative progress)."""
    value = key_result_progress(kr, metric)
    return value is not None and value < 0


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    total = 0.0
    weights = 0.0
    for value, weight in pairs:
        if weight is None or weight <= 0:
            continue
        total += value * weight
        weights += weight
    return total / weights if weights > 0 else None


def key_results_progress(org: Organisation, goal: Goal) -> float | None:
    """Weighted mean of the goal's key results that have data; None when none has."""
    pairs = []
    for kr in goal.key_results:
        value = key_result_progress(kr, org.metrics.get(kr.metric))
        if value is not None:
            pairs.append((value, kr.weight))
    return weighted_mean(pairs)
