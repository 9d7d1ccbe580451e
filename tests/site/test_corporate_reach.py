"""The corporate goals a goal reaches, as the pages show them (a department's "Corporate goals it carries",
the local navigation's "Corporate goals"): through every chain of `supports`, on an acyclic graph (worked
out once per goal, up the graph) and on one with a cycle (which the check reports; the site is still built)."""

from __future__ import annotations

import datetime as _dt
import re

from tests.conftest import make_org
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.site import build_pages

DEPARTMENT = """department:
  id: ops
  name: Operations
  head: ann
goals:
  - id: ops-first-contact
    title: Solve it on the first contact
    supports: [corp-satisfaction]
    owner: ann
    period: 2027-H1
  - id: ops-coaching
    title: Weekly coaching for every agent
    supports: [corp-people]
    owner: ann
    period: 2027
  - id: ops-upper
    title: Upper
    supports: [{up}]
    owner: ann
    period: 2027
  - id: ops-lower
    title: Lower
    supports: [ops-upper, ops-coaching]
    owner: ann
    period: 2027
"""


def _carried(tmp_path, up: str) -> dict[str, int]:
    root = make_org(tmp_path, files={"goals/departments/ops.yaml": DEPARTMENT.format(up=up)})
    pages = build_pages(run_check(load_config(root)), _dt.date(2027, 5, 15))
    page = pages["cascade/departments/ops.md"]
    section = page[page.index("## Corporate goals it carries"):page.index("## Goals")]
    return {title: int(n) for title, n in re.findall(r'>([^<>]+)</a> .*? \(through (\d+) goals?\)', section)}


def test_a_department_carries_each_corporate_goal_through_every_chain(tmp_path):
    # ops-lower reaches corp-satisfaction through ops-upper and corp-people through ops-coaching
    assert _carried(tmp_path, "ops-first-contact") == {"Customers rate us highly": 3, "People who love the work": 2}


def test_a_cycle_of_supports_still_reaches_every_corporate_goal_on_it(tmp_path):
    # ops-upper supports ops-lower, which supports ops-upper: each reaches what the other reaches
    assert _carried(tmp_path, "ops-lower, ops-first-contact") == {"Customers rate us highly": 3,
                                                                 "People who love the work": 3}
