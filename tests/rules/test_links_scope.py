"""A rule declared `scope="links"` reports on each goal from that goal and the goals up to two links above
it: run with only those goals in the organisation, it reports at the goal and its links exactly what it
reports there on the whole organisation, and it reports nowhere else. The live check relies on it
(truenorth/check_again.py re-runs such rules on the edited goals and the goals below them)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

import pytest

from tests.conftest import FAILING, REPO_ROOT, make_org
from truenorth.check import context_of, run_check
from truenorth.config import load_config
from truenorth.load.organisation import LoadResult
from truenorth.rules import GRAPH_RULES

LINK_RULES = [r for r in GRAPH_RULES if r.scope == "links"]
CASES = [REPO_ROOT, *sorted(p for p in FAILING.iterdir() if p.is_dir())]


def test_some_rule_is_links_scoped():
    assert LINK_RULES, "the live check's links-scope path would go untested"


def _above(org, goal_id: str) -> set[str]:
    """The goal and the goals up to two links above it."""
    found = {goal_id}
    for _ in range(2):
        found |= {link.target for gid in list(found) for link in org.goals[gid].supports if link.target in org.goals}
    return found


def _places(goal) -> set:
    return {goal.location, *(link.location for link in goal.supports)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_goal_with_the_goals_above_it_gives_the_findings_of_the_whole(tmp_path, case, monkeypatch):
    monkeypatch.setenv("TRUENORTH_TODAY", str(_dt.date(2027, 5, 15)))
    root = case if case == REPO_ROOT else make_org(tmp_path, case)
    config = load_config(root)
    result = run_check(config)
    org = result.org
    ctx = context_of(config, LoadResult(org), result.graph, result.traced)
    for rule in LINK_RULES:
        whole = sorted(map(repr, rule.check(ctx)))
        alone = []
        for goal in org.goals.values():
            wanted = _above(org, goal.id)
            part = replace(ctx, org=replace(org, goals={gid: g for gid, g in org.goals.items() if gid in wanted}),
                           shared={})
            places = _places(goal)
            alone += [repr(f) for f in rule.check(part) if f.location in places]
        assert sorted(alone) == whole, rule.code
