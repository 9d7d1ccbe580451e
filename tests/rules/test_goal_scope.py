"""A rule declared `scope="goal"` looks at each goal on its own: run on every goal alone, it reports
exactly what it reports on the whole organisation. The cache's period re-check relies on it
(cache/period_edits.py re-runs such rules on the edited goals only)."""

from __future__ import annotations

import datetime as _dt
from types import SimpleNamespace

import pytest

from tests.conftest import FAILING, REPO_ROOT, make_org
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.rules import GRAPH_RULES

GOAL_RULES = [r for r in GRAPH_RULES if r.scope == "goal"]
CASES = [REPO_ROOT, *sorted(p for p in FAILING.iterdir() if p.is_dir())]


def test_some_rule_is_goal_scoped():
    assert GOAL_RULES, "the period re-check's goal-scope path would go untested"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("today", [_dt.date(2027, 5, 15), _dt.date(2030, 1, 1)])
def test_each_goal_alone_gives_the_findings_of_the_whole(tmp_path, case, today):
    root = case if case == REPO_ROOT else make_org(tmp_path, case)
    result = run_check(load_config(root))
    for rule in GOAL_RULES:
        words = load_config(root).output_words  # (a setting: TN205's delivery words)
        whole = sorted(map(repr, rule.check(SimpleNamespace(org=result.org, graph=result.graph, traced=result.traced,
                                                            today=today, output_words=words))))
        alone = sorted(repr(f) for goal in result.org.goals.values()
                       for f in rule.check(SimpleNamespace(org=SimpleNamespace(goals={goal.id: goal}), today=today,
                                                           output_words=words)))
        assert alone == whole
