"""The MkDocs site built from the repository's mkdocs.yml: pages, search, privacy, escaping, errors, export."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.site_build.helpers import (REPO_ROOT, TODAY, build, build_logging_warnings, copy_repo, site_text,
                                      small_org)

pytestmark = pytest.mark.site

HOSTILE = "<script>alert(1)</script>"
PRIVATE_ID = "bill-zz-confidential-restructure"
PRIVATE_TITLE = "Quietly outsource the Quillfeather refunds desk"
BROKEN_ID = "bill-zz-dangling"


def text_of(html_text: str) -> str:
    """The visible text of an HTML page, whitespace collapsed (for phrases split by tags)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html_text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# ---------------------------------------------------------------- the sample site


def test_sample_site_builds_without_a_warning(sample_site, sample_result):
    """What `truenorth build --strict` needs: no goal error, no broken link or anchor in any page."""
    from tests.site_build.helpers import SAMPLE_WARNINGS

    assert not sample_result.has_errors, [str(f.location) + " " + f.message for f in sample_result.findings]
    assert SAMPLE_WARNINGS == []


def test_home_shows_the_vision(sample_site, sample_result):
    vision = sample_result.org.vision
    home = text_of(page(sample_site, "index.html"))
    assert vision.title in home
    assert vision.statement.split(".")[0] in home
    for goal in sample_result.org.goals.values():
        if goal.level == 1 and not goal.is_private:
            assert goal.title in home


def test_person_page_shows_the_line_of_sight_to_the_vision(sample_site, sample_result):
    org = sample_result.org
    goal = next(g for g in org.goals.values()
                if g.level == 3 and not g.is_private and g.id in sample_result.traced)
    department_goal = org.goals[goal.supports[0].target]
    corporate_goal = org.goals[department_goal.supports[0].target]
    raw = page(sample_site, f"cascade/people/{goal.person}/index.html")
    los = re.search(r'<p class="tn-los">(.*?)</p>', raw, re.S)
    assert los, "the person page has no line-of-sight paragraph"
    chain = text_of(los.group(1))
    assert chain.index(goal.title) < chain.index(department_goal.title) < chain.index(org.vision.title)
    # each step is a link one level up, ending at the vision on the home page
    assert "../../departments/" in los.group(1) and "../../../#vision" in los.group(1)
    assert org.people[goal.person].name in text_of(raw)
    assert corporate_goal.title in text_of(raw) or corporate_goal.id in raw


def test_search_index_has_the_goals(sample_site, sample_result):
    index = json.loads(page(sample_site, "search/search_index.json"))
    docs = index["docs"]
    goal = next(g for g in sample_result.org.goals.values() if g.level == 2 and not g.is_private)
    hits = [d for d in docs if d["location"].endswith(f"#goal-{goal.id}")]
    assert hits, f"no search entry for goal {goal.id}"
    assert html.unescape(hits[0]["title"]) == goal.title
    # the pages that are not in the nav are still searchable
    people = {d["location"].split("#")[0] for d in docs if d["location"].startswith("cascade/people/")}
    assert len(people) > 10


def test_play_pages_list_the_goals_that_apply_them(sample_site, sample_result):
    goal = next(g for g in sample_result.org.goals.values() if g.plays and not g.is_private)
    raw = page(sample_site, f"plays/{goal.plays[0]}/index.html")
    assert f"#goal-{goal.id}" in raw
    assert goal.title in text_of(raw)


def test_every_play_is_applied_by_a_sample_goal_and_its_page_lists_them_all(sample_site, sample_result):
    plays = sorted(p.stem for p in (REPO_ROOT / "playbook" / "plays").glob("*.md") if p.stem != "index")
    assert len(plays) >= 15
    for play in plays:
        applying = [g for g in sample_result.org.goals.values() if play in g.plays and not g.is_private]
        assert applying, f"no public sample goal applies {play}"
        raw = page(sample_site, f"plays/{play}/index.html")
        for goal in applying[:100]:
            assert f"#goal-{goal.id}" in raw, (play, goal.id)


def test_nav_is_small_and_detail_pages_are_not_in_it(sample_site, sample_result):
    home = page(sample_site, "index.html")
    nav = {href for href in re.findall(r'<a href="([^"#][^"]*)"[^>]*class="md-(?:nav|tabs)__link', home)}
    assert {"cascade/", "cascade/people/", "cascade/departments/", "plays/", "self-assessment/",
            "reference/goals-format/"} <= nav, nav
    assert len(nav) < 25, nav
    assert not [h for h in nav if re.match(r"cascade/(people|departments|corporate)/[^/]+/", h)], nav
    assert "assets/truenorth.css" in home


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data", "xlink:href") and value:
                self.refs.append((tag, name, value.strip()))


