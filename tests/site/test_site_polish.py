"""The site read as a product (issue 18, items 2 and 9): goal ids with a copy button, "Edit this goal",
local navigation on the per-item pages and the plays, key-result tables that do not wrap a value, the
cascade one corporate goal at a time, an alignment page that names the goals at risk and stale, with
the coverage columns of `truenorth gaps`."""

from __future__ import annotations

import datetime as _dt
import html
import re

import pytest
from site_orgs import PLAYS, PRIVATE_ID, PRIVATE_PERSON_GOAL, TODAY, goal, result_for, small_org, synthetic_org

from truenorth.model import Level
from truenorth.site import build_pages, edit_base_url, play_sections
from truenorth.site.view import build_view
from truenorth.site.widgets import MAX_NAV_ITEMS

EDIT = "https://git.example.com/acme/goals/edit/main/"


@pytest.fixture(scope="module")
def result():
    return result_for(small_org())


@pytest.fixture(scope="module")
def pages(result):
    return build_pages(result, TODAY, plays=PLAYS)


def goal_block(page_text: str, goal_id: str) -> str:
    """A goal's Markdown from its heading to the next heading."""
    match = re.search(rf"^#+ .*\{{#goal-{goal_id}[ }}].*$", page_text, re.M)
    assert match, goal_id
    rest = page_text[match.end():]
    end = re.search(r"^#+ ", rest, re.M)
    return page_text[match.start(): match.end() + (end.start() if end else len(rest))]


def localnav(page_text: str) -> str:
    found = re.findall(r'<nav class="tn-localnav".*?</nav>', page_text)
    assert len(found) == 1, found
    return found[0]


# -- item 2: every goal's id as text, with a copy button --------------------------------------------------


def test_every_goal_shown_in_full_shows_its_id_with_a_button_that_copies_it(result, pages):
    view = build_view(result, TODAY, PLAYS)
    for goal_id, home in view.home.items():
        block = goal_block(pages[home], goal_id)
        assert f'<span class="tn-id"><code>{goal_id}</code>' in block, goal_id
        assert f'data-clipboard-text="{goal_id}"' in block, goal_id  # Material's clipboard script copies it
    text = "\n".join(pages.values())
    assert PRIVATE_ID not in text and PRIVATE_PERSON_GOAL not in text  # never a private goal's id


# -- item 9: "Edit this goal" ------------------------------------------------------------------------------


def test_edit_this_goal_opens_the_goal_file_at_its_line(result):
    pages = build_pages(result, TODAY, plays=PLAYS, edit_base=EDIT)
    view = build_view(result, TODAY, PLAYS)
    for goal_id, home in view.home.items():
        goal = result.org.goals[goal_id]
        block = goal_block(pages[home], goal_id)
        links = re.findall(r'<a class="tn-edit" href="([^"]*)"[^>]*>Edit this goal</a>', block)
        assert [html.unescape(u) for u in links] == [f"{EDIT}{goal.location.path}#L{goal.location.line}"], goal_id
    assert f"{EDIT}goals/people/ann.yaml#L5" in pages["cascade/people/ann.md"]
    text = "\n".join(pages.values())
    assert text.count("Edit this goal") == len(view.home)  # private goals: no link (nor their file and line)
    assert "ops.yaml#L30" not in text  # the private department goal is written at line 30 of ops.yaml


def test_without_an_edit_base_there_is_no_edit_link(pages):
    assert not any("Edit this goal" in text or "tn-edit" in text for text in pages.values())


@pytest.mark.parametrize(("repo_url", "edit_uri", "docs_dir", "expected"), [
    ("https://github.com/acme/goals", "edit/main/playbook/", "playbook", "https://github.com/acme/goals/edit/main/"),
    ("https://github.com/acme/goals/", "edit/main/docs", "docs", "https://github.com/acme/goals/edit/main/"),
    ("https://gitlab.com/acme/goals", "-/edit/main/site/docs/", "site/docs", "https://gitlab.com/acme/goals/-/edit/main/"),
    ("https://github.com/acme/goals", "https://other.example/edit/x/", "docs", "https://other.example/edit/x/"),
    ("https://github.com/acme/goals", "", "docs", None),
    (None, "edit/main/docs/", "docs", None),
    ("https://example.com/r", "?path=docs/", "docs", None),
])
def test_edit_base_url_from_repo_url_and_edit_uri(repo_url, edit_uri, docs_dir, expected):
    assert edit_base_url(repo_url, edit_uri, docs_dir) == expected


