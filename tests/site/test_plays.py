"""play_sections: the section appended to each play page lists the public goals that apply the play."""

from __future__ import annotations

import re

from site_orgs import PLAYS, PRIVATE_ID, PRIVATE_PERSON_GOAL, TODAY, check_links, result_for, small_org

from truenorth.site import build_pages, play_sections


def test_each_play_lists_its_public_goals():
    result = result_for(small_org())
    sections = play_sections(result, PLAYS)
    assert set(sections) == set(PLAYS)
    voice = sections["voice"]
    assert voice.startswith("## Goals that apply this play\n")
    linked = re.findall(r"#goal-([a-z0-9-]+)\)", voice)
    assert sorted(linked) == ["bob-callbacks", "corp-satisfaction", "ops-first-contact"]
    assert PRIVATE_ID not in voice
    assert "[Customers love us](../cascade/corporate/corp-satisfaction.md#goal-corp-satisfaction)" in voice
    assert "[Ring back within a day](../cascade/people/bob.md#goal-bob-callbacks) · Bob Baker" in voice
    coach = sections["coach"]
    assert sorted(re.findall(r"#goal-([a-z0-9-]+)\)", coach)) == ["ann-coach", "ops-first-contact"]
    assert PRIVATE_PERSON_GOAL not in coach


def test_links_from_play_pages_resolve():
    result = result_for(small_org())
    pages = build_pages(result, TODAY, plays=PLAYS)
    sections = play_sections(result, PLAYS)
    combined = dict(pages)
    for play_id, section in sections.items():
        combined[f"plays/{play_id}.md"] = f"# {PLAYS[play_id]}\n\n{section}"
    external = {"plays/index.md", "self-assessment.md", "getting-started/index.md", "reference/rules/index.md"}
    assert check_links(combined, external) == []


def test_a_play_nobody_applies_says_so():
    result = result_for(small_org())
    sections = play_sections(result, {**PLAYS, "lonely": "Lonely play"})
    assert "No goal applies this play yet" in sections["lonely"]


def test_without_a_plays_list_every_named_play_gets_a_section():
    sections = play_sections(result_for(small_org()))
    assert set(sections) == {"voice", "coach", "not-a-play"}
