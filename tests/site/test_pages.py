"""The generated pages for a small organisation: paths, anchors, lines of sight, privacy, escaping, links."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest
from site_orgs import (HOSTILE_TITLE, PLAYS, PRIVATE_ID, PRIVATE_PERSON_GOAL, PRIVATE_PERSON_TITLE, PRIVATE_TITLE,
                       TODAY, check_links, parse_html, render, result_for, small_org, strip_front_matter)

from truenorth.analysis.gaps import gap_report
from truenorth.analysis.progress import key_result_progress
from truenorth.analysis.status import assess
from truenorth.site import SITE_CSS, build_pages, play_sections

EXTERNAL = {"plays/index.md", "self-assessment.md", "getting-started/index.md", "reference/rules/index.md"} | {f"plays/{p}.md" for p in PLAYS}


@pytest.fixture(scope="module")
def result():
    return result_for(small_org())


@pytest.fixture(scope="module")
def pages(result):
    return build_pages(result, TODAY, plays=PLAYS)


@pytest.fixture(scope="module")
def html_pages(pages):
    return {path: render(strip_front_matter(text)) for path, text in pages.items()}


def goal_section(page_text: str, goal_id: str) -> str:
    """The Markdown of one goal: from its heading to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) .*\{{#goal-{goal_id}[ }}].*$", page_text, re.M)
    assert match, f"no heading for {goal_id}"
    level = len(match.group(1))
    rest = page_text[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return page_text[match.start(): match.end() + (end.start() if end else len(rest))]


def test_the_page_set(pages):
    assert set(pages) == {
        "index.md", "cascade/index.md", "cascade/alignment.md", "cascade/metrics.md",
        "cascade/corporate/corp-satisfaction.md", "cascade/corporate/corp-cost.md",
        "cascade/corporate/corp-lonely.md",
        "cascade/departments/index.md", "cascade/departments/ops.md", "cascade/departments/ops-team.md",
        "cascade/departments/sales.md",
        "cascade/people/index.md", "cascade/people/ann.md", "cascade/people/bob.md", "cascade/people/cy.md",
        "cascade/people/dee.md",
        # the reviews of the periods begun by TODAY (site/pages/review.py)
        "cascade/reviews/index.md", "cascade/reviews/2027.md", "cascade/reviews/2027-H1.md",
        "cascade/due/ops.md", "cascade/due/ops-team.md", "cascade/due/sales.md",  # check-ins due (site/due.py)
    }
    for path, text in pages.items():
        assert text.startswith("---\ntitle: "), path
        assert re.search(r"^# ", strip_front_matter(text), re.M), f"{path} has no level-1 heading"


def test_every_public_goal_has_one_anchor_on_its_home_page(result, pages, html_pages):
    homes = {"corporate": "cascade/corporate/{id}.md", "department": "cascade/departments/{dept}.md",
             "individual": "cascade/people/{person}.md"}
    for goal in result.org.goals.values():
        if goal.is_private:
            continue
        defined = [path for path, text in html_pages.items() if f'id="goal-{goal.id}"' in text]
        kind = goal.level.label.split()[0]
        expected = homes[kind].format(id=goal.id, dept=goal.department, person=goal.person)
        assert defined == [expected], goal.id
        assert html_pages[expected].count(f'id="goal-{goal.id}"') == 1


def test_line_of_sight_runs_from_the_goal_up_to_the_vision(pages, html_pages):
    page = html_pages["cascade/people/ann.md"]
    los = re.search(r'<h3 [^>]*id="goal-ann-coach"[^>]*>.*?<p class="tn-los">(.*?)</p>', page, re.S)
    assert los
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', los.group(1))
    assert [html.unescape(text) for _, text in links] == [
        "Coach my team leads", "Solve it first time", "Customers love us", "Every customer helped"]
    # the line of sight is raw HTML: its links are the built URLs, relative to cascade/people/ann/
    assert [href for href, _ in links] == [
        "#goal-ann-coach", "../../departments/ops/#goal-ops-first-contact",
        "../../corporate/corp-satisfaction/#goal-corp-satisfaction", "../../../#vision"]
    # ops-first-contact supports two corporate goals: the second chain is shown too
    section = goal_section(pages["cascade/departments/ops.md"], "ops-first-contact")
    also = re.search(r'<p class="tn-los tn-los--also"><strong>Also via:</strong> (.*)</p>', section)
    assert also and 'href="../../corporate/corp-cost/#goal-corp-cost"' in also.group(1)


def test_a_team_goal_climbs_through_its_parent_department(html_pages):
    page = html_pages["cascade/people/bob.md"]
    los = re.search(r'id="goal-bob-callbacks".*?<p class="tn-los">(.*?)</p>', page, re.S).group(1)
    titles = [html.unescape(t) for t in re.findall(r">([^<]+)</a>", los)]
    assert titles == ["Ring back within a day", "Call customers back", "Solve it first time", "Customers love us",
                      "Every customer helped"]


def test_private_goals_appear_nowhere(result, pages, html_pages, pages_without_plays):
    secrets = [PRIVATE_ID, PRIVATE_TITLE, "Quillfeather", "Nobody outside the board", PRIVATE_PERSON_GOAL,
               PRIVATE_PERSON_TITLE, "Zanzibar"]
    for collection in (pages, html_pages, pages_without_plays):
        for path, text in collection.items():
            for secret in secrets:
                assert secret not in text, (path, secret)
    for text in play_sections(result, PLAYS).values():
        for secret in secrets:
            assert secret not in text


def test_private_goals_are_counted(pages):
    assert "1 private goal not shown" in pages["cascade/departments/ops.md"]
    assert "1 private goal not shown" in pages["cascade/people/bob.md"]
    assert "private goal" not in pages["cascade/people/cy.md"]
    # the department page's people list counts it too
    assert re.search(r"Bob Baker.*1 goal, 1 private goal", pages["cascade/departments/ops-team.md"])


def test_a_public_goal_under_a_private_goal_shows_a_placeholder(pages, html_pages):
    section = goal_section(pages["cascade/people/ann.md"], "ann-under-private")
    los = re.search(r'<p class="tn-los"><strong>Line of sight:</strong> (.*?)</p>', section).group(1)
    assert "<em>a private goal</em>" in los
    assert los.index("Help with the secret plan") < los.index("a private goal") < los.index("Costs under control")
    # the private goal's supporters are counted on the corporate goal it supports, not named
    corp = pages["cascade/corporate/corp-cost.md"]
    assert "1 private goal" in corp


def test_hostile_strings_are_text(pages, html_pages):
    for path, text in pages.items():
        body = strip_front_matter(text)
        assert "<script" not in body and "<img" not in body, path
        assert not re.search(r"\]\(\s*javascript:", body, re.I), path
        assert "![" not in body, path
        head = text[: text.index("\n---\n", 4)]
        assert "<" not in head and ">" not in head and "&" not in head, path
    for path, text in html_pages.items():
        assert "<script" not in text and "<img" not in text, path
        refs = parse_html(text)
        assert "img" not in refs.tags and "script" not in refs.tags, path
        assert not [v for _, v in refs.hrefs if "javascript" in v.lower()], path
        assert not [a for a in refs.attrs if a[1].startswith("on")], path
    # the hostile title still reads as written, on its home page
    page = html_pages["cascade/departments/ops.md"]
    heading = re.search(r'<h3 class="tn-goal-title" id="goal-ops-hostile">(.*?)<a class="headerlink"', page, re.S)
    assert html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() == HOSTILE_TITLE
    assert "admonition" in page and '<div class="admonition note">' not in page
    # a department name with markup in it
    assert "Sales &amp; &lt;b&gt;Co&lt;/b&gt;" in html_pages["cascade/departments/sales.md"]
    # and the health reason, set by hand
    assert "&lt;b&gt;vendor&lt;/b&gt; late" in page


def test_front_matter_titles_are_plain_text(pages):
    title = re.search(r'^title: "(.*)"$', pages["cascade/departments/sales.md"], re.M).group(1)
    assert title == "Sales ＆ ‹b›Co‹/b›"


def test_links_resolve(pages):
    assert check_links(pages, EXTERNAL) == []


@pytest.fixture(scope="module")
def pages_without_plays(result):
    return build_pages(result, TODAY)


def test_links_resolve_without_a_plays_list(pages_without_plays):
    external = EXTERNAL | {"plays/not-a-play.md"}
    assert check_links(pages_without_plays, external) == []


def test_unknown_play_is_not_linked(pages):
    section = goal_section(pages["cascade/departments/ops.md"], "ops-hostile")
    assert "not\\-a\\-play (not in the playbook)" in section or "not-a-play (not in the playbook)" in section
    assert "plays/not-a-play.md" not in section
    section = goal_section(pages["cascade/departments/ops.md"], "ops-first-contact")
    plays = re.search(r'<p class="tn-goal-plays">(.*?)</p>', section).group(1)
    assert '<a href="../../../plays/voice/">Voice of the customer</a>' in plays
    assert '<a href="../../../plays/coach/">Coach to the person</a>' in plays


def test_progress_bars_show_the_computed_values(result, pages):
    org = result.org
    assessment = assess(org, result.graph, TODAY)
    section = goal_section(pages["cascade/people/ann.md"], "ann-coach")
    values = [float(v) for v in re.findall(r'data-progress="([0-9.]+)"', section)]
    goal = org.goals["ann-coach"]
    krs = [key_result_progress(k, org.metrics.get(k.metric)) for k in goal.key_results]
    assert krs == [0.4, 1.0]
    assert values == pytest.approx([assessment["ann-coach"].progress, *krs], abs=0.0005)
    assert assessment["ann-coach"].progress == pytest.approx((0.4 + 3 * 1.0) / 4)
    assert f'width="{0.4 * 100:.1f}%"' in section
    # every public goal shows its status and a progress bar on its home page
    for gid, g in org.goals.items():
        if g.is_private:
            continue
        home = {1: f"cascade/corporate/{gid}.md", 2: f"cascade/departments/{g.department}.md",
                3: f"cascade/people/{g.person}.md"}[int(g.level)]
        section = goal_section(pages[home], gid)
        assert f"tn-status--{assessment[gid].status}" in section, gid
        assert 'class="tn-bar"' in section, gid


def test_home_page(pages, html_pages):
    home = pages["index.md"]
    assert "# Every customer helped {#vision}" in home
    for title in ("Customers love us", "Costs under control", "Nobody carries me"):
        assert title in home
    for target in ("cascade/alignment.md", "cascade/departments/index.md", "cascade/people/index.md",
                   "cascade/metrics.md", "plays/index.md", "self-assessment.md", "getting-started/index.md"):
        assert f"]({target})" in home, target
    refs = parse_html(html_pages["index.md"])
    assert ("svg", "class", "tn-diagram tn-donut") in refs.attrs
    assert ("svg", "class", "tn-diagram tn-statusbar") in refs.attrs
    assert "1 gap" in home  # corp-lonely
    assert "Goals at risk" in home and "goal-ops-hostile" in home


def test_two_clicks_from_home_to_a_line_of_sight(pages):
    assert "](cascade/people/index.md)" in pages["index.md"]
    assert '<a href="ann/">Ann Archer</a>' in pages["cascade/people/index.md"]
    assert "<strong>Line of sight:</strong>" in pages["cascade/people/ann.md"]


def test_people_index_is_grouped_and_sorted(pages):
    text = pages["cascade/people/index.md"]
    groups = re.findall(r"^## (.*?)(?: \{ data-search-exclude \})?$", text, re.M)  # lists kept out of search
    assert groups == ["Operations", "Ops Team A", "Sales &amp; &lt;b&gt;Co&lt;/b&gt;"]
    ops = text[text.index("## Operations"): text.index("## Ops Team A")]
    assert ops.index("Ann Archer") < ops.index("Dee Dunn")


def test_department_page(pages):
    ops = pages["cascade/departments/ops.md"]
    assert '<a href="../ops-team/">Ops Team A</a>' in ops  # sub-department
    assert '<a href="../../people/ann/">Ann Archer</a>' in ops and '<a href="../../people/dee/">Dee Dunn</a>' in ops
    carries = ops[ops.index("## Corporate goals it carries"): ops.index("## Goals")]
    assert "corp-satisfaction" in carries and "corp-cost" in carries and "corp-lonely" not in carries
    assert 'class="tn-diagram tn-statusbar"' in ops
    team = pages["cascade/departments/ops-team.md"]
    assert "**Part of:** [Operations](ops.md)" in team


def test_corporate_page_has_a_diagram_with_the_goals_under_it(pages, html_pages):
    page = pages["cascade/corporate/corp-satisfaction.md"]
    assert page.count('class="tn-diagram tn-cascade"') == 1
    svg = re.search(r'<svg class="tn-diagram tn-cascade".*?</svg>', page, re.S).group(0)
    assert "<title>" in svg and "Solve it first time" in svg and "Every customer helped" in svg
    assert "Old goal" in svg or "sales-retired" in page
    assert "## Departments carrying it" in page and '<a href="../../departments/ops/">Operations</a>' in page


def test_alignment_report(pages, result):
    report = pages["cascade/alignment.md"]
    sections = {name: report[report.index(f"## {name}"):] for name in ("Orphans", "Dangling links", "Gaps")}
    assert "ops\\-orphan" in sections["Orphans"].split("## ")[1] or "ops-orphan" in sections["Orphans"].split("## ")[1]
    assert "corp\\-nowhere" in sections["Dangling links"].split("## ")[1] or "corp-nowhere" in sections["Dangling links"].split("## ")[1]
    assert "corp\\-lonely" in sections["Gaps"].split("## ")[1] or "corp-lonely" in sections["Gaps"].split("## ")[1]
    # the coverage matrix: departments x corporate goals
    coverage = re.search(r"<table[ >].*?</table>", report[report.index("## Coverage"):], re.S).group(0)
    table = [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
             for row in re.findall(r"<tr>(.*?)</tr>", coverage)]
    # the columns are the corporate goals' ids, in the order `truenorth gaps` numbers them (no C1..Cn of its own)
    gaps = gap_report(result.org, result.graph)
    assert table[0] == ["Department"] + [c for c in gaps.corporate_goals if not result.org.goals[c].is_private]
    assert table[0] == ["Department", "corp-cost", "corp-lonely", "corp-satisfaction"]
    assert not re.search(r"\bC[0-9]\b", report)
    row = next(cells for cells in table if cells[0] == "Operations")
    assert row[1:] == ["1", "·", "2"]
    assert "0 gap" in table[-1] and table[-1][0] == "Departments carrying it"


def test_the_alignment_report_lists_a_rule_findings_up_to_a_cap_and_names_the_command_for_the_rest(result):
    from dataclasses import replace

    from truenorth.findings import Finding, Severity
    from truenorth.model import Location
    from truenorth.site.pages.alignment import MAX_LISTED

    many = [Finding("TN208", "near-duplicate-goals", Severity.WARNING, f"near-duplicate number {n}",
                    Location(f"goals/people/p{n:04}.yaml", 3, 5)) for n in range(MAX_LISTED + 37)]
    report = build_pages(replace(result, findings=[*result.findings, *many]), TODAY, plays=PLAYS)["cascade/alignment.md"]
    listed = re.findall(r"near-duplicate number (\d+)", report)
    assert listed == [str(n) for n in range(MAX_LISTED)]  # the first MAX_LISTED, in order
    assert "*and 37 more TN208 findings: `truenorth check --select TN208` lists them all.*" in report
    assert "corp-nowhere" in report.replace("\\-", "-")  # other rules' findings are all still there


def test_metric_glossary_has_anchors(pages):
    glossary = pages["cascade/metrics.md"]
    assert "{#metric-csat}" in glossary and "{#metric-aht}" in glossary
    assert "](../cascade/metrics.md" not in glossary


def test_the_site_imports_no_loader_cache_parser_validator_or_mkdocs():
    """The page layer is pure: it depends on the model, the analysis, the findings and the settings' defaults
    (the base layer, with config), not on the check, the loader or the cache."""
    code = "import json, sys, truenorth.site; print(json.dumps(sorted(sys.modules)))"
    env_path = ":".join(p for p in sys.path if p)
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                          env={"PYTHONPATH": env_path})
    loaded = json.loads(done.stdout)
    assert "truenorth.site.pages.person" in loaded  # the page modules themselves are imported
    forbidden = [name for name in loaded
                 if name.split(".")[0] in ("yaml", "_yaml", "jsonschema", "jsonschema_rs", "mkdocs", "markdown",
                                           "jinja2", "click")
                 or name.startswith(("truenorth.cache", "truenorth.load", "truenorth.check", "truenorth.rules",
                                     "truenorth.digest",
                                     "truenorth.export", "truenorth.mkdocs"))]
    assert forbidden == []


def test_site_css_is_self_contained():
    assert ".tn-status" in SITE_CSS and "url(" not in SITE_CSS and "@import" not in SITE_CSS


def test_directory_urls_off_changes_only_the_raw_html_links(result):
    pages = build_pages(result, TODAY, plays=PLAYS, directory_urls=False)
    assert check_links(pages, EXTERNAL, directory_urls=False) == []
    person = pages["cascade/people/ann.md"]
    assert 'href="../departments/ops.html#goal-ops-first-contact"' in person
    assert 'href="../../index.html#vision"' in person
    on = build_pages(result, TODAY, plays=PLAYS)["cascade/people/ann.md"]
    assert 'href="../../departments/ops/#goal-ops-first-contact"' in on
    strip = lambda t: re.sub(r'href="[^"]*"', "", t)  # noqa: E731
    assert strip(person) == strip(on)


def test_findings_about_private_goals_are_hidden_and_not_counted():
    org = small_org()
    org.goals[PRIVATE_ID].supports[0].target = "corp-missing"  # a dangling link from the private goal
    org.goals["cy-learn"].supports[0].target = "ops-zz-secret-pla"  # "did you mean" would name it
    result = result_for(org)
    assert any(PRIVATE_ID in f.message for f in result.findings)
    pages = build_pages(result, TODAY, plays=PLAYS)
    report = pages["cascade/alignment.md"]
    private = org.goals[PRIVATE_ID]
    places = {private.location, *(s.location for s in private.supports), *(k.location for k in private.key_results)}
    hidden = sum(1 for f in result.findings if PRIVATE_ID in f.message + f.hint or f.location in places)
    assert hidden == 5  # orphan, dangling, efficiency-only, a goal under it, and a "did you mean" it
    # how many there are depends on what the private goal says: the page only says that there are private goals
    assert "Findings about private goals are not shown." in report
    assert "findings about private goals not shown" not in report
    for text in pages.values():
        assert PRIVATE_ID not in text and PRIVATE_TITLE not in text


def test_an_empty_organisation_still_builds():
    from truenorth.model import Organisation

    pages = build_pages(result_for(Organisation()), TODAY)
    assert {"index.md", "cascade/index.md", "cascade/alignment.md", "cascade/metrics.md",
            "cascade/departments/index.md", "cascade/people/index.md", "cascade/reviews/index.md"} == set(pages)
    assert "No period has begun yet." in pages["cascade/reviews/index.md"]
    assert check_links(pages, EXTERNAL) == []


def test_an_organisation_without_a_vision():
    org = small_org()
    org.vision = None
    pages = build_pages(result_for(org), TODAY, plays=PLAYS)
    assert check_links(pages, EXTERNAL) == []
    assert "Does not reach the vision" in pages["cascade/people/ann.md"]


def test_the_sample_organisation(tmp_path):
    """The repository's own goals folder (when present): links resolve and private goals stay private."""
    from pathlib import Path

    from truenorth.check import run_check
    from truenorth.config import load_config

    root = Path(__file__).resolve().parents[2]
    if not (root / "goals" / "vision.yaml").is_file():
        pytest.skip("no sample goals folder")
    result = run_check(load_config(root))
    plays_dir = root / "playbook" / "plays"
    plays = {p.stem: p.stem for p in plays_dir.glob("*.md") if p.stem != "index"}
    pages = build_pages(result, TODAY, plays=plays)
    external = {"plays/index.md", "self-assessment.md", "getting-started/index.md", "reference/rules/index.md"} | {
        f"plays/{p}.md" for p in plays}
    assert check_links(pages, external) == []
    private = [g for g in result.org.goals.values() if g.is_private]
    for text in pages.values():
        for goal in private:
            assert goal.id not in text and goal.title not in text
    sections = play_sections(result, plays)
    for text in sections.values():
        for goal in private:
            assert goal.id not in text and goal.title not in text


def test_search_sees_each_person_once_and_the_goals_they_own(pages, html_pages):
    """A person's goals are named in the page's first section; their own sections stay out of search."""
    page = html_pages["cascade/people/ann.md"]
    first_section = page[: page.index("<h2")]
    names = re.search(r'<p class="tn-goal-index[^"]*"><strong>Goals:</strong> (.*?)</p>', first_section).group(1)
    assert '<a href="#goal-ann-coach">Coach my team leads</a>' in names
    assert PRIVATE_PERSON_TITLE not in names
    for heading in re.findall(r"<h3 [^>]*>", page):
        assert "data-search-exclude" in heading, heading
    assert re.search(r'<h2 [^>]*data-search-exclude[^>]*id="my-goals"|<h2 [^>]*id="my-goals"[^>]*data-search-exclude',
                     page)
    # a department's own goals stay searchable, the lists of its people do not
    ops = html_pages["cascade/departments/ops.md"]
    assert "data-search-exclude" not in re.search(r'<h3 [^>]*id="goal-ops-first-contact"[^>]*>', ops).group(0)
    assert re.search(r'<h2 [^>]*data-search-exclude[^>]*id="people"|<h2 [^>]*id="people"[^>]*data-search-exclude', ops)