def test_no_request_to_another_origin(sample_site):
    external = []
    for rel, text in site_text(sample_site, (".html",)):
        parser = _Refs()
        parser.feed(text)
        external += [(rel, tag, value) for tag, _, value in parser.refs
                     if re.match(r"(?i)(https?:)?//", value)]
    assert not external, external[:10]
    for rel, text in site_text(sample_site, (".css",)):
        if "assets/stylesheets" in rel or rel.endswith("truenorth.css"):
            assert not re.search(r"(?i)(url\(\s*['\"]?(https?:)?//|@import)", text), rel


# ---------------------------------------------------------------- a hostile, private and broken copy


def _add_goals(root: Path) -> None:
    """Billing gets a goal with a hostile title, a private goal and a goal that supports nothing."""
    path = root / "goals/departments/billing.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    head = data["department"]["head"]
    data["goals"] += [
        {"id": "bill-zz-hostile", "title": HOSTILE, "supports": ["corp-one-team"], "owner": head,
         "description": f"Watch out: {HOSTILE} and <img src=x onerror=alert(2)>"},
        {"id": PRIVATE_ID, "title": PRIVATE_TITLE, "supports": ["corp-service-that-pays-its-way"], "owner": head,
         "visibility": "private", "description": "Nobody outside the board may read this."},
        {"id": BROKEN_ID, "title": "Points at nothing", "supports": ["corp-does-not-exist"], "owner": head},
    ]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("hostile") / "repo")
    _add_goals(root)
    return root


@pytest.fixture(scope="module")
def hostile_site(hostile_repo, tmp_path_factory):
    """The copy built with on_error warn: it builds, and logs the broken link as a warning."""
    warnings: list[str] = []
    site = build_logging_warnings(hostile_repo, tmp_path_factory.mktemp("hostile-site") / "site", warnings,
                                  on_error="warn")
    return site, warnings


def test_hostile_strings_are_never_raw(hostile_site):
    site, _ = hostile_site
    assert (site / "cascade/departments/billing/index.html").is_file()
    found = [rel for rel, text in site_text(site) if "<script>alert" in text or "<img src=x" in text]
    assert not found, found
    # but the title is shown, escaped
    assert HOSTILE in text_of(page(site, "cascade/departments/billing/index.html"))


def test_private_goal_is_in_no_output_file(hostile_site):
    site, _ = hostile_site
    leaks = [rel for rel, text in site_text(site)
             if PRIVATE_ID in text or "Quillfeather" in text or "outsource the" in text.lower()]
    assert not leaks, leaks
    billing = text_of(page(site, "cascade/departments/billing/index.html"))
    assert "1 private goal not shown" in billing


def test_broken_cascade_warns_under_on_error_warn(hostile_site):
    _, warnings = hostile_site
    located = [w for w in warnings if re.search(r"goals/departments/billing\.yaml:\d+:\d+: TN\d{3} ", w)]
    assert located and any("corp-does-not-exist" in w for w in located), warnings


def test_broken_cascade_fails_the_build_with_a_located_message(hostile_repo, tmp_path):
    from truenorth.cli import cli

    result = CliRunner().invoke(cli, ["build", "--root", str(hostile_repo), "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 1, result.output
    assert re.search(r"goals/departments/billing\.yaml:\d+:\d+: TN\d{3} .*corp-does-not-exist", result.output)
    assert "Traceback" not in result.output
    assert not (tmp_path / "site" / "index.html").exists()


def test_small_org_with_its_own_mkdocs_yml(tmp_path):
    """Another repository: no nav in mkdocs.yml, no not_in_nav; the detail pages still stay out of the nav."""
    root = small_org(tmp_path / "repo")
    site = build(root, tmp_path / "site")
    home = page(site, "index.html")
    assert "cascade/people/" in home and "assets/truenorth.css" in home
    nav = set(re.findall(r'<a href="([^"#][^"]*)"[^>]*class="md-(?:nav|tabs)__link', home))
    assert "cascade/people/" in nav and "plays/voice/" in nav
    assert not [h for h in nav if re.match(r"cascade/(people|departments|corporate)/[^/]+/", h)], nav
    assert (site / "cascade/people/ann/index.html").is_file()
    assert "#goal-ops-first-contact" in page(site, "plays/voice/index.html")


def test_strict_turns_goal_errors_under_warn_into_failure(tmp_path):
    from mkdocs.exceptions import Abort

    from truenorth.mkdocs_plugin.build import build_site

    root = small_org(tmp_path / "repo")
    path = root / "goals/departments/ops.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[corp-satisfaction]", "[corp-nowhere]"),
                    encoding="utf-8")
    build_site(root, tmp_path / "site", on_error="warn", today=TODAY)  # builds, with warnings
    with pytest.raises(Abort, match="strict"):
        build_site(root, tmp_path / "site", strict=True, on_error="warn", today=TODAY)


