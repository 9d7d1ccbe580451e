"""On the site: per key result a trend chart (SVG, no script, readable without colour, with a text
alternative), a forecast from the recent pace, the check-ins with notes and confidence, a flag on a
reported on-track the numbers contradict, the Due box on person pages and a Check-ins due page per
department. Built with build_pages from a check (the pages as MkDocs gets them)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.checkins.orgs import FILES
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.site import build_pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from tests.conftest import make_org

    root = make_org(tmp_path_factory.mktemp("progress"), files=FILES)
    return build_pages(run_check(load_config(root)), dt.date(2027, 5, 15))


def _section(page: str, goal_id: str) -> str:
    start = page.index(f"{{#goal-{goal_id} ")
    end = page.find("{#goal-", start + 1)
    return page[start:end if end > 0 else None]


def test_each_key_result_with_readings_has_a_chart_with_a_text_alternative(pages):
    cat = _section(pages["cascade/people/cat.md"], "cat-empathy")
    chart = re.search(r'<svg class="tn-trend__chart"[^>]*aria-label="([^"]*)"[^>]*><title>([^<]*)</title>', cat)
    assert chart, cat
    label = chart.group(1)
    assert label == chart.group(2)
    assert "72% on 2027-01-15" in label and "70% on 2027-05-10" in label and "target 80%" in label
    assert "fell from 72% to 70%" in label
    assert "<script" not in cat.split("<table")[0]  # no script in the chart, nor anywhere before the table
    # readable without colour: a dashed target line, a marker per reading, the values written out
    assert 'stroke-dasharray="4 3"' in cat and cat.count('<circle') == 3
    assert "<figcaption>Customer satisfaction fell from 72% to 70%" in cat


def test_a_forecast_from_the_recent_pace(pages):
    bob_page = pages["cascade/people/bob.md"]
    bob = _section(bob_page, "bob-callbacks")
    # the period (2027-Q1) is over: no forecast; the chart still shows
    assert "tn-trend__chart" in bob and "At this pace" not in bob
    cat = _section(pages["cascade/people/cat.md"], "cat-empathy")
    # its period is team-callbacks' 2027-H1; 72 -> 70 over 115 days: by 30 June 69.1, further from 80 than at 70
    # readings in whole points: the forecast claims no more precision than they have (69.11 is shown as 69)
    assert "At this pace, 69% by 30 June: further from the target than at the start" in cat


def test_the_check_ins_are_listed_with_their_notes_confidence_and_who(pages):
    cat = _section(pages["cascade/people/cat.md"], "cat-empathy")
    table = cat[cat.index('<table class="tn-checkins">'):]
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>", table)
    assert rows == ["2027-05-10", "2027-03-15", "2027-01-15"]  # newest first
    assert "Rota change &lt;script&gt;alert&#40;1&#41;&lt;/script&gt; hurt" in table and "<script>" not in table
    assert "<td>medium</td>" in table and '>Bob Example</a>' in table


def test_a_reported_on_track_far_behind_is_flagged_with_both_figures(pages):
    cat = _section(pages["cascade/people/cat.md"], "cat-empathy")
    # confidence high on 2027-05-10, but 0% done with 74% of 2027-H1 (team-callbacks' period) gone
    flag = re.search(r'<p class="tn-flag"><strong>Flagged:</strong> ([^<]*)</p>', cat)
    assert flag and "reported on-track" in flag.group(1) and "0% done" in flag.group(1)
    assert "74% of 2027-H1 gone" in flag.group(1) and "74 points behind" in flag.group(1)


def test_the_due_box_on_a_person_page(pages):
    cat = pages["cascade/people/cat.md"]
    box = re.search(r'<div class="tn-due".*?</div>', cat).group(0)
    assert "Overdue check-in" in box and "Answer the backlog" in box and "No target" in box
    assert "../../due/ops-team/" in box
    ann = pages["cascade/people/ann.md"]
    assert "Check-in due" in re.search(r'<div class="tn-due".*?</div>', ann).group(0)


def _person_box(pages, person: str) -> str:
    return re.search(r'<div class="tn-due".*?</div>', pages[f"cascade/people/{person}.md"]).group(0)


def test_a_check_ins_due_page_per_department(pages):
    assert {"cascade/due/ops.md", "cascade/due/ops-team.md"} <= set(pages)
    ops = pages["cascade/due/ops.md"]
    assert ops.startswith("---\ntitle: \"Check-ins due: Operations\"")
    team = pages["cascade/due/ops-team.md"]
    due_pages = [text for path, text in pages.items() if path.startswith("cascade/due/")]
    for name in ("Ann Example", "Bob Example", "Cat Example"):  # each on one page: their own department's
        assert sum(f">{name}</a>" in text for text in due_pages) == 1
    assert ">Ann Example</a>" in ops  # (ops)
    assert ">Bob Example</a>" in team and ">Cat Example</a>" in team  # (ops-team)
    # ops-team is below ops: its line says how many of its people owe how much, and links to its page
    line = re.search(r'<ul class="tn-due-teams"><li><a href="../ops-team/">Operations front line</a> · ([^<]*)</li>', ops)
    owing = [p for p in ("bob", "cat") if "tn-due__kind" in _person_box(pages, p)]
    assert line and line.group(1).startswith(f"{len(owing)} people owe ")
    assert "[Check-ins due](../due/ops-team.md)" in pages["cascade/departments/ops-team.md"]


def test_private_goals_stay_off_the_due_pages(org_factory):
    files = dict(FILES)
    files["goals/people/cat.yaml"] = FILES["goals/people/cat.yaml"].replace(
        "    title: Answer the backlog\n", "    title: Secret backlog\n    visibility: private\n")
    root = org_factory(files=files)
    built = build_pages(run_check(load_config(root)), dt.date(2027, 5, 15))
    assert not any("Secret backlog" in text or "cat-forgotten" in text for text in built.values())
