"""`truenorth review PERIOD`, the close-out statuses and drafts, on organisations the tests write."""

from __future__ import annotations

import datetime as _dt
import json

from click.testing import CliRunner

from tests.conftest import make_org
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config

PEOPLE = """person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    status: missed
    retrospective: The new queue ate every spare minute.
    key_results:
      - metric: csat
        baseline: 60
        target: 80
        current: 65
  - id: cat-notes
    title: Write better case notes
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    status: partial
    retrospective: Half the team adopted the template.
    key_results:
      - metric: csat
        baseline: 60
        target: 80
        current: 75
  - id: cat-easy
    title: "An easy one | with a pipe and **stars**"
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    status: achieved
    key_results:
      - metric: csat
        baseline: 60
        target: 70
        current: 72
  - id: cat-secret
    title: A private goal nobody may name
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    status: missed
    visibility: private
    retrospective: Private thoughts.
  - id: cat-weekend
    title: Weekend callbacks
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    status: dropped
  - id: cat-forgot
    title: Forgot to close this one
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
  - id: cat-next
    title: Next quarter
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q2
"""


def _org(tmp_path, people=PEOPLE):
    return make_org(tmp_path, files={"goals/people/cat.yaml": people})


def _review(root, *args):
    return CliRunner().invoke(cli, ["review", *args, "--root", str(root), "--today", "2027-05-15"])


