"""The rule registry. One module per rule; `truenorth rules` lists them.

To add a rule: write a module with a docstring (what it flags, FAIL and PASS
examples) and a `@rule(...)` check, then list it here.
"""

from truenorth.rules import (cycle, dangling_reference, duplicate_id, efficiency_without_outcome,
                             key_result_without_target, orphan, period_outlives_parent, person_without_goals,
                             skipped_level, supports_retired, too_many_goals, uncovered_corporate_goal,
                             unknown_play, unknown_reference, wrong_direction)
from truenorth.rules.base import Context, Rule
from truenorth.rules.loading import LOAD_RULES

GRAPH_RULES: list[Rule] = [
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

ALL_RULES: list[Rule] = [*LOAD_RULES.values(), *GRAPH_RULES]
RULES_BY_KEY: dict[str, Rule] = {**{r.code: r for r in ALL_RULES}, **{r.name: r for r in ALL_RULES}}

__all__ = ["ALL_RULES", "GRAPH_RULES", "RULES_BY_KEY", "Context", "Rule"]
