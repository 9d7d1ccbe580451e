"""The reference page playbook/reference/goal-quality.md says what the code does: its table of the health
score's weights is analysis/health.py's, and it lists every quality rule (issue 24)."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT
from truenorth.analysis.health import DEPARTMENT_POINTS, POINTS
from truenorth.rules import ALL_RULES

PAGE = (REPO_ROOT / "playbook" / "reference" / "goal-quality.md").read_text(encoding="utf-8")


def test_the_page_gives_the_weights_the_score_is_computed_with():
    section = PAGE.split("## Alignment health score")[1]
    rows = re.findall(r"^\| (\w+) \| [^|]+ \| (\d+) \| (\d+|-) \|$", section, re.M)
    assert {name: int(org) for name, org, _ in rows} == POINTS
    assert {name: int(dept) for name, _, dept in rows if dept != "-"} == DEPARTMENT_POINTS
    assert sum(POINTS.values()) == sum(DEPARTMENT_POINTS.values()) == 100


def test_the_page_lists_every_quality_rule_and_its_play_link_is_the_rules():
    listed = re.findall(r"^\| (TN2\d\d) \|", PAGE, re.M)
    assert listed == sorted(r.code for r in ALL_RULES if r.code.startswith("TN2"))
    for rule in ALL_RULES:
        if rule.code.startswith("TN2"):
            page, _, anchor = rule.play.partition("#")
            text = (REPO_ROOT / "playbook" / page).read_text(encoding="utf-8")
            headings = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^## (.+?)(?: \{#.*\})?$", text, re.M)}
            ids = set(re.findall(r"\{#([a-z0-9-]+)\}", text))
            assert anchor in headings | ids, (rule.code, rule.play)
