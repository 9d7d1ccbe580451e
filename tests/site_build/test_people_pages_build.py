"""The plugin's `people_pages` setting, built with MkDocs: `team` folds each person into their department's
page (no cascade/people/<id>/ page), every link and anchor of the built site resolves, search finds a person's
section by their name, private goals stay hidden; `auto` on the sample gives own pages; a bad value is refused."""

from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from tests.site_build.helpers import TODAY, build_logging_warnings, copy_repo

pytestmark = pytest.mark.site


def with_people_pages(root: Path, value: str) -> Path:
    """The repository at root with `people_pages: value` for the truenorth plugin, and MkDocs warning about
    links to missing anchors (it only logs them at info level by default)."""
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    text, n = re.subn(r"^(\s+)on_error: (\w+)", rf"\1on_error: \2\n\1people_pages: {value}", text, count=1, flags=re.M)
    assert n == 1
    yml.write_text(text + "validation:\n  anchors: warn\n", encoding="utf-8")
    return root


def a_persons_goal(org):
    """A public goal of a person: (its id, their department)."""
    goal = next(g for g in org.goals.values() if g.person and not g.is_private and g.status != "draft")
    return goal.id, org.people[goal.person].department


@pytest.fixture(scope="module")
def team_site(tmp_path_factory, sample_result):
    root = with_people_pages(copy_repo(tmp_path_factory.mktemp("team") / "repo"), "team")
    # a hand-written page linking to a person's goal on their team page (a heading the page writes as raw
    # HTML: MkDocs checks the anchor all the same), and to an anchor that is not there
    goal_id, department = a_persons_goal(sample_result.org)
    (root / "playbook" / "links-to-goals.md").write_text(
        f"# Links\n\n[A goal](cascade/departments/{department}.md#goal-{goal_id}) and "
        f"[no goal](cascade/departments/{department}.md#goal-not-there).\n", encoding="utf-8")
    warnings: list[str] = []
    site = build_logging_warnings(root, root / "site", warnings)
    return site, warnings


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if tag == "a" and name == "href" and value is not None:
                self.hrefs.append(value)


def broken_links(site: Path) -> list[str]:
    """Every <a href> of every page that points into the site and misses its page or its anchor."""
    parsed = {}
    for path in site.rglob("*.html"):
        if path.name == "404.html":
            continue  # (its links are absolute: it is served for any missing URL)
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(site).as_posix()] = parser
    broken = []
    for page, links in parsed.items():
        for value in links.hrefs:
            if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", value) or value.startswith("//"):
                continue  # another site (the repository's editor, Material's own links)
            target, _, anchor = value.partition("#")
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(target))) if target else page
            if target.endswith("/") or (site / path).is_dir():
                path = posixpath.join(path, "index.html")
            if path not in parsed:
                if not (site / path).is_file():
                    broken.append(f"{page}: {value} (no {path})")
                continue
            if anchor and anchor not in parsed[path].ids:
                broken.append(f"{page}: {value} (no #{anchor} in {path})")
    return broken


def test_team_builds_warning_only_of_the_missing_anchor_and_every_other_link_resolves(team_site, sample_result):
    site, warnings = team_site
    # the one warning: the link to an anchor that is not there (a person's goal is found, on their team page)
    assert len(warnings) == 1 and "#goal-not-there" in warnings[0], warnings
    goal_id, _ = a_persons_goal(sample_result.org)
    assert f"#goal-{goal_id}" not in warnings[0]
    broken = broken_links(site)
    assert len(broken) == 1 and broken[0].startswith("links-to-goals/index.html:") and "#goal-not-there" in broken[0]


def test_team_has_no_page_per_person_and_each_person_has_a_section_with_their_goals(team_site, sample_result):
    site, _ = team_site
    org = sample_result.org
    assert sorted(p.name for p in (site / "cascade" / "people").iterdir()) == ["index.html"]
    for person in org.people.values():
        html = (site / "cascade" / "departments" / person.department / "index.html").read_text(encoding="utf-8")
        start = html.index(f'id="person-{person.id}"')
        nxt = html.find('id="person-', start + 1)
        section = html[start: nxt if nxt > 0 else len(html)]
        assert person.name.replace("'", "&#39;") in section or person.name in section
        for g in org.goals.values():
            if g.person == person.id and not g.is_private and g.status != "draft":
                assert f'id="goal-{g.id}"' in section, (person.id, g.id)


