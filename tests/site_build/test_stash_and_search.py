"""The raw HTML set aside while Markdown and search run (mkdocs_plugin.html_stash.stash_html), and what search indexes."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import markdown
import pytest
import yaml

from tests.site_build.helpers import REPO_ROOT, TODAY
from truenorth.site import build_pages
from truenorth.mkdocs_plugin.html_stash import stash_excluded_sections, stash_html, unstash_html

pytestmark = pytest.mark.site


def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions (and their settings) of the repository's mkdocs.yml."""
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            names.append(name)
            settings[name] = options or {}
        else:
            names.append(entry)
    return markdown.Markdown(extensions=names, extension_configs=settings)


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


@pytest.fixture(scope="module")
def sample_pages(sample_result):
    return build_pages(sample_result, dt.date.fromisoformat(TODAY))


def test_setting_the_html_aside_changes_nothing_in_the_page(sample_pages):
    md = _markdown()
    stashed_any = 0
    for path, text in sample_pages.items():
        body = _body(text)
        md.reset()
        direct = md.convert(body)
        hidden, stash = stash_html(body)
        stashed_any += bool(stash)
        md.reset()
        assert unstash_html(md.convert(hidden), stash) == direct, path
        # what Markdown still sees is prose and headings: no diagram, bar, badge or line of sight
        assert "<svg" not in hidden and "tn-status" not in hidden and "tn-los" not in hidden, path
    # every page with goals on it has raw HTML (the reviews are tables of counts and lists of links)
    assert stashed_any >= len([p for p in sample_pages if not p.startswith("cascade/reviews/")]) - 2


def test_stash_only_takes_whole_blocks_and_inline_pictures():
    text = ("# Title\n\n<p class=\"tn-los\">a <a href=\"x/\">b</a></p>\n\n<ul class=\"tn-goal-list\"><li>x</li></ul>\n\n"
            "A paragraph with a bar <svg class=\"tn-bar\"><rect/></svg> 40%\n\n"
            "<svg class=\"tn-bar\"></svg> first on its line stays\n")
    hidden, stash = stash_html(text)
    assert stash == ['<p class="tn-los">a <a href="x/">b</a></p>\n\n<ul class="tn-goal-list"><li>x</li></ul>',
                     '<svg class="tn-bar"><rect/></svg>']
    assert hidden == ("# Title\n\n<!--tn-stash:0-->\n\nA paragraph with a bar <!--tn-stash:1--> 40%\n\n"
                      "<svg class=\"tn-bar\"></svg> first on its line stays\n")
    assert unstash_html("<p>A paragraph with a bar <!--tn-stash:1--> 40%</p>", stash) == \
        '<p>A paragraph with a bar <svg class="tn-bar"><rect/></svg> 40%</p>'
    assert stash_html("no html here\n") == ("no html here\n", [])
    # a block marked for search stays where the search plugin reads it
    kept = '<p class="tn-goal-index tn-searchable"><strong>Goals:</strong> <a href="#g">G</a></p>'
    hidden, stash = stash_html(f"# Title\n\n{kept}\n\n<p class=\"tn-los\">x</p>\n")
    assert kept in hidden and stash == ['<p class="tn-los">x</p>']


def test_the_built_page_has_everything_back(sample_site, sample_result):
    goal = next(g for g in sample_result.org.goals.values() if g.level == 3 and not g.is_private)
    raw = (sample_site / f"cascade/people/{goal.person}/index.html").read_text(encoding="utf-8")
    assert "tn-stash" not in raw
    section = raw[raw.index(f'id="goal-{goal.id}"'):]
    for part in ('class="tn-goal-meta"', 'class="tn-goal-progress"', 'class="tn-los"', 'class="tn-bar"', "tn-status--"):
        assert part in section, part
    assert 'class="tn-diagram tn-cascade"' in raw


def test_search_indexes_people_and_goals_not_widgets(sample_site, sample_result):
    docs = json.loads((sample_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {d["location"]: d for d in docs}
    org = sample_result.org
    # every public corporate and department goal can be found by its title, at its anchor on its home page
    for goal in org.goals.values():
        if goal.is_private or goal.level == 3:
            continue
        hits = [d for loc, d in by_location.items() if loc.endswith(f"#goal-{goal.id}")]
        if goal.level == 1:  # a corporate goal is its page's own title
            hits += [d for loc, d in by_location.items() if loc == f"cascade/corporate/{goal.id}/"]
        assert [html.unescape(d["title"]) for d in hits] == [goal.title], goal.id
    # every person by name, on their page, whose text names their public goals (one entry per person,
    # not one per goal: the index grows with the people, not the goals)
    for person in org.people.values():
        entry = by_location.get(f"cascade/people/{person.id}/")
        assert entry and html.unescape(entry["title"]) == person.name, person.id
        for goal in org.goals.values():
            if goal.person == person.id and goal.level == 3:
                assert (goal.title in html.unescape(entry["text"])) != goal.is_private, goal.id
    assert not [loc for loc in by_location if loc.startswith("cascade/people/") and "#" in loc]
    # neither the pictures, bars and lines of sight nor the sections that repeat lists are indexed
    for d in docs:
        if not d["location"].startswith("cascade/"):
            continue  # the playbook's own pages are indexed as written
        assert not re.search(r"\d+% done|expected by now|Line of sight|Supported by", d["text"]), d["location"]
        assert not d["location"].endswith(("#my-goals", "#other-goals-i-own", "#people", "#at-a-glance")), d["location"]


def test_sections_search_leaves_out_are_set_aside_up_to_the_next_heading():
    html = ('<h1 id="ann">Ann</h1>\n<p>Role</p>\n'
            '<h2 data-search-exclude id="my-goals">My goals</h2>\n<!--tn-stash:0-->\n'
            '<h3 class="tn-goal-title" data-search-exclude id="goal-a">A</h3>\n<p>a</p>\n'
            '<h2 id="in-the-cascade-data-search-exclude">In the cascade { data-search-exclude }</h2>\n<p>kept</p>\n')
    stash = ["<figure>picture</figure>"]
    hidden = stash_excluded_sections(html, stash)
    assert hidden == ('<h1 id="ann">Ann</h1>\n<p>Role</p>\n<!--tn-stash:1--><!--tn-stash:2-->'
                      '<h2 id="in-the-cascade-data-search-exclude">In the cascade { data-search-exclude }</h2>\n'
                      '<p>kept</p>\n')
    assert stash[1:] == ['<h2 data-search-exclude id="my-goals">My goals</h2>\n<!--tn-stash:0-->\n',
                         '<h3 class="tn-goal-title" data-search-exclude id="goal-a">A</h3>\n<p>a</p>\n']
    # put back whole, the HTML set aside before (inside a section set aside) included
    assert unstash_html(hidden, stash) == html.replace("<!--tn-stash:0-->", "<figure>picture</figure>")
    assert stash_excluded_sections("<p>no heading</p>", stash) == "<p>no heading</p>"
