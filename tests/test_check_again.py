"""truenorth.check_again: after a save the live check re-runs only the rules whose reads the edit reached,
and its answer is still a fresh run_check's."""

from __future__ import annotations

import pytest

import truenorth.rules as rules_module
from truenorth.analysis.graph import build_graph
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.findings import Severity
from truenorth.live import LiveCheck
from truenorth.rules.base import rule

BOB = "goals/people/bob.yaml"


def _same(live, fresh) -> None:
    assert live.findings == fresh.findings
    assert live.summary == fresh.summary
    assert live.org == fresh.org and list(live.org.goals) == list(fresh.org.goals)
    assert live.traced == fresh.traced
    assert list(live.graph.nodes) == list(fresh.graph.nodes)
    assert list(live.graph.edges(data=True)) == list(fresh.graph.edges(data=True))
    for node in fresh.graph:  # each node's parents and children in the order a fresh build gives them
        assert list(live.graph.predecessors(node)) == list(fresh.graph.predecessors(node))
        assert list(live.graph.successors(node)) == list(fresh.graph.successors(node))


def _edit(root, rel, old, new) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _checked_after(live, root, rel, old, new):
    _edit(root, rel, old, new)
    result = live.check()
    _same(result, run_check(load_config(root)))
    return result


@pytest.fixture
def live_org(org_factory):
    root = org_factory()
    live = LiveCheck(root)
    _same(live.check(), run_check(load_config(root)))
    assert live.decision.everything  # the first check runs every rule
    return root, live


def test_a_title_reruns_the_readers_of_titles_and_keeps_the_rest(live_org):
    root, live = live_org
    result = _checked_after(live, root, BOB, "title: Same-day callbacks", "title: Launch a callback report")
    assert not live.decision.everything
    assert live.decision.fields == {"goal.title"}
    assert "TN205" in live.decision.ran_on_goals and "TN208" in live.decision.ran  # the rules that read titles
    assert "TN113" not in live.decision.ran and "TN101" not in live.decision.ran
    assert any(f.code == "TN205" and f.location.path.endswith("bob.yaml") for f in result.findings)
    _checked_after(live, root, BOB, "title: Launch a callback report", "title: Same-day callbacks")


def test_a_current_value_runs_no_rule(live_org):
    root, live = live_org
    _checked_after(live, root, BOB, "current: 8.5", "current: 8.7")
    assert not live.decision.everything and live.decision.ran == () and live.decision.ran_on_goals == ()
    assert live.decision.fields == {"key_result.current", "goal.key_results"}


def test_a_period_reruns_the_period_readers(live_org):
    root, live = live_org
    result = _checked_after(live, root, BOB, "period: 2027-Q1", "period: 2028")  # outlives its parent's
    assert any(f.code == "TN113" for f in result.findings)
    assert live.decision.fields == {"goal.period"} and "TN113" in live.decision.ran_on_links  # (its scope)
    assert "TN140" in live.decision.ran_on_goals  # a goal-scope rule: on the edited file's goals alone
    result = _checked_after(live, root, BOB, "period: 2028", "period: 2026-Q3")  # ended, still active
    assert any(f.code == "TN140" and f.location.path.endswith("bob.yaml") for f in result.findings)
    _checked_after(live, root, BOB, "period: 2026-Q3", "period: 2027-Q1")
    assert not any(f.code in ("TN113", "TN140") for f in live.check().findings)


