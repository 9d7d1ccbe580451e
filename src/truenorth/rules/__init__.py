"""The rule registry. One module per rule; `truenorth rules` lists them, `truenorth rules CODE`
prints one's documentation, and the site has a page per rule (site/rule_pages.py).

To add a rule:

1. Take the next free code (`truenorth rules` lists those in use; codes are never reused) and
   write a module named after the rule (`my_rule.py` for `my-rule`) with a `@rule(...)` check:
   code, name, default severity, a one-line summary and a hint on how to fix a finding.
2. Its docstring is its documentation, in the layout rules/docs.py describes: a first line
   `TNnnn name: what it flags`, then what counts, why it matters and its options, then literal
   FAIL and PASS examples (whole goals files written over the example organisation).
   tests/rules/test_rule_examples.py runs every example.
3. If the rule asks a question `truenorth gaps` asks too, ask it through analysis/coverage.py.
4. List it below, and add a failing fixture tests/fixtures/failing/tnNNN-name/ with expected.txt.
5. Declare the model fields it reads: `@rule(..., reads=("goal.period", "goal.supports"))` (the
   names: rules/base.py READABLE; ids and places need no saying). That is all the cache needs: its
   rule view is made from these declarations, and the period re-check steps aside for a new reader of
   periods. tests/rules/test_fuzz_rule_reads.py changes every field a rule does not declare and
   expects the same findings, so a rule cannot read what it did not declare.
6. If each finding follows from one goal alone, say `scope="goal"`; from a goal and the goals up to two
   links above it, `scope="links"` (rules/base.py rule()). The live preview (check_again.py) then runs it
   after an edit on the goals the edit reaches, not on all; tests/rules/test_goal_scope.py and
   test_links_scope.py check the promise.

The load-time codes (TN001-TN011), reported by the loader as it reads files, are in loading.py.
"""

from __future__ import annotations

from typing import Any

from truenorth.rules.base import Context, Rule
from truenorth.rules.loading import LOAD_RULES

# The graph rules (and networkx, which some of them use) are imported on first use: the loader
# needs only the load-time codes, and a check starts its worker processes before paying for them.
_LAZY = ("GRAPH_RULES", "ALL_RULES", "RULES_BY_KEY")


def _registry() -> dict[str, Any]:
    from truenorth.rules import (checkin_by_unknown, checkin_in_future, checkin_out_of_order, checkin_outside_period,
                                 cycle, dangling_reference, department_cycle, duplicate_id, efficiency_without_outcome, ids_schema_stale,
                                 key_result_without_target, orphan, period_ended_open, period_outlives_parent, person_without_goals,
                                 skipped_level, supports_retired, too_many_goals, uncovered_corporate_goal,
                                 unknown_department, unknown_head, unknown_metric, unknown_owner, unknown_play,
                                 wrong_direction)
    from truenorth.rules import (activity_key_result, customer_blind_goal, invalid_suppression, key_result_count,
                                 near_duplicate_goal, output_as_outcome, owner_outside_department,
                                 target_against_direction, unmeasurable_key_result, unmeasured_goal)

    graph_rules: list[Rule] = [
        orphan.check,
        dangling_reference.check,
        cycle.check,
        duplicate_id.check,
        wrong_direction.check,
        skipped_level.check,
        unknown_owner.check,
        unknown_department.check,
        unknown_head.check,
        unknown_metric.check,
        uncovered_corporate_goal.check,
        person_without_goals.check,
        period_outlives_parent.check,
        supports_retired.check,
        key_result_without_target.check,
        unknown_play.check,
        too_many_goals.check,
        efficiency_without_outcome.check,
        department_cycle.check,
        period_ended_open.check,
        unmeasurable_key_result.check,  # the quality rules, TN2xx: warnings that a goal is worth having
        target_against_direction.check,
        key_result_count.check,
        unmeasured_goal.check,
        output_as_outcome.check,
        activity_key_result.check,
        customer_blind_goal.check,
        near_duplicate_goal.check,
        owner_outside_department.check,
        invalid_suppression.check,
        checkin_outside_period.check,
        checkin_out_of_order.check,
        checkin_in_future.check,
        checkin_by_unknown.check,
        ids_schema_stale.check,
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
