"""The hand-written plays: the sections issue 4 asks for, and metrics that exist in the catalogue."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import REPO_ROOT

PLAYS = sorted(p for p in (REPO_ROOT / "playbook" / "plays").glob("*.md") if p.stem != "index")
SECTIONS = ["## Why it matters", "## What to do this quarter", "## Metrics that show it works", "## Pitfalls"]


def front_matter(text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, "play page without front matter"
    return yaml.safe_load(match.group(1))


@pytest.mark.parametrize("page", PLAYS, ids=[p.stem for p in PLAYS])
def test_play_page_has_its_sections_and_catalogue_metrics(page):
    text = page.read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta["play"] == page.stem
    positions = [text.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    catalogue = {m["id"] for m in yaml.safe_load((REPO_ROOT / "goals/metrics.yaml").read_text())["metrics"]}
    assert meta["metrics"] and set(meta["metrics"]) <= catalogue
    named = set(re.findall(r"`([a-z0-9-]+)`", text.split("## Metrics that show it works")[1].split("## Pitfalls")[0]))
    assert named and named <= catalogue, named - catalogue


def test_the_fifteen_plays_of_the_issue_exist():
    assert len(PLAYS) == 15