def test_links_moved_dangling_and_back(live_org):
    root, live = live_org
    graph = live.check().graph
    result = _checked_after(live, root, BOB, "supports: [team-callbacks]", "supports: [ops-coaching]")
    assert live.decision.fields == {"goal.supports"} and "TN102" in live.decision.ran
    assert {"TN105", "TN113", "TN114"} <= set(live.decision.ran_on_links)
    assert "TN103" in live.decision.proved  # no cycle before, and the moved link closes none
    assert result.graph is not graph and ("bob-callbacks", "ops-coaching") in result.graph.edges
    assert ("bob-callbacks", "team-callbacks") in graph.edges  # the last check's graph is left as it was
    result = _checked_after(live, root, BOB, "supports: [ops-coaching]", "supports: [no-such-goal]")
    assert any(f.code == "TN102" for f in result.findings)
    _checked_after(live, root, BOB, "supports: [no-such-goal]", "supports: [corp-people]")  # skips a level
    result = _checked_after(live, root, BOB, "supports: [corp-people]", "supports: [bob-callbacks]")  # a cycle of one
    assert "TN103" in live.decision.ran and any(f.code == "TN103" for f in result.findings)
    _checked_after(live, root, "goals/people/cat.yaml", "supports: [team-callbacks]", "supports: [bob-callbacks]")
    _checked_after(live, root, BOB, "supports: [bob-callbacks]", "supports: [team-callbacks]")


def test_a_link_moved_away_and_back_keeps_the_parents_order(live_org):
    root, live = live_org  # team-callbacks is supported by bob-callbacks, then cat-empathy (the files' order)
    _checked_after(live, root, BOB, "supports: [team-callbacks]", "supports: [ops-coaching]")
    result = _checked_after(live, root, BOB, "supports: [ops-coaching]", "supports: [team-callbacks]")
    assert list(result.graph.predecessors("team-callbacks")) == ["bob-callbacks", "cat-empathy"]


def test_the_graph_unchanged_by_an_edit_is_the_last_one(live_org):
    root, live = live_org
    graph = live.check().graph
    result = _checked_after(live, root, BOB, "current: 8.5", "current: 9")
    assert result.graph is graph