def test_team_keeps_private_goals_out_of_every_file(team_site, sample_result):
    site, _ = team_site
    private = [g for g in sample_result.org.goals.values() if g.is_private]
    assert private  # the sample has some
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for g in private:
                assert g.id not in text and g.title not in text, (path, g.id)


def test_team_search_finds_a_person_by_name_at_their_section(team_site, sample_result):
    site, _ = team_site
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {d["location"]: d for d in docs}
    for person in sample_result.org.people.values():
        entry = by_location.get(f"cascade/departments/{person.department}/#person-{person.id}")
        assert entry is not None, person.id
        assert entry["title"] == person.name
        if person.role:
            assert html.escape(person.role, quote=False) in entry["text"]


def test_auto_on_the_sample_gives_a_page_per_person(sample_site, sample_result):
    for person in sample_result.org.people.values():
        assert (sample_site / "cascade" / "people" / person.id / "index.html").is_file()
    html = (sample_site / "cascade" / "departments" / "billing" / "index.html").read_text(encoding="utf-8")
    assert 'id="person-' not in html


def test_a_bad_value_is_refused_with_the_choices(tmp_path):
    from truenorth.cli import cli

    root = with_people_pages(copy_repo(tmp_path / "repo"), "teams")
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                                      "--today", TODAY])
    assert result.exit_code == 2, result.output  # a usage error: mkdocs.yml holds a value it may not
    assert "people_pages" in result.output and "'teams'" in result.output
    assert "auto" in result.output and "own" in result.output and "team" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_export_docs_takes_the_setting(tmp_path, sample_result):
    from truenorth.cli import cli

    runner = CliRunner()
    out = tmp_path / "team"
    result = runner.invoke(cli, ["export-docs", str(out), "--root", str(copy_repo(tmp_path / "repo")),
                                 "--today", TODAY, "--people-pages", "team"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "cascade" / "people").iterdir()) == ["index.md"]
    person = next(iter(sample_result.org.people.values()))
    assert f"{{#person-{person.id} " in (out / "cascade" / "departments" / f"{person.department}.md").read_text(
        encoding="utf-8")
    bad = runner.invoke(cli, ["export-docs", str(tmp_path / "bad"), "--root", str(tmp_path / "repo"),
                              "--people-pages", "teams"])
    assert bad.exit_code == 2 and "'teams' is not one of 'auto', 'own', 'team'" in bad.output


def test_sources_spooled_to_disk_make_the_same_site(tmp_path, monkeypatch, sample_site):
    """Past spool.SPOOL_ABOVE bytes the generated sources wait on disk (MkDocs reads them from there): the
    site is the same byte for byte, and the temporary folder is gone after the build."""
    from tests.site_build.helpers import REPO_ROOT, build
    from truenorth.mkdocs_plugin import spool

    monkeypatch.setattr(spool, "SPOOL_ABOVE", 10_000)  # a few pages in memory, the rest on disk
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    made = []
    real = spool.Spool.path_for
    monkeypatch.setattr(spool.Spool, "path_for", lambda self, uri, data: made.append(real(self, uri, data)) or made[-1])
    site = build(REPO_ROOT, tmp_path / "site")
    assert sum(1 for path in made if path) > 50  # most pages went through the disk
    assert not list(tmp_path.glob("truenorth-pages-*"))
    ours = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(sample_site).as_posix(): p.read_bytes() for p in sample_site.rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(theirs)
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []


def test_a_team_pages_contents_lists_its_goals_and_people_not_each_persons_goals(team_site, sample_result):
    site, _ = team_site
    org = sample_result.org
    person = next(p for p in org.people.values() if any(g.person == p.id for g in org.goals.values()
                                                        if not g.is_private))
    theirs = [g.id for g in org.goals.values() if g.person == person.id and not g.is_private]
    page = (site / "cascade" / "departments" / person.department / "index.html").read_text(encoding="utf-8")
    contents = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>\s*</div>', page, re.S)
    assert contents, "no table of contents"
    toc = contents.group(0)
    assert f'href="#person-{person.id}"' in toc  # the person, in the contents
    for goal_id in theirs:
        assert f'id="goal-{goal_id}"' in page  # their goals on the page, with their anchors
        assert f'href="#goal-{goal_id}"' not in toc  # but not each in the contents