def test_the_site_build_links_to_the_editor_only_with_a_repo_url(tmp_path, tmp_path_factory):
    from tests.site_build import helpers

    root = helpers.copy_repo(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "repo_url: https://github.com/acme/goals\n"
                   "edit_uri: edit/main/playbook/\n", encoding="utf-8")
    site = helpers.build(root, tmp_path / "site")
    from truenorth.check import run_check
    from truenorth.config import load_config

    corporate = next(g for g in run_check(load_config(root)).org.goals.values() if g.level == 1 and not g.is_private)
    page = (site / "cascade" / "corporate" / corporate.id / "index.html").read_text(encoding="utf-8")
    expected = f"https://github.com/acme/goals/edit/main/{corporate.location.path}#L{corporate.location.line}"
    assert f'<a class="tn-edit" href="{expected}"' in page
    # the sample's own mkdocs.yml has no repo_url: no such link anywhere
    sample = helpers.sample_site(tmp_path_factory, False)
    assert "Edit this goal" not in (sample / "cascade" / "corporate" / corporate.id / "index.html").read_text(
        encoding="utf-8")


# -- item 9: navigation on goal, person and play pages -----------------------------------------------------


def path_of(nav: str) -> list[tuple[str, str]]:
    """(kind, text) of each level of a local navigation's path, top first (the page itself last)."""
    path = re.search(r'<ol class="tn-localnav__path">(.*?)</ol>', nav).group(1)
    return [(kind, " | ".join(re.findall(r">([^<>]+)</(?:a|strong)>", rest)))
            for kind, rest in re.findall(r'<span class="tn-localnav__kind">(.*?)</span>(.*?)</li>', path)]


def test_a_person_page_shows_where_they_sit_and_their_teammates(pages):
    ann = localnav(pages["cascade/people/ann.md"])
    assert '<a href="../../departments/ops/">Operations</a>' in ann and "<strong>Ann Archer</strong>" in ann
    assert '<a href="../dee/">Dee Dunn</a>' in ann and 'href="../ann/"' not in ann  # a teammate, not herself
    # vision > the corporate goals her goals reach > her department > herself
    assert path_of(ann) == [("Vision", "Every customer helped"),
                            ("Corporate goals", "Customers love us | Costs under control"),
                            ("Department", "Operations"), ("Person", "Ann Archer")]
    assert '<a href="../../../#vision">Every customer helped</a>' in ann
    assert 'href="../../corporate/corp-satisfaction/#goal-corp-satisfaction"' in ann
    bob = localnav(pages["cascade/people/bob.md"])  # Ops Team A, part of Operations: the whole chain, top first
    assert [kind for kind, _ in path_of(bob)][-3:] == ["Department", "Team", "Person"]
    assert bob.index(">Operations</a>") < bob.index(">Ops Team A</a>") < bob.index("<strong>Bob Baker</strong>")
    assert "Teammates" not in bob  # alone in his team
    assert '<a href="../">Everyone</a>' in bob  # the people index instead
    # under the page's heading (a site builder may move it to the page's sidebar)
    text = pages["cascade/people/ann.md"]
    assert text.index("# Ann Archer") < text.index('<nav class="tn-localnav"')
    assert '\n\n<nav class="tn-localnav"' in text and text.count("tn-localnav\"") == 1  # a block of its own


def test_department_and_corporate_pages_have_their_own_navigation(pages):
    team = localnav(pages["cascade/departments/ops-team.md"])
    assert '<a href="../ops/">Operations</a>' in team and "<strong>Ops Team A</strong>" in team
    assert [kind for kind, _ in path_of(team)][-2:] == ["Department", "Team"]
    ops = localnav(pages["cascade/departments/ops.md"])
    assert "Its teams" in ops and '<a href="../ops-team/">Ops Team A</a>' in ops
    assert path_of(ops)[0] == ("Vision", "Every customer helped") and path_of(ops)[-1] == ("Department", "Operations")
    corp = localnav(pages["cascade/corporate/corp-cost.md"])
    assert path_of(corp) == [("Vision", "Every customer helped"), ("Corporate goal", "Costs under control")]
    assert '<a href="../../../#vision">Every customer helped</a>' in corp
    assert 'href="../corp-satisfaction/#goal-corp-satisfaction"' in corp and 'href="../corp-lonely/' in corp
    assert "corp-cost/" not in corp


