"""site/reach.py: the pages an edit reaches include every page whose Markdown changes, and not many more."""

from __future__ import annotations

import pytest

from tests.site.reach_helpers import Pages, edit, missed, sample
from truenorth.site.reach import pages_reached, person_pages

PERSON = "goals/people/billing/ahmed-farouk.yaml"
CORPORATE = "goals/corporate.yaml"


@pytest.fixture
def org(tmp_path):
    return Pages(sample(tmp_path / "repo"))


def _made(changed, reach, pages):
    """The pages the preview makes again (per-thing pages reached, and the whole-organisation ones)."""
    return {path for path in pages if reach.reaches(path)}


def test_an_individual_goals_title_reaches_its_page_and_a_few_others(org):
    edit(org.root / PERSON, r"title: Clear the refund backlog", "title: Clear the Zanzibar refund backlog")
    changed, reach = org.after_edit()
    assert not reach.every
    assert "cascade/people/ahmed-farouk.md" in changed and missed(changed, reach) == []
    made = _made(changed, reach, org.pages)
    assert "cascade/people/hannah-doyle.md" not in made  # another department's person
    assert len(made & reach.entity_pages) < 20, sorted(made & reach.entity_pages)


def test_a_key_results_current_that_changes_its_parents_status(org_factory):
    org = Pages(org_factory())  # (the small organisation: a team goal whose status rolls up from one person's)
    before = {g: org.view.assessment[g].status for g in ("team-callbacks", "ops-first-contact")}
    edit(org.root / "goals/people/bob.yaml", r"current: 8.5$", "current: 8")
    changed, reach = org.after_edit()
    assert before == {"team-callbacks": "off-track", "ops-first-contact": "off-track"}
    assert {g: org.view.assessment[g].status for g in before} == {"team-callbacks": "on-track",
                                                                  "ops-first-contact": "on-track"}
    assert missed(changed, reach) == [] and not reach.every
    assert {"cascade/departments/ops-team.md", "cascade/departments/ops.md"} <= changed


def test_a_corporate_goals_title_reaches_many_pages(org):
    edit(org.root / CORPORATE, r"title: Solve customers' problems the first time they contact us",
         "title: Solve Zanzibar problems the first time")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == []
    assert len(changed) > 20


def test_a_goal_added_and_one_removed(org):
    path = org.root / PERSON
    edit(path, r"^goals:\n", "goals:\n  - id: ahmed-farouk-new-goal\n    title: A new goal\n"
                             "    supports: [bill-refunds-on-time]\n    owner: ahmed-farouk\n    period: 2027-H1\n")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == [] and "cascade/people/ahmed-farouk.md" in changed
    edit(path, r"  - id: ahmed-farouk-new-goal\n    title: A new goal\n    supports: \[bill-refunds-on-time\]\n"
               r"    owner: ahmed-farouk\n    period: 2027-H1\n", "")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == [] and "cascade/people/ahmed-farouk.md" in changed


def test_a_person_renamed_and_moved_to_another_department(org):
    edit(org.root / PERSON, r"name: Ahmed Farouk", "name: Zed Farouk")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == [] and not reach.every
    assert "cascade/people/joanna-kowalska.md" in changed  # a teammate: the local navigation lists him
    edit(org.root / PERSON, r"department: billing", "department: it")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == [] and not reach.every
    assert "cascade/departments/it.md" in changed and "cascade/departments/billing.md" in changed


def test_a_file_with_an_error_and_then_fixed(org):
    path = org.root / PERSON
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("supports: [bill-refunds-on-time]", "supports: [nowhere-at-all]"), encoding="utf-8")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == []
    path.write_text(good + "  - id: [unclosed\n", encoding="utf-8")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == []
    path.write_text(good, encoding="utf-8")
    changed, reach = org.after_edit()
    assert missed(changed, reach) == []


def test_what_it_does_not_follow_makes_every_page(org):
    edit(org.root / "goals/departments/billing.yaml", r"name: Billing & Payments", "name: Billing")
    changed, reach = org.after_edit()
    assert reach.every and "department" in reach.why
    assert pages_reached(None, org.view).every


def test_nothing_changed_reaches_no_page_of_one_thing(org):
    changed, reach = org.after_edit()
    assert changed == set() and not reach.every and reach.pages == set()
    assert reach.reaches("index.md")  # the whole organisation's pages are always made
    assert not reach.reaches("cascade/people/ahmed-farouk.md")


def test_where_a_person_is_shown(org):
    assert person_pages(org.view, "ahmed-farouk") == {"cascade/people/ahmed-farouk.md"}
    assert person_pages(org.view, "nobody-of-that-name") == set()