def test_bad_today_is_a_plugin_error(hostile_repo, tmp_path):
    from mkdocs.exceptions import Abort

    from truenorth.mkdocs_plugin.build import build_site

    with pytest.raises(Abort):
        build_site(hostile_repo, tmp_path / "site", today="June the first")


# ---------------------------------------------------------------- export-docs


def test_export_docs_writes_the_playbook_and_the_cascade(tmp_path, sample_result):
    from truenorth.cli import cli

    dest = tmp_path / "out" / "docs"
    runner = CliRunner()
    result = runner.invoke(cli, ["export-docs", str(dest), "--root", str(REPO_ROOT), "--today", TODAY])
    assert result.exit_code == 0, result.output
    org = sample_result.org
    person = next(iter(org.people))
    department = next(iter(org.departments))
    for rel in ("index.md", "cascade/index.md", "cascade/departments/index.md", "cascade/people/index.md",
                "cascade/alignment.md", "cascade/metrics.md", f"cascade/people/{person}.md",
                f"cascade/departments/{department}.md", "assets/truenorth.css", "plays/index.md",
                "self-assessment.md", "reference/goals-format.md"):
        assert (dest / rel).is_file(), rel
    assert org.vision.title.split("'")[0] in (dest / "index.md").read_text(encoding="utf-8")
    goal = next(g for g in org.goals.values() if g.plays and not g.is_private)
    play = (dest / "plays" / f"{goal.plays[0]}.md").read_text(encoding="utf-8")
    original = (REPO_ROOT / "playbook/plays" / f"{goal.plays[0]}.md").read_text(encoding="utf-8")
    assert play.startswith(original.rstrip("\n")) and f"goal-{goal.id}" in play
    assert sorted(p.name for p in dest.parent.iterdir()) == ["docs"]  # no staging folder left behind

    again = runner.invoke(cli, ["export-docs", str(dest), "--root", str(REPO_ROOT)])
    assert again.exit_code == 2 and "not empty" in again.output
    (dest / "stale.md").write_text("old", encoding="utf-8")
    forced = runner.invoke(cli, ["export-docs", str(dest), "--root", str(REPO_ROOT), "--force"])
    assert forced.exit_code == 0, forced.output
    assert not (dest / "stale.md").exists()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["docs"]


def test_export_docs_refuses_to_overwrite_the_playbook(tmp_path):
    from truenorth.cli import cli

    root = copy_repo(tmp_path / "repo")
    result = CliRunner().invoke(cli, ["export-docs", str(root / "playbook"), "--root", str(root), "--force"])
    assert result.exit_code == 2
    assert (root / "playbook/plays/index.md").is_file()


def test_export_docs_with_errors_exits_1_with_located_messages(hostile_repo, tmp_path):
    from truenorth.cli import cli

    dest = tmp_path / "docs"
    result = CliRunner().invoke(cli, ["export-docs", str(dest), "--root", str(hostile_repo)])
    assert result.exit_code == 1
    assert re.search(r"goals/departments/billing\.yaml:\d+:\d+: TN\d{3} ", result.output)
    assert not dest.exists() and list(tmp_path.iterdir()) == []


def test_no_generated_page_is_reported_as_missing_from_the_nav(tmp_path):
    """Generated pages reached by links (due pages, reviews, what changed), like the per-person ones, are
    outside the nav on purpose: MkDocs does not list them to the user as pages the nav forgot."""
    import os
    import subprocess
    import sys

    root = copy_repo(tmp_path / "repo")
    done = subprocess.run([str(Path(sys.executable).with_name("truenorth")), "build", "--root", str(root)],
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "not included in the" not in done.stderr, done.stderr