def test_the_local_navigation_of_a_large_team_is_capped_around_the_person():
    org = synthetic_org(60, per_department=60, goals_per_person=1)
    pages = build_pages(result_for(org), TODAY)
    people = sorted(org.people.values(), key=lambda p: (p.name.casefold(), p.id))
    for index in (0, 30, 59):
        person = people[index]
        nav = localnav(pages[f"cascade/people/{person.id}.md"])
        mates = re.findall(r'<a href="\.\./(p[0-9]+)/">', nav)
        assert len(mates) == MAX_NAV_ITEMS and person.id not in mates
        near = {p.id for p in people[max(0, index - MAX_NAV_ITEMS): index + MAX_NAV_ITEMS + 1]}
        assert set(mates) <= near  # its neighbours in the team's order, not the first twelve of the team
        assert f"all {len(people)} people</a>" in nav and "#people" in nav


def test_a_play_page_links_the_playbook_and_the_other_plays(result):
    sections = play_sections(result, PLAYS)
    voice = localnav(sections["voice"])
    assert path_of(voice) == [("Playbook", "The playbook"), ("Play", "Voice of the customer")]
    assert '<a href="../">The playbook</a>' in voice and '<a href="../coach/">Coach to the person</a>' in voice
    assert 'href="../voice/"' not in voice
    assert sections["voice"].rstrip().endswith("</nav>")  # after the goals that apply it, a block of its own
    flat = localnav(play_sections(result, PLAYS, directory_urls=False)["voice"])
    assert '<a href="index.html">The playbook</a>' in flat and '<a href="coach.html">' in flat
    plays = {f"play-{i:02d}": f"Play {i}" for i in range(30)}
    many = localnav(play_sections(result, plays)["play-15"])
    linked = re.findall(r'href="\.\./(play-[0-9]+)/"', many)
    assert len(linked) == MAX_NAV_ITEMS and "play-15" not in linked and '<a href="../">all 30 plays</a>' in many


def test_user_text_in_the_local_navigation_is_escaped(result):
    hostile = play_sections(result, {"voice": "</nav><script>x</script>", "coach": "Coach"})
    nav = localnav(hostile["voice"])
    assert "<script>" not in nav and "&lt;/nav&gt;&lt;script&gt;" in nav


# -- item 9: key-result tables readable on a phone ----------------------------------------------------------


def test_key_result_values_keep_their_unit_and_the_table_scrolls(pages):
    block = goal_block(pages["cascade/corporate/corp-cost.md"], "corp-cost")
    table = re.search(r'<div class="tn-table-scroll"><table class="tn-krs">.*?</table></div>', block, re.S)
    assert table, block
    cells = re.findall(r'<td class="tn-num">(.*?)</td>', table.group(0))
    assert cells == ["300&#160;s", "250&#160;s", "200&#160;s"]  # a number and its unit never wrap apart
    assert ".tn-table-scroll { overflow-x: auto" in __import__("truenorth.site", fromlist=["SITE_CSS"]).SITE_CSS


# -- item 9: the cascade, one corporate goal's branch at a time -------------------------------------------


def test_the_cascade_draws_the_top_and_opens_one_branch_at_a_time(pages):
    page = pages["cascade/index.md"]
    overview = re.search(r"<figure.*?</figure>", page, re.S).group(0)
    assert "Customers love us" in overview and "Solve it first time" not in overview  # no fan of department boxes
    assert "more" not in re.sub(r"<title>.*?</title>", "", overview)
    branches = re.findall(r'<details class="tn-branch" name="tn-branch">(.*?)</details>', page, re.S)
    assert len(branches) == 3  # one per public corporate goal, each its own <details>, all of one name
    satisfaction = next(b for b in branches if "Customers love us" in b.split("</summary>")[0])
    assert "<svg" in satisfaction and "Solve it first time" in satisfaction
    lonely = next(b for b in branches if "Nobody carries me" in b.split("</summary>")[0])
    assert "No department goal carries it yet" in lonely and "tn-diagram" not in lonely
    assert PRIVATE_ID not in page and "Quietly outsource" not in page


