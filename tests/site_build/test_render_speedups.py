"""The plugin's render shortcuts change no byte of the site, its search index included.

Each site is built twice: as the plugin builds it and as plain MkDocs would. The plugin shares one
Markdown converter among the per-item pages and renders the nav once per place for the pages
outside it (truenorth.mkdocs_render), and it sets aside the sections search leaves out while search
runs (site_build.stash_excluded_sections). Plain: a converter per page, the nav rendered for every
page, every section in view of search. Every file must be the same.
"""

from __future__ import annotations

import pytest

from tests.site_build import helpers
from truenorth import mkdocs_render, site_build


class _Spy:
    """Records the nav caches and shared-converter pages the plugin makes."""

    def __init__(self, monkeypatch, *, plain: bool = False):
        self.caches: list[mkdocs_render.NavCache] = []
        self.pages: list[mkdocs_render.SharedConverterPage] = []
        make_page, install = mkdocs_render.shared_converter_page, mkdocs_render.install_nav_cache

        def page(file, config, converter):
            if plain:
                return None  # MkDocs keeps its own Page, rendered with a converter of its own
            made = make_page(file, config, converter)
            self.pages.append(made)
            return made

        def nav_cache(env, nav):
            cache = install(env, nav)
            self.caches.append(cache)
            return cache

        monkeypatch.setattr(mkdocs_render, "shared_converter_page", page)
        monkeypatch.setattr(mkdocs_render, "install_nav_cache", nav_cache)
        self.set_aside = 0
        stash_html, stash_sections = site_build.stash_html, site_build.stash_excluded_sections

        def html_aside(markdown):  # kept in both: it leaves the widgets out of search on purpose
            hidden, stash = stash_html(markdown)
            self.set_aside += len(stash)
            return hidden, stash

        def sections_aside(html, stash):
            if plain:
                return html
            before = len(stash)
            html = stash_sections(html, stash)
            self.set_aside += len(stash) - before
            return html

        self.folded = 0
        fold = site_build.fold_into_headings

        def folded(markdown):
            if plain:
                return markdown, []  # Markdown passes the HTML after each heading through itself
            markdown, folds = fold(markdown)
            self.folded += len(folds)
            return markdown, folds

        monkeypatch.setattr(site_build, "stash_html", html_aside)
        monkeypatch.setattr(site_build, "stash_excluded_sections", sections_aside)
        monkeypatch.setattr(site_build, "fold_into_headings", folded)


def _build(monkeypatch, root, site_dir, *, plain: bool, **options):
    with monkeypatch.context() as patch:
        spy = _Spy(patch, plain=plain)
        if plain:
            options["reuse_nav"] = False
        helpers.build(root, site_dir, **options)
    return spy


def _assert_same_site(fast_dir, plain_dir):
    fast, plain = dict(helpers.site_text(fast_dir)), dict(helpers.site_text(plain_dir))
    assert sorted(fast) == sorted(plain)
    different = [path for path in fast if fast[path] != plain[path]]
    assert different == []


@pytest.fixture(scope="module")
def sample_repo(tmp_path_factory):
    return helpers.copy_repo(tmp_path_factory.mktemp("speedups") / "repo")


def test_the_sample_site_is_byte_for_byte_what_plain_mkdocs_builds(sample_repo, tmp_path, monkeypatch):
    fast = _build(monkeypatch, sample_repo, tmp_path / "fast", plain=False)
    plain = _build(monkeypatch, sample_repo, tmp_path / "plain", plain=True)
    # the shortcuts were taken: every person page got the shared converter, the nav came from the cache
    people = sorted(p.file.src_uri for p in fast.pages if p.file.src_uri.startswith("cascade/people/"))
    assert len(people) == len(list((sample_repo / "goals" / "people").rglob("*.yaml")))
    assert len(fast.caches) == 1 and fast.caches[0].hits > len(fast.pages)  # sidebar and tabs, per page
    assert fast.set_aside > plain.set_aside + 3 * len(people)  # a person's goal sections, besides widgets
    assert fast.folded > 3 * len(people)  # the HTML after a person's headings skipped Markdown
    assert fast.pages[0].converter.headings_taken >= len(people)  # and then Markdown itself (markdown_headings)
    assert plain.pages == [] and plain.caches == [] and plain.folded == 0
    _assert_same_site(tmp_path / "fast", tmp_path / "plain")


def test_without_directory_urls_and_without_a_nav_it_is_the_same_too(tmp_path, monkeypatch):
    root = helpers.small_org(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    # a logo link to a page of its own, which the nav does not list
    yml.write_text(yml.read_text(encoding="utf-8") + "use_directory_urls: false\nextra:\n  homepage: cascade/people/\n",
                   encoding="utf-8")
    fast = _build(monkeypatch, root, tmp_path / "fast", plain=False)
    _build(monkeypatch, root, tmp_path / "plain", plain=True)
    assert fast.pages and fast.caches[0].hits > 0
    _assert_same_site(tmp_path / "fast", tmp_path / "plain")


def test_a_person_page_listed_in_the_nav_keeps_its_nav_title_and_mkdocs_page(sample_repo, tmp_path, monkeypatch):
    person = sorted((sample_repo / "goals" / "people").rglob("*.yaml"))[0].stem
    yml = tmp_path / "repo" / "mkdocs.yml"
    helpers.copy_repo(tmp_path / "repo")
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "  - Home: index.md\n", f"  - Home: index.md\n  - Our pick: cascade/people/{person}.md\n"), encoding="utf-8")
    fast = _build(monkeypatch, tmp_path / "repo", tmp_path / "fast", plain=False)
    assert f"cascade/people/{person}.md" not in {p.file.src_uri for p in fast.pages}
    html = (tmp_path / "fast" / "cascade" / "people" / person / "index.html").read_text(encoding="utf-8")
    assert "Our pick" in html
    _build(monkeypatch, tmp_path / "repo", tmp_path / "plain", plain=True)
    _assert_same_site(tmp_path / "fast", tmp_path / "plain")

