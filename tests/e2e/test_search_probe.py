"""scripts/search_probe.py: the first search on a built site, timed in the browser (issue 8, item 5)."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
import sys

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.site_build import helpers
from tests.site_build.helpers import REPO_ROOT

pytestmark = pytest.mark.browser

SCRIPT = REPO_ROOT / "scripts" / "search_probe.py"


def _load_probe():
    spec = importlib.util.spec_from_file_location("search_probe", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_site(tmp_path_factory, e2e_result):
    return helpers.sample_site(tmp_path_factory, e2e_result.has_errors)


def test_probe_finds_a_sample_goal_by_its_title(built_site, e2e_result):
    goal = next(g for g in e2e_result.org.goals.values() if g.level == 2 and not g.is_private)
    query = " ".join(re.findall(r"[A-Za-z]{4,}", goal.title)[:4])
    result = _load_probe().probe(built_site, query, chromium=CHROMIUM)
    assert set(result) == {"index_bytes", "first_search_seconds", "results"}
    assert result["index_bytes"] == (built_site / "search" / "search_index.json").stat().st_size > 0
    assert result["results"] >= 1
    assert 0 < result["first_search_seconds"] < 60
    # the goal is among what the index holds for that query (the probe searched a real index)
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any(d["location"].endswith(f"#goal-{goal.id}") and html.unescape(d["title"]) == goal.title for d in docs)


def test_probe_command_prints_json_and_reports_no_match(built_site):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(built_site), "qzxwvjkq"],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["results"] == 0 and result["first_search_seconds"] > 0
