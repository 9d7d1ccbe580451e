"""Hints that are right (issue 18, item 7): what a same-level goal may support instead, quoting a title
with a colon, schema errors that name "the 4th goal" and its id, and goals skipped for errors counted."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import VALID_ORG
from truenorth.cli import cli
from truenorth.load.schema import ordinal

SIBLING = """department:
  id: ops-back
  name: Operations back office
  head: ann
  parent: ops
goals:
  - id: back-refunds
    title: Refund within a day
    supports: [team-callbacks]
    owner: ann
    period: 2027
"""


def check(root, *args):
    return CliRunner().invoke(cli, ["check", "--no-cache", "--root", str(root), *args])


def finding(output: str, code: str) -> tuple[str, str]:
    lines = output.splitlines()
    i = next(i for i, line in enumerate(lines) if f" {code} " in line)
    return lines[i], lines[i + 1].strip()


def test_a_sibling_departments_goal_gets_told_what_it_may_support_not_to_reverse_the_link(org_factory):
    out = check(org_factory(files={"goals/departments/ops-back.yaml": SIBLING}))
    line, hint = finding(out.output, "TN105")
    assert "'back-refunds' supports department goal 'team-callbacks'" in line
    assert "under the `supports:` of" not in hint  # the reverse link would be just as wrong
    assert hint == ("hint: Link 'back-refunds' to a corporate goal or a goal of its parent department 'ops', such as "
                    "'ops-first-contact', which 'team-callbacks' supports; turning this link round would be just as "
                    "wrong, as both goals are at the same level.")


def test_an_individual_goal_supporting_a_colleagues_goal_is_pointed_at_a_department_goal(org_factory):
    cat = (VALID_ORG / "goals" / "people" / "cat.yaml").read_text().replace(
        "supports: [team-callbacks]", "supports: [bob-callbacks]")
    out = check(org_factory(files={"goals/people/cat.yaml": cat}))
    _, hint = finding(out.output, "TN105")
    assert hint.startswith("hint: Link 'cat-empathy' to a goal of a department (its own is 'ops-team'), such as "
                           "'team-callbacks', which 'bob-callbacks' supports")


def test_a_link_pointing_down_still_gets_the_reverse_hint(org_factory):
    corporate = (VALID_ORG / "goals" / "corporate.yaml").read_text().replace(
        "  - id: corp-people\n    title: People who love the work\n    supports: [vision]",
        "  - id: corp-people\n    title: People who love the work\n    supports: [vision, ops-coaching]")
    out = check(org_factory(files={"goals/corporate.yaml": corporate}))
    line, hint = finding(out.output, "TN105")
    assert "'corp-people' supports department goal 'ops-coaching'" in line
    assert hint == ("hint: If 'ops-coaching' contributes to 'corp-people', put 'corp-people' under the `supports:` "
                    "of 'ops-coaching' instead, and remove this link.")


def test_an_unquoted_colon_in_a_title_gets_told_to_quote_the_title(org_factory):
    cat = (VALID_ORG / "goals" / "people" / "cat.yaml").read_text().replace(
        "title: Listen first", "title: Empathy: listen first")
    out = check(org_factory(files={"goals/people/cat.yaml": cat}))
    line, hint = finding(out.output, "TN001")
    assert line.startswith("goals/people/cat.yaml:7:19: TN001 error: invalid YAML")
    assert 'put the whole value in quotes, `title: "Empathy: listen first"`' in hint


@pytest.mark.parametrize("n, word", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                                     (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"),
                                     (111, "111th"), (112, "112th")])
def test_ordinals(n, word):
    assert ordinal(n) == word


def test_schema_errors_name_the_goal_by_its_place_in_words_and_its_id(org_factory):
    goals = "".join(f"  - id: cat-g{i}\n    title: Goal {i}\n    supports: [team-callbacks]\n    owner: cat\n"
                    for i in range(1, 13))
    goals = goals.replace("    title: Goal 4\n", "").replace("  - id: cat-g12\n    title: Goal 12\n    supports: "
                                                              "[team-callbacks]", "  - id: cat-g12\n    title: Goal 12"
                                                              "\n    supports: team-callbacks")
    cat = "person:\n  id: cat\n  name: Cat Example\n  department: ops-team\ngoals:\n" + goals
    root = org_factory(files={"goals/people/cat.yaml": cat})
    out = check(root)
    assert "the 4th goal (id 'cat-g4') is missing the required key 'title'" in out.output
    assert "supports of the 12th goal (id 'cat-g12') must be a list, not text" in out.output
    assert "goals[" not in out.output
    # both goals are left out, and the summary says so instead of counting them nowhere
    assert out.output.splitlines()[-1].startswith("17 goals in 8 files, 2 skipped for errors, ")
    summary = json.loads(check(root, "--format", "json").output)["summary"]
    assert (summary["goals"], summary["skipped"]) == (17, 2)


def test_nested_places_read_from_the_outside_in(org_factory):
    bob = (VALID_ORG / "goals" / "people" / "bob.yaml").read_text().replace(
        "        target: 8\n", "        target: eight\n")
    out = check(org_factory(files={"goals/people/bob.yaml": bob}))
    assert "target of the 1st key result of the 1st goal (id 'bob-callbacks') must be" in out.output
