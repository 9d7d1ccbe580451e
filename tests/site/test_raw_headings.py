"""A goal heading a page writes as raw HTML (a person's goals on a team page: PageKit.render_goal with
in_contents=False) is the heading Python-Markdown makes of the same goal's Markdown heading, with the
permalink the site's `toc` settings give (truenorth.mkdocs_plugin.plugin.permalink_of), and no table of
contents lists it."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from types import SimpleNamespace

import markdown
import pytest
from site_orgs import HOSTILE_TITLE, PLAYS, TODAY, result_for, small_org

from truenorth.mkdocs_plugin.plugin import permalink_of
from truenorth.site import build_pages
from truenorth.site.view import build_view, department_page
from truenorth.site.widgets import PageKit

TOC_SETTINGS = [
    {"permalink": True},
    {"permalink": "#"},
    {},  # MkDocs' default: no permalink
    {"permalink": False},
    {"permalink": "<&>", "permalink_class": "my-link", "permalink_title": 'Link "here" & <there>'},
    {"permalink": True, "permalink_leading": True},
    {"permalink": "true"},  # (a string the extension reads as yes)
]


@pytest.fixture(scope="module")
def view():
    return build_view(result_for(small_org()), TODAY, PLAYS, "team")


@pytest.mark.parametrize("toc", TOC_SETTINGS, ids=repr)
def test_a_goal_heading_written_as_html_is_the_one_markdown_makes(view, toc):
    kit = PageKit(view, permalink=permalink_of(SimpleNamespace(mdx_configs={"toc": toc})))
    goals = [g for g in view.goals.values() if g.person]
    assert any(g.title == HOSTILE_TITLE for g in view.goals.values())
    goals += [g for g in view.goals.values() if g.title == HOSTILE_TITLE]  # its escaping, too
    for goal in goals:
        page = department_page(goal.department)
        as_markdown = kit.render_goal(page, goal, level=4, searchable=False).split("\n", 1)[0]
        as_html = kit.render_goal(page, goal, level=4, searchable=False, in_contents=False).split("\n", 1)[0]
        assert as_markdown.startswith("#### ") and as_html.startswith("<h4 ")
        converter = markdown.Markdown(extensions=["attr_list", "toc"], extension_configs={"toc": toc})
        assert as_read(as_html) == as_read(converter.convert(as_markdown)), goal.id


class _Read(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("<", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("/", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        self.events.append(("text", data))


def as_read(markup: str) -> list:
    """What a browser reads of some HTML: tags, their attributes in order, text with character references
    resolved (`&#40;` and `(` read the same)."""
    reader = _Read()
    reader.feed(markup)
    reader.close()
    return reader.events


def test_the_toc_setting_read_as_the_extension_reads_it():
    def link(toc):
        return permalink_of(SimpleNamespace(mdx_configs={"toc": toc}))

    assert link({}) is None and link({"permalink": False}) is None and link({"permalink": "no"}) is None
    assert link({"permalink": True}).text == "&para;"
    assert link({"permalink": "<b>"}).text == "&lt;b&gt;"
    assert permalink_of(SimpleNamespace(mdx_configs={"markdown.extensions.toc": {"permalink": "#"}})).text == "#"


def test_a_team_page_writes_each_persons_goal_heading_as_html_and_lists_none_in_its_contents(view):
    team = build_pages(result_for(small_org()), TODAY, plays=PLAYS, people_pages="team")
    person_goals = [g for g in view.goals.values() if g.person and g.person in view.org.people]
    assert person_goals
    for goal in person_goals:
        text = team[department_page(goal.department)]
        anchor = f'id="goal-{goal.id}"'
        assert f'<h4 class="tn-goal-title" data-search-exclude {anchor}>{html.escape(goal.title, quote=False)}' in text
        assert f"{{#goal-{goal.id} " not in text  # not a Markdown heading
        converted = markdown.Markdown(extensions=["attr_list", "toc", "md_in_html"])
        converted.convert(text.split("\n---\n", 1)[1])
        listed = {token["id"] for token in _flatten(converted.toc_tokens)}
        assert f"goal-{goal.id}" not in listed and f"person-{goal.person}" in listed


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token["children"])