def test_a_wide_branch_is_capped_with_a_link_to_the_goal():
    org = synthetic_org(40, per_department=20, goals_per_person=1)
    for t in range(20):  # twenty team goals straight under corp-0
        org.goals[f"wide-{t}"] = goal(f"wide-{t}", f"Wide goal {t}", Level.DEPARTMENT, ["corp-0"], "p0",
                                      department="team-0")
    page = build_pages(result_for(org), TODAY)["cascade/index.md"]
    branches = re.findall(r"<details.*?</details>", page, re.S)
    assert len(branches) == 4
    assert "Wide goal 19" in page  # every goal is still listed under its branch's drawing
    capped = 0
    for branch in branches:
        drawn = re.search(r"<svg class=\"tn-diagram.*?</svg>", branch, re.S)
        if drawn is None:  # a corporate goal no department goal carries
            assert "No department goal carries it yet" in branch
            continue
        svg = drawn.group(0)
        assert len(re.findall(r'class="tn-node ', svg)) <= 14  # the goal, 12 boxes and "+N more"
        if "tn-node--more" in svg:
            capped += 1
            assert 'href="corporate/' in svg and "#supported-by" in svg  # the box opens the goal's full list
    assert capped


# -- item 9: the alignment page names the goals at risk and stale -------------------------------------------


def test_the_alignment_page_names_individual_goals_at_risk_and_stale_goals():
    org = small_org()
    org.goals["cy-learn"].health = "off-track"
    org.goals["cy-learn"].health_reason = "no time"
    org.goals["ann-coach"].updated = TODAY - _dt.timedelta(days=200)
    org.goals["sales-retired"].updated = TODAY - _dt.timedelta(days=400)  # retired: never stale
    org.goals["corp-cost"].updated = TODAY - _dt.timedelta(days=30)  # recent
    org.goals[PRIVATE_ID].updated = TODAY - _dt.timedelta(days=500)  # private: never shown
    pages = build_pages(result_for(org), TODAY, plays=PLAYS)
    page = pages["cascade/alignment.md"]
    assert "[the alignment report names them](cascade/alignment.md#goals-at-risk)" in pages["index.md"]
    at_risk = page[page.index("## Goals at risk"):page.index("## Stale goals")]
    assert "Learn the products" in at_risk and '<a href="../people/cy/">Cy Cole</a>' in at_risk
    assert "person's page" not in page
    stale = page[page.index("## Stale goals"):]
    assert "Coach my team leads" in stale and "reviewed 2026-11-13" in stale
    assert "Old goal" not in stale and "Costs under control" not in stale
    assert "Quietly outsource" not in page and PRIVATE_ID not in page


# -- item 9: diagrams readable on a phone ---------------------------------------------------------------------


def test_the_status_bar_legend_wraps_instead_of_widening_the_picture():
    from truenorth.site import diagrams

    counts = {"on-track": 71, "at-risk": 5, "off-track": 8, "achieved": 7, "target-met": 1, "no-data": 28}
    svg = diagrams.status_bar(counts, width=320)
    assert re.match(r'<svg class="tn-diagram tn-statusbar" width="320" height="(\d+)" viewBox="0 0 320 \1"', svg)
    legend = re.findall(r'<text class="tn-legend" x="(\d+)" y="(\d+)"[^>]*>([^<]*)</text>', svg)
    assert [text for _, _, text in legend] == ["On track 71", "At risk 5", "Off track 8", "Achieved 7",
                                               "Target met 1", "No data 28"]
    assert len({y for _, y, _ in legend}) > 1  # on more than one row
    assert all(int(x) + 7 * len(text) <= 320 for x, _, text in legend)  # each item inside the picture
    height = int(re.search(r'height="(\d+)"', svg).group(1))
    assert all(int(y) < height for _, y, _ in legend)
    short = diagrams.status_bar({"on-track": 1}, width=320)
    assert 'height="44" viewBox="0 0 320 44"' in short  # one row: as before


def test_diagrams_are_never_drawn_smaller_than_their_text_can_be_read(pages):
    svgs = re.findall(r'<svg class="tn-diagram tn-(?:cascade|statusbar)"[^>]*>', "\n".join(pages.values()))
    assert svgs
    for svg in svgs:
        width = float(re.search(r'width="([\d.]+)"', svg).group(1))
        least = float(re.search(r'style="min-width:(\d+)px"', svg).group(1))
        assert least == pytest.approx(0.8 * width, abs=1)  # narrower than that, the figure scrolls
    css = __import__("truenorth.site", fromlist=["SITE_CSS"]).SITE_CSS
    assert ".tn-figure { margin: 1em 0; overflow-x: auto;" in css and "overflow-x: auto; }" in css