def test_goals_added_removed_and_renamed_run_every_rule(live_org):
    root, live = live_org
    cat = "goals/people/cat.yaml"
    extra = ("  - id: cat-extra\n    title: Coach new starters\n    supports: [team-callbacks]\n    owner: cat\n"
             "    period: 2027-Q1\n")
    (root / cat).write_text((root / cat).read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = live.check()
    assert live.decision.everything and "cat-extra" in result.org.goals
    _same(result, run_check(load_config(root)))
    _checked_after(live, root, cat, extra, "")
    assert live.decision.everything
    _checked_after(live, root, BOB, "id: bob-callbacks", "id: bob-calls")
    assert live.decision.everything
    _checked_after(live, root, BOB, "current: 8.5", "current: 8")  # and then the narrow path again
    assert not live.decision.everything


def test_lines_moved_run_every_rule(live_org):
    root, live = live_org
    _checked_after(live, root, BOB, "supports: [team-callbacks]", "supports:\n      - team-callbacks")
    assert live.decision.everything


def test_a_yaml_error_and_its_fix(live_org):
    root, live = live_org
    cat = root / "goals/people/cat.yaml"
    good = cat.read_text(encoding="utf-8")
    cat.write_text(good + "  - id: [unclosed\n", encoding="utf-8")
    result = live.check()
    assert live.decision.everything and result.has_errors
    _same(result, run_check(load_config(root)))
    cat.write_text(good, encoding="utf-8")
    _same(live.check(), run_check(load_config(root)))
    assert live.decision.everything
    _checked_after(live, root, BOB, "title: Same-day callbacks", "title: Callbacks the same day")
    assert not live.decision.everything


def test_an_edit_beside_a_broken_file(live_org):
    root, live = live_org
    cat = root / "goals/people/cat.yaml"
    cat.write_text(cat.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")
    live.check()
    result = _checked_after(live, root, BOB, "supports: [team-callbacks]", "supports: [no-such-goal]")
    assert not live.decision.everything and result.has_errors


def test_a_suppression_added_runs_every_rule(live_org):
    root, live = live_org
    _checked_after(live, root, BOB, "period: 2027-Q1", "period: 2028")
    result = _checked_after(live, root, BOB, "- id: bob-callbacks", "- id: bob-callbacks  # truenorth: ignore[TN113] agreed")
    assert live.decision.everything
    assert not any(f.code == "TN113" for f in result.findings) and result.summary.suppressed
    _checked_after(live, root, BOB, "period: 2028", "period: 2029")  # the suppression still applies
    assert not live.decision.everything


def test_settings_changed_run_every_rule(live_org):
    root, live = live_org
    _checked_after(live, root, BOB, "period: 2027-Q1", "period: 2028")
    (root / "pyproject.toml").write_text('[tool.truenorth.severity]\nTN113 = "error"\n', encoding="utf-8")
    result = live.check()
    assert live.decision.everything
    assert any(f.code == "TN113" and f.severity == Severity.ERROR for f in result.findings)
    _same(result, run_check(load_config(root)))


def test_a_rule_declared_here_reruns_when_its_field_changes_and_is_kept_otherwise(live_org, monkeypatch):
    root, live = live_org
    calls = []

    @rule("TN990", "test-short-period", Severity.WARNING, "A goal's period is a quarter.", reads=("goal.period",))
    def quarter(self, ctx):
        calls.append(len(ctx.org.goals))
        for goal in ctx.org.goals.values():
            if goal.period and "-Q" in goal.period:
                yield self.finding(f"{goal.id!r} runs for a quarter ({goal.period})", goal.location)

    monkeypatch.setattr(rules_module, "GRAPH_RULES", [*rules_module.GRAPH_RULES, quarter])
    result = live.check()  # (no file changed, but another set of rules: every rule)
    assert live.decision.everything and len(calls) == 1
    assert any(f.code == "TN990" and "bob-callbacks" in f.message for f in result.findings)
    _edit(root, BOB, "title: Same-day callbacks", "title: Callbacks today")
    result = live.check()
    assert len(calls) == 1  # not run again: its finding stands
    _same(result, run_check(load_config(root)))
    _edit(root, BOB, "period: 2027-Q1", "period: 2027")
    result = live.check()
    assert len(calls) == 3 and "TN990" in live.decision.ran  # (the fresh check above ran it too)
    assert not any(f.code == "TN990" and "bob-callbacks" in f.message for f in result.findings)
    _same(result, run_check(load_config(root)))


def test_a_rule_without_reads_makes_every_rule_run(live_org, monkeypatch):
    root, live = live_org

    @rule("TN991", "test-anything", Severity.WARNING, "Reads anything.")
    def anything(self, ctx):
        yield from ()

    monkeypatch.setattr(rules_module, "GRAPH_RULES", [*rules_module.GRAPH_RULES, anything])
    live.check()
    _checked_after(live, root, BOB, "current: 8.5", "current: 8.6")
    assert live.decision.everything


def test_a_goal_scope_rule_reading_a_metric_runs_on_every_goal_when_the_metric_changes(live_org, monkeypatch):
    root, live = live_org

    @rule("TN992", "test-customer-measured", Severity.WARNING, "A goal has a key result on a customer metric.",
          reads=("key_result.metric", "metric.customer"), scope="goal")
    def customer(self, ctx):
        for goal in ctx.org.goals.values():
            if any(getattr(ctx.org.metrics.get(kr.metric), "customer", False) for kr in goal.key_results):
                yield self.finding(f"{goal.id!r} is measured by a customer", goal.location)

    monkeypatch.setattr(rules_module, "GRAPH_RULES", [*rules_module.GRAPH_RULES, customer])
    result = live.check()
    assert any(f.code == "TN992" and "bob-callbacks" in f.message for f in result.findings)
    result = _checked_after(live, root, "goals/metrics.yaml", "customer: true", "customer: false")
    assert not live.decision.everything and "TN992" in live.decision.ran
    assert not any(f.code == "TN992" for f in result.findings)
