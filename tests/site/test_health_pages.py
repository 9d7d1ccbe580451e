"""Issue 24, item 3: the alignment health score on the site's home and alignment pages, per department too,
as `truenorth check` gives it when every goal is public, from the public goals alone when some are not."""

from __future__ import annotations

import datetime as dt
import re

from tests.conftest import make_org
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.site import build_pages

TODAY = dt.date(2027, 5, 15)
CAT_MEASURED = """\
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    key_results:
      - {metric: csat, baseline: 70, target: 80}
"""


def pages_and_summary(tmp_path, files=None):
    result = run_check(load_config(make_org(tmp_path, files=files)))
    return build_pages(result, TODAY), result.summary


def home_score(pages) -> int:
    return int(re.search(r"^- Alignment health \[\*\*(\d+)/100\*\*\]\(reference/rules/index\.md#alignment-health-score\)",
                         pages["index.md"], re.M).group(1))


def department_scores(pages) -> dict[str, str]:
    section = pages["cascade/alignment.md"].split("## Alignment health {#alignment-health}")[1].split("\n## ")[0]
    return dict(re.findall(r"^\| \[([^\]]+)\]\([^)]*\) \| \*\*(\d+/100)\*\* \|$", section, re.M))


def test_the_pages_show_the_score_the_check_gives_and_each_department(tmp_path):
    pages, summary = pages_and_summary(tmp_path)
    # 8 goals, all traced; 6 measured (ann-lead and cat-empathy have no key result and no supporter): 15 of 20;
    # one department of two (ops-team, through bob's csat) has a customer outcome: 7.5 of 15; 100 - 12.5
    assert summary.health == 88 == home_score(pages)
    assert "The organisation scores [**88/100**]" in pages["cascade/alignment.md"]
    # ops: 3 goals (2 department goals, supported, and ann-lead, unmeasured), no customer outcome:
    #   45 + 25 * 2/3 + 10 + 0 = 71.7; ops-team: team-callbacks, bob-callbacks, cat-empathy (unmeasured),
    #   bob's csat: 45 + 25 * 2/3 + 10 + 20 = 91.7
    assert department_scores(pages) == {"Operations": "72/100", "Operations front line": "92/100"}
    assert "lowest departments: [Operations](" in pages["index.md"]


def test_the_score_moves_with_the_goals(tmp_path):
    pages, summary = pages_and_summary(tmp_path, {"goals/people/cat.yaml": CAT_MEASURED})
    assert summary.health == home_score(pages) == 90  # cat's goal is measured now: 17.5 of 20
    assert department_scores(pages)["Operations front line"] == "100/100"


def test_a_private_goal_does_not_move_the_sites_score(tmp_path):
    private = CAT_MEASURED.replace("    owner: cat\n", "    owner: cat\n    visibility: private\n")
    pages, summary = pages_and_summary(tmp_path, {"goals/people/cat.yaml": private})
    assert summary.health == 90  # the check counts every goal
    public, _ = pages_and_summary(tmp_path / "without", {"goals/people/cat.yaml": CAT_MEASURED.split("goals:")[0]
                                                         + "goals: []\n"})
    assert home_score(pages) == home_score(public)  # the site: as if the private goal were not there
    assert department_scores(pages) == department_scores(public)
