"""Every rule against its failing fixture (exact codes and locations) and the valid organisation (no finding).

Each folder in tests/fixtures/failing/ overlays tests/fixtures/valid-org/ and lists in
expected.txt every finding the check must report, as `path:line:col CODE`.
"""

from __future__ import annotations

import pytest

from tests.conftest import FAILING, make_org
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.rules import ALL_RULES

CASES = sorted(p for p in FAILING.iterdir() if p.is_dir())


def findings_at(root):
    result = run_check(load_config(root))
    return result, {f"{f.location.path}:{f.location.line}:{f.location.column} {f.code}" for f in result.findings}


def test_valid_organisation_passes_every_rule(tmp_path):
    result, found = findings_at(make_org(tmp_path))
    assert found == set()
    assert result.summary.goals == 8 and result.summary.traced == 8


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_failing_fixture_reports_exactly_the_expected_findings(tmp_path, case):
    expected = set((case / "expected.txt").read_text().split("\n")) - {""}
    result, found = findings_at(make_org(tmp_path, case))
    assert found == expected
    assert all(f.hint and f.message for f in result.findings), "every finding says how to fix it"


def test_every_rule_has_a_failing_fixture():
    codes = {c.name.split("-")[0].upper() for c in CASES}
    # TN002 (encoding), TN006 (aliases), TN010 (no vision), TN011 (size) and TN012 (links, pipes, deep
    # folders: tests/load/awkward_trees.py) are built in test code, not stored.
    generated = {"TN002", "TN006", "TN010", "TN011", "TN012"}
    assert {r.code for r in ALL_RULES} - codes - generated == set()


def test_every_graph_rule_is_documented_with_examples():
    from truenorth.rules import GRAPH_RULES
    import sys

    for rule in GRAPH_RULES:
        module = sys.modules[rule.check.__module__]
        assert rule.summary, rule.code
        assert rule.code in module.__doc__ and "FAIL" in module.__doc__, rule.code
