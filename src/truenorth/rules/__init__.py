"""The rule registry. One module per rule; `truenorth rules` lists them.

To add a rule: write a module with a docstring (what it flags, FAIL and PASS
examples) and a `@rule(...)` check, then list it here.
"""

from __future__ import annotations

from typing import Any

from truenorth.rules.base import Context, Rule
from truenorth.rules.loading import LOAD_RULES

# The graph rules (and networkx, which some of them use) are imported on first use: the loader
# needs only the load-time codes, and a check starts its worker processes before paying for them.
_LAZY = ("GRAPH_RULES", "ALL_RULES", "RULES_BY_KEY")


def _registry() -> dict[str, Any]:
    from truenorth.rules import (cycle, dangling_reference, duplicate_id, efficiency_without_outcome,
                                 key_result_without_target, orphan, period_outlives_parent, person_without_goals,
                                 skipped_level, supports_retired, too_many_goals, uncovered_corporate_goal,
                                 unknown_play, unknown_reference, wrong_direction)

    graph_rules: list[Rule] = [
        orphan.check,
        dangling_reference.check,
        cycle.check,
        duplicate_id.check,
        wrong_direction.check,
        skipped_level.check,
        unknown_reference.unknown_owner,
        unknown_reference.unknown_department,
        unknown_reference.unknown_head,
        unknown_reference.unknown_metric,
        uncovered_corporate_goal.check,
        person_without_goals.check,
        period_outlives_parent.check,
        supports_retired.check,
        key_result_without_target.check,
        unknown_play.check,
        too_many_goals.check,
        efficiency_without_outcome.check,
    ]
    all_rules = [*LOAD_RULES.values(), *graph_rules]
    return {
        "GRAPH_RULES": graph_rules,
        "ALL_RULES": all_rules,
        "RULES_BY_KEY": {**{r.code: r for r in all_rules}, **{r.name: r for r in all_rules}},
    }


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        globals().update(_registry())  # once: later lookups find the names directly
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ALL_RULES", "GRAPH_RULES", "RULES_BY_KEY", "Context", "Rule"]
