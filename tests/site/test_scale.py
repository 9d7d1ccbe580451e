"""A 2,000-person organisation renders (correctness only; timings are in the report, not asserted)."""

from __future__ import annotations

import re

import pytest
from site_orgs import TODAY, result_for, synthetic_org

from truenorth.site import build_pages


@pytest.fixture(scope="module")
def big():
    org = synthetic_org(2000)
    return org, build_pages(result_for(org), TODAY)


def test_every_person_and_department_has_a_page(big):
    org, pages = big
    assert sum(1 for p in pages if p.startswith("cascade/people/")) == len(org.people) + 1
    assert sum(1 for p in pages if p.startswith("cascade/departments/")) == len(org.departments) + 1
    reviews = sum(1 for p in pages if p.startswith("cascade/reviews/"))
    assert "cascade/reviews/index.md" in pages  # (even before any period has begun: the playbook links to it)
    assert sum(1 for p in pages if p.startswith("cascade/due/")) == len(org.departments)  # check-ins due
    # corporate pages, index pages, and the reviews of the periods begun
    assert len(pages) == len(org.people) + 2 * len(org.departments) + 4 + 6 + reviews


def test_every_public_goal_is_on_its_home_page_once(big):
    org, pages = big
    defined: dict[str, int] = {}
    for text in pages.values():
        for gid in re.findall(r"\{#goal-([a-z0-9-]+) ", text):
            defined[gid] = defined.get(gid, 0) + 1
    public = {g.id for g in org.goals.values() if not g.is_private}
    assert set(defined) == public
    assert set(defined.values()) == {1}


def test_private_goals_are_counted_not_shown(big):
    org, pages = big
    person = pages["cascade/people/p50.md"]
    assert "p50-g0" not in person and "1 private goal not shown" in person
    for text in pages.values():
        assert "{#goal-p100-g0 " not in text and "#goal-p100-g0)" not in text


def test_large_lists_are_capped(big):
    org, pages = big
    # a division goal is supported by hundreds of team goals' people in total, but only its teams directly
    team = pages["cascade/departments/team-0.md"]
    line = next(line for line in team.splitlines() if line.startswith('<p class="tn-supporters">'))
    assert line.count("<a ") <= 101


def test_review_sections_list_a_few_hundred_goals_then_the_command_for_all(big):
    import datetime as dt

    from truenorth.site.pages.review import MAX_LISTED

    org, _ = big
    # a day after 2027 has ended: the year's thousands of goals, none closed out, are each review's "Not closed out"
    pages = {path: text for path, text in build_pages(result_for(org), dt.date(2028, 1, 15)).items()
             if path.startswith("cascade/reviews/")}
    capped = 0
    for path, text in pages.items():
        if not path.startswith("cascade/reviews/") or path.endswith("index.md"):
            continue
        period = path.rsplit("/", 1)[1][:-3]
        for section in text.split("\n## ")[1:]:
            items = [line for line in section.splitlines() if line.startswith("- ")]
            more = [line for line in items if line.startswith("- *and ")]
            assert len(items) - len(more) <= MAX_LISTED
            if more:
                capped += 1
                assert more == [items[-1]] and f"`truenorth review {period}` lists them all" in more[0]
                assert len(items) == MAX_LISTED + 1
    assert capped >= 2  # (2027, 2027-H1, ...: each with thousands of goals not closed out)