def test_review_counts_each_way_a_goal_ended_and_scores_against_the_targets(tmp_path):
    root = _org(tmp_path)
    out = _review(root, "2027-Q1", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    individual = next(t for t in data["by_level"] if t["label"] == "Individual goals")
    assert (individual["achieved"], individual["partial"], individual["missed"], individual["dropped"],
            individual["open"]) == (1, 1, 2, 1, 2)  # not closed: cat-forgot and bob's bob-callbacks
    goals = {g["id"]: g for g in data["goals"]}
    assert goals["cat-empathy"]["score"] == 0.25 and goals["cat-notes"]["score"] == 0.75
    assert goals["cat-easy"]["score"] == 1.0 and goals["cat-easy"]["full_marks"]
    assert "cat-next" not in goals  # 2027-Q2 lies outside 2027-Q1
    assert "cat-secret" not in goals and data["private_goals"] == 1  # counted, never named
    assert data["ended"] is True and data["targets_from"] == ["file"]
    # the department goal team-callbacks (2027-Q1, still active) is in the review as not closed out
    assert next(t for t in data["by_level"] if t["label"] == "Department goals")["open"] == 1


def test_a_half_year_review_takes_its_quarters(tmp_path):
    root = _org(tmp_path)
    data = json.loads(_review(root, "2027-H1", "--format", "json").output)
    assert {"cat-empathy", "cat-next", "ops-first-contact"} <= {g["id"] for g in data["goals"]}
    assert "ops-coaching" not in {g["id"] for g in data["goals"]}  # a 2027 goal is not inside 2027-H1
    assert data["ended"] is False


def test_text_review_lists_misses_lowest_score_first_with_retrospectives(tmp_path):
    out = _review(_org(tmp_path), "2027-Q1").output
    misses = out[out.index("Biggest misses"):out.index("Full marks")]
    assert misses.index("cat-empathy") < misses.index("cat-notes")
    assert "The new queue ate every spare minute." in misses
    assert "cat-easy" in out[out.index("Full marks"):]
    assert "cat-forgot" in out[out.index("Not closed out"):]
    assert "cat-secret" not in out and "Private thoughts" not in out and "1 private goal" in out


def test_markdown_review_escapes_user_text(tmp_path):
    out = _review(_org(tmp_path), "2027-Q1", "--format", "markdown").output
    line = next(line for line in out.splitlines() if "cat\\-easy" in line)
    assert "\\|" in line and "\\*\\*stars\\*\\*" in line
    for row in (line for line in out.splitlines() if line.startswith("| ")):
        assert row.count("|") - row.count("\\|") == 9  # eight cells: nothing broke out of the table


def test_a_period_that_is_no_period_is_a_usage_error(tmp_path):
    out = _review(_org(tmp_path), "2027-Q5")
    assert out.exit_code == 2 and "is not a period" in out.output


def test_closed_and_draft_goals_in_status_and_progress(tmp_path):
    people = PEOPLE + """  - id: cat-draft
    title: A draft that must not count
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q2
    status: draft
    carried_from: cat-empathy
    key_results:
      - metric: csat
        baseline: 60
        target: 80
        current: 60
"""
    root = _org(tmp_path, people)
    result = run_check(load_config(root))
    from truenorth.analysis.rollup import goal_progress
    from truenorth.analysis.status import assess

    statuses = {g: a.status for g, a in assess(result.org, result.graph, _dt.date(2027, 5, 15)).items()}
    assert statuses["cat-empathy"] == "missed" and statuses["cat-notes"] == "partial"
    assert statuses["cat-weekend"] == "dropped" and statuses["cat-draft"] == "draft"
    assert result.org.goals["cat-draft"].carried_from == "cat-empathy"
    with_draft = goal_progress(result.org, result.graph)["team-callbacks"]
    root2 = _org(tmp_path / "again")
    without = goal_progress(run_check(load_config(root2)).org, run_check(load_config(root2)).graph)["team-callbacks"]
    assert with_draft == without  # a draft's numbers (0% here) count in no roll-up


def test_a_draft_is_not_published(tmp_path):
    from truenorth.site import build_pages

    people = PEOPLE + """  - id: cat-draft
    title: Unagreed draft title
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q2
    status: draft
"""
    result = run_check(load_config(_org(tmp_path, people)))
    pages = build_pages(result, _dt.date(2027, 5, 15))
    assert not any("cat-draft" in text or "Unagreed draft title" in text for text in pages.values())
    assert any("cat-notes" in text for text in pages.values())


def test_the_site_has_a_review_page_per_period_begun_without_private_goals(tmp_path):
    from truenorth.site import build_pages

    result = run_check(load_config(_org(tmp_path)))
    pages = build_pages(result, _dt.date(2027, 5, 15))
    assert {"cascade/reviews/index.md", "cascade/reviews/2027-Q1.md", "cascade/reviews/2027-Q2.md",
            "cascade/reviews/2027-H1.md", "cascade/reviews/2027.md"} <= set(pages)
    assert "cascade/reviews/2027-Q3.md" not in pages  # not begun
    q1 = pages["cascade/reviews/2027-Q1.md"]
    assert "The new queue ate every spare minute." in q1 and "cat-secret" not in q1 and "Private thoughts" not in q1
    assert q1.index("cat-empathy") < q1.index("cat-notes")  # the biggest miss first
    assert "reviews/index.md" in pages["index.md"] or "reviews/" in pages["index.md"]


def test_before_any_period_has_begun_the_reviews_index_says_so(tmp_path):
    """The playbook's scoring page links to the reviews' index: it is there before the first period begins."""
    from truenorth.site import build_pages

    result = run_check(load_config(_org(tmp_path)))
    pages = build_pages(result, _dt.date(2026, 6, 1))  # before 2027-Q1, the first period of these goals
    assert sorted(p for p in pages if p.startswith("cascade/reviews/")) == ["cascade/reviews/index.md"]
    assert "No period has begun yet." in pages["cascade/reviews/index.md"]


def test_the_statuses_the_code_knows_are_the_schemas():
    from truenorth.load.schemas import schema_dir
    from truenorth.model import GOAL_STATUSES

    schema = json.loads((schema_dir() / "common.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["goal"]["properties"]["status"]["enum"]) == GOAL_STATUSES
    export = json.loads((schema_dir() / "export.schema.json").read_text(encoding="utf-8"))
    goal = export["$defs"]["goal"]["properties"]
    assert tuple(goal["status"]["enum"]) == GOAL_STATUSES
    from truenorth.analysis.status import STATUSES

    assert set(STATUSES) <= set(goal["computed_status"]["enum"])


def test_the_review_pages_come_in_one_order_whatever_the_process():
    """Latest end first, at the same end the shorter period first: the same order in every process (periods
    ending the same day, 2027-Q2 and 2027-H1, once came in a set's order, which varies with the hash seed)."""
    import subprocess
    import sys

    code = ("import datetime; from types import SimpleNamespace as N; from truenorth.analysis.review import "
            "periods_to_review as p; print(p(N(goals={str(i): N(period=x) for i, x in enumerate(['2027', "
            "'2027-Q1', '2027-Q2', '2027-H1', '2027-Q3', '2027-H2', '2027-Q4'])}), datetime.date(2027, 8, 1)))")
    orders = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert orders == {"['2027-H2', '2027', '2027-Q3', '2027-Q2', '2027-H1', '2027-Q1']\n"}
