"""people_pages: where people are shown. `own`: a page each; `team`: a section of their department's page
(anchor `person-<id>`) with their facts, what is due, their goals in full and the other goals they own, and
every link to them or their goals going there; `auto`: own up to TEAM_PAGES_ABOVE people, team above."""

from __future__ import annotations

import re

import pytest
from site_orgs import (PLAYS, PRIVATE_PERSON_GOAL, PRIVATE_PERSON_TITLE, TODAY, check_links, goal, kr, loc, parse_html,
                       render, result_for, small_org, strip_front_matter, synthetic_org)

from truenorth.model import Level, Person
from truenorth.site import PEOPLE_PAGES, TEAM_PAGES_ABOVE, build_pages, iter_pages, page_jobs, play_sections
from truenorth.site.view import people_folded

EXTERNAL = {"plays/index.md", "self-assessment.md", "getting-started/index.md", "reference/rules/index.md"} | {
    f"plays/{p}.md" for p in PLAYS}


def _small_with_a_stray():
    """small_org and one person whose department is not known (with a goal, owning one of ann's too)."""
    org = small_org()
    org.people["eve"] = Person("eve", "Eve Elsewhere", "nowhere", loc("goals/people/eve.yaml"), role="Roamer")
    org.goals["eve-roam"] = goal("eve-roam", "Roam the floor", Level.INDIVIDUAL, ["ops-first-contact"], "eve",
                                 department="nowhere", person="eve", path="goals/people/eve.yaml", line=5,
                                 period="2027-H1", key_results=[kr("csat", 0, 10, 4)])
    return result_for(org)


@pytest.fixture(scope="module")
def small():
    return _small_with_a_stray()


@pytest.fixture(scope="module")
def team(small):
    return build_pages(small, TODAY, plays=PLAYS, people_pages="team")


@pytest.fixture(scope="module")
def own(small):
    return build_pages(small, TODAY, plays=PLAYS, people_pages="own")


def section_of(page_text: str, person_id: str) -> str:
    """The Markdown of a person's section: from their heading to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) .*\{{#person-{person_id}[ }}].*$", page_text, re.M)
    assert match, f"no section for {person_id}"
    level = len(match.group(1))
    rest = page_text[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return page_text[match.start(): match.end() + (end.start() if end else len(rest))]


def has_goal_heading(page_text: str, goal_id: str) -> bool:
    """Whether a page's Markdown holds a goal's heading (in Markdown, or in raw HTML: a person's on a team page)."""
    return f"{{#goal-{goal_id} " in page_text or f' id="goal-{goal_id}">' in page_text


def test_team_makes_no_page_per_person_but_a_section_on_their_departments_page(small, team, own):
    org = small.org
    assert {p for p in own if p.startswith("cascade/people/")} == {
        "cascade/people/index.md", *(f"cascade/people/{pid}.md" for pid in org.people)}
    # the person whose department is not known keeps a page of their own; the others have none
    assert {p for p in team if p.startswith("cascade/people/")} == {"cascade/people/index.md", "cascade/people/eve.md"}
    for person in org.people.values():
        if person.id == "eve":
            continue
        page = team[f"cascade/departments/{person.department}.md"]
        section = section_of(page, person.id)
        assert person.name in section
        if person.role:
            assert person.role in section
        assert 'class="tn-due"' in section  # what they owe
        # every public individual goal of theirs, in full, in their section (and nowhere else in full)
        for g in org.goals.values():
            if g.person == person.id and not g.is_private:
                assert has_goal_heading(section, g.id), g.id
                homes = [p for p, text in team.items() if has_goal_heading(text, g.id)]
                assert homes == [f"cascade/departments/{person.department}.md"]
        # after the department's own goals
        assert page.index("## Goals") < page.index(f"{{#person-{person.id} ")


def test_team_links_and_anchors_resolve(team):
    assert check_links(team, EXTERNAL) == []
    assert check_links(build_pages(result_for(synthetic_org(60)), TODAY, people_pages="team"), EXTERNAL) == []


def test_team_links_resolve_without_directory_urls(small):
    pages = build_pages(small, TODAY, plays=PLAYS, people_pages="team", directory_urls=False)
    assert check_links(pages, EXTERNAL, directory_urls=False) == []


def test_every_link_to_a_person_goes_to_their_section(small, team):
    html = {path: parse_html(render(strip_front_matter(text))) for path, text in team.items()}
    hrefs = [value for refs in html.values() for _, value in refs.hrefs]
    # bob (ops-team) owns team goals and is a head: links reach his section, never a page of his own
    assert not [h for h in hrefs if re.search(r"people/(ann|bob|cy|dee)\b", h)]
    on_people_index = [v for _, v in html["cascade/people/index.md"].hrefs]
    assert "../departments/ops-team/#person-bob" in on_people_index
    assert "eve/" in on_people_index  # the stray keeps their own page
    # a goal's owner, on a corporate page, links to the owner's section
    assert "../../departments/ops/#person-ann" in [v for _, v in html["cascade/corporate/corp-satisfaction.md"].hrefs]


def test_other_goals_they_own_are_listed_in_their_section(team):
    ann = section_of(team["cascade/departments/ops.md"], "ann")
    assert "Other goals they own" in ann
    assert "#goal-corp-satisfaction" in ann  # a corporate goal ann owns, linked where it is shown
    assert has_goal_heading(ann, "ann-coach")


def test_private_goals_stay_hidden_in_team_mode(team):
    bob = section_of(team["cascade/departments/ops-team.md"], "bob")
    assert "1 private goal not shown" in bob
    for text in team.values():
        assert PRIVATE_PERSON_GOAL not in text and PRIVATE_PERSON_TITLE not in text


def test_a_persons_name_is_a_searchable_heading_with_their_facts(team):
    page = team["cascade/departments/ops.md"]
    heading = re.search(r"^### Ann Archer \{#person-ann[ }].*$", page, re.M)
    assert heading and "data-search-exclude" not in heading.group(0)
    section = section_of(page, "ann")
    assert '<p class="tn-person-facts tn-searchable"><strong>Role:</strong> Head of operations' in section
    assert '<p class="tn-goal-index tn-searchable"><strong>Goals:</strong>' in section
    # the department's People heading is kept out of search, as the list under it was
    assert re.search(r"^## People \{ data-search-exclude \}$", page, re.M)


def test_play_sections_link_individual_goals_where_they_are_shown(small):
    sections = play_sections(small, PLAYS, people_pages="team")
    assert "cascade/departments/ops.md#goal-ann-coach" in sections["coach"]
    assert "cascade/people/ann.md" in play_sections(small, PLAYS, people_pages="own")["coach"]


def test_auto_gives_own_pages_up_to_the_threshold_and_team_above():
    assert PEOPLE_PAGES == ("auto", "own", "team")
    assert not people_folded("auto", TEAM_PAGES_ABOVE) and people_folded("auto", TEAM_PAGES_ABOVE + 1)
    assert people_folded("team", 1) and not people_folded("own", 10 * TEAM_PAGES_ABOVE)
    small = small_org()
    assert build_pages(result_for(small), TODAY) == build_pages(result_for(small), TODAY, people_pages="own")


@pytest.mark.parametrize("bad", ["teams", "", "Own", None])
def test_a_bad_value_is_refused_with_the_choices(small, bad):
    for make in (lambda: build_pages(small, TODAY, people_pages=bad),
                 lambda: dict(iter_pages(small, TODAY, people_pages=bad)),
                 lambda: page_jobs(small, TODAY, people_pages=bad)):
        with pytest.raises(ValueError, match="people_pages must be one of auto, own, team"):
            make()
