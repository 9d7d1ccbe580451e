"""The pages outside the nav (goals, departments, people, plays) get a light left sidebar of their own
(issue 18 item 9; issue 17 item 5): Material's documented customisation, a template shipped in the package
that extends the theme's main.html and overrides its `site_nav` block, chosen by the page's `template:`
meta. The sidebar holds where the page sits and its neighbours, never the site-wide nav; the pages in the
nav keep the theme's own sidebar."""

from __future__ import annotations

import html as _html
import posixpath
import re
from pathlib import Path

import pytest

from tests.site_build import helpers


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def primary_sidebar(html: str) -> str:
    """The HTML of the page's left sidebar (Material's primary sidebar), up to the table of contents."""
    start = html.index('class="md-sidebar md-sidebar--primary')
    end = html.index('class="md-sidebar md-sidebar--secondary', start)
    return html[start:end]


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def target_file(site: Path, page_rel: str, href: str) -> Path:
    """The file a relative link from a built page (at page_rel, directory URLs) leads to."""
    path = href.split("#", 1)[0]
    folder = posixpath.dirname(page_rel)
    resolved = posixpath.normpath(posixpath.join(folder, path)) if path else page_rel
    candidate = site / resolved
    return candidate / "index.html" if candidate.is_dir() else candidate


@pytest.fixture(scope="module")
def samples(sample_result):
    org = sample_result.org
    person = next(p for p in org.people.values()
                  if sum(1 for q in org.people.values() if q.department == p.department) > 1
                  and org.departments.get(p.department) is not None and org.departments[p.department].parent)
    corporate = next(g for g in org.goals.values() if g.level == 1 and not g.is_private)
    team = org.departments[person.department]
    return {"person": person, "team": team, "department": org.departments[team.parent], "corporate": corporate}


def test_a_person_page_has_a_sidebar_of_its_own_and_not_the_site_nav(sample_site, samples):
    person, team, department = samples["person"], samples["team"], samples["department"]
    rel = f"cascade/people/{person.id}/index.html"
    html = page(sample_site, rel)
    side = primary_sidebar(html)
    assert 'class="tn-localnav"' in side and f"<strong>{_html.escape(person.name)}</strong>" in side
    # where the person sits: the vision, a corporate goal, their department, their team; their teammates
    kinds = re.findall(r'<span class="tn-localnav__kind">([^<]*)</span>', side)
    assert kinds[0] == "Vision" and kinds[-3:] == ["Department", "Team", "Person"], kinds
    assert kinds[1].startswith("Corporate goal")
    assert f">{_html.escape(department.name)}</a>" in side and f">{_html.escape(team.name)}</a>" in side
    assert "Teammates" in side
    # not the site-wide nav (partials/nav.html): nothing expandable, no page of a section but its first
    assert "md-nav__toggle" not in side and "md-nav--lifted" not in side
    assert "reference/status/" not in side and "getting-started/executives/" not in side
    assert 'class="tn-localnav"' not in article(html)  # moved out of the page, not repeated
    # every link in it leads to a page of the site
    for href in hrefs(side):
        assert target_file(sample_site, rel, href).is_file(), href
    # the rest of the theme is there: the header with search, the tabs, the table of contents
    assert 'data-md-component="search"' in html and 'class="md-tabs"' in html
    assert 'data-md-type="toc"' in html


def test_goal_department_and_play_pages_have_their_own_sidebar(sample_site, samples):
    corporate, department = samples["corporate"], samples["department"]
    corp = primary_sidebar(page(sample_site, f"cascade/corporate/{corporate.id}/index.html"))
    assert f"<strong>{_html.escape(corporate.title)}</strong>" in corp and "Other corporate goals" in corp
    dept = primary_sidebar(page(sample_site, f"cascade/departments/{department.id}/index.html"))
    assert f"<strong>{_html.escape(department.name)}</strong>" in dept and "Its teams" in dept
    rel = "plays/voice-of-the-customer/index.html"
    play_html = page(sample_site, rel)
    play = primary_sidebar(play_html)
    assert ">The playbook</a>" in play and "Other plays" in play and "tn-localnav__here" in play
    assert "tn-localnav" not in article(play_html) and "Goals that apply this play" in article(play_html)
    for href in hrefs(play):
        assert target_file(sample_site, rel, href).is_file(), href


def test_the_pages_in_the_nav_keep_the_theme_sidebar(sample_site):
    for rel in ("index.html", "cascade/people/index.html", "cascade/alignment/index.html"):
        side = primary_sidebar(page(sample_site, rel))
        assert "md-nav--lifted" in side and "tn-localnav" not in side, rel


def test_the_site_sections_head_the_sidebar_for_a_phone(sample_site, samples):
    side = primary_sidebar(page(sample_site, f"cascade/people/{samples['person'].id}/index.html"))
    sections = re.search(r'<ul class="md-nav__list tn-sidenav__sections">(.*?)</ul>', side, re.S).group(1)
    titles = [t.strip() for t in re.findall(r'class="md-nav__link">([^<]*)</a>', sections)]
    assert titles == ["Home", "Cascade", "Playbook", "Getting started", "Reference"]
    assert 'href="../../../reference/goals-format/"' in sections  # a section's first page


@pytest.fixture(scope="module")
def custom_site(tmp_path_factory):
    """The sample with a custom_dir whose main.html adds to a block: the sidebar template extends it."""
    root = helpers.copy_repo(tmp_path_factory.mktemp("custom") / "repo")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}<meta name="x-house-style" content="1">{% endblock %}\n',
        encoding="utf-8")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  name: material\n",
                                                           "  name: material\n  custom_dir: overrides\n"),
                   encoding="utf-8")
    return helpers.build(root, tmp_path_factory.mktemp("custom-site") / "site")


def test_a_custom_dir_main_html_is_what_the_sidebar_template_extends(custom_site, samples):
    html = page(custom_site, f"cascade/people/{samples['person'].id}/index.html")
    assert '<meta name="x-house-style" content="1">' in html and "tn-localnav" in primary_sidebar(html)


def test_with_sidebar_off_the_navigation_stays_in_the_page(tmp_path, samples):
    root = helpers.copy_repo(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("on_error: fail", "on_error: fail\n      sidebar: false"),
                   encoding="utf-8")
    site = helpers.build(root, tmp_path / "site")
    html = page(site, f"cascade/people/{samples['person'].id}/index.html")
    assert 'class="tn-localnav"' in article(html) and "tn-localnav" not in primary_sidebar(html)
