"""The plugin's render shortcuts change no byte of the site, its search index included.

Each site is built twice: as the plugin builds it and as plain MkDocs would. The plugin shares one
Markdown converter among the per-item pages and renders the nav once per place for the pages
outside it (truenorth.mkdocs_plugin.speedups, each switched in mkdocs.yml), and it sets aside the
sections search leaves out while search runs (html_stash.stash_excluded_sections). Plain: every
speedup off (a converter per page, the nav rendered for every page), every section in view of
search. Every file must be the same; and so must the site with any one speedup off.
"""

from __future__ import annotations

import re

import pytest

from tests.site_build import helpers
from truenorth.mkdocs_plugin import html_stash
from truenorth.mkdocs_plugin.speedups import nav_cache, shared_converter

SPEEDUPS = ("shared_converter", "headings_only", "nav_cache", "fork", "child_templates", "gc_freeze")


class _Spy:
    """Records the nav caches and shared-converter pages the plugin makes."""

    def __init__(self, monkeypatch, *, plain: bool = False):
        self.caches: list[nav_cache.NavCache] = []
        self.pages: list[shared_converter.SharedConverterPage] = []
        make_page, install = shared_converter.shared_converter_page, nav_cache.install_nav_cache

        def page(file, config, converter):
            made = make_page(file, config, converter)
            self.pages.append(made)
            return made

        def cache(env, nav):
            made = install(env, nav)
            self.caches.append(made)
            return made

        monkeypatch.setattr(shared_converter, "shared_converter_page", page)
        monkeypatch.setattr(nav_cache, "install_nav_cache", cache)
        self.set_aside = 0
        stash_html, stash_sections = html_stash.stash_html, html_stash.stash_excluded_sections

        def html_aside(markdown, anchors=None):  # kept in both: it leaves the widgets out of search on purpose
            hidden, stash = stash_html(markdown, anchors)
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
        fold = html_stash.fold_into_headings

        def folded(markdown):
            if plain:
                return markdown, []  # Markdown passes the HTML after each heading through itself
            markdown, folds = fold(markdown)
            self.folded += len(folds)
            return markdown, folds

        monkeypatch.setattr(html_stash, "stash_html", html_aside)
        monkeypatch.setattr(html_stash, "stash_excluded_sections", sections_aside)
        monkeypatch.setattr(html_stash, "fold_into_headings", folded)


def _build(monkeypatch, root, site_dir, *, plain: bool, **options):
    with monkeypatch.context() as patch:
        spy = _Spy(patch, plain=plain)
        if plain:  # every speedup off: MkDocs' own page, converter and nav for every page
            options["speedups"] = dict.fromkeys(SPEEDUPS, False)
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
    assert fast.pages[0].converter.headings_taken >= len(people)  # and then Markdown itself (speedups.headings_only)
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



@pytest.fixture(scope="module")
def all_on_site(sample_repo, tmp_path_factory):
    site = tmp_path_factory.mktemp("all-on") / "site"
    helpers.build(sample_repo, site)
    return site


@pytest.mark.parametrize("speedup", SPEEDUPS)
def test_the_site_with_one_speedup_off_is_the_site_with_all_on(sample_repo, all_on_site, tmp_path, monkeypatch,
                                                                speedup):
    off = _build(monkeypatch, sample_repo, tmp_path / "off", plain=False, speedups={speedup: False})
    if speedup == "shared_converter":
        assert off.pages == []  # MkDocs' own pages, each with a converter of its own
    elif speedup == "nav_cache":
        assert off.caches == []
    elif speedup == "headings_only":
        assert off.pages and off.pages[0].converter.headings_taken == 0
    _assert_same_site(all_on_site, tmp_path / "off")


def test_reuse_nav_false_still_turns_the_nav_cache_off(sample_repo, tmp_path, monkeypatch):
    off = _build(monkeypatch, sample_repo, tmp_path / "off", plain=False, reuse_nav=False)
    assert off.caches == [] and off.pages


def test_the_speedups_are_switched_in_mkdocs_yml(tmp_path, monkeypatch):
    root = helpers.small_org(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    assert "  - truenorth\n" in text or "  - truenorth:" in text
    plugin = "  - truenorth:\n      speedups:\n        shared_converter: false\n        nav_cache: false\n"
    yml.write_text(text.replace("  - truenorth:\n", plugin, 1) if "  - truenorth:\n" in text
                   else text.replace("  - truenorth\n", plugin, 1), encoding="utf-8")
    off = _build(monkeypatch, root, tmp_path / "site", plain=False)
    assert off.pages == [] and off.caches == []
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_speedup_that_differs_from_the_plain_path_turns_itself_off(tmp_path, monkeypatch, caplog):
    """The shared converter checks its first pages against MkDocs' own render: made to differ here, it
    says so in one line and MkDocs renders every page (the site is the plain one)."""
    root = helpers.small_org(tmp_path / "repo")
    real = shared_converter.SharedConverterPage._convert

    def wrong(self, config, files):
        content, *rest = real(self, config, files)
        return (content + "<!-- wrong -->", *rest)

    monkeypatch.setattr(shared_converter.SharedConverterPage, "_convert", wrong)
    monkeypatch.setattr(shared_converter.SharedConverter, "headings_only", lambda self, page, config, files: None)
    with caplog.at_level("INFO", logger="mkdocs.plugins.truenorth"):
        fast = _build(monkeypatch, root, tmp_path / "fast", plain=False)
    said = [r.getMessage() for r in caplog.records if "shared converter renders" in r.getMessage()]
    assert len(said) == 1 and fast.pages and not fast.pages[0].converter.on
    assert not any("<!-- wrong -->" in text for _, text in helpers.site_text(tmp_path / "fast"))
    monkeypatch.undo()
    _build(monkeypatch, root, tmp_path / "off", plain=False, speedups={"shared_converter": False})
    _assert_same_site(tmp_path / "fast", tmp_path / "off")


def test_a_nav_cache_that_differs_from_a_fresh_render_turns_itself_off(tmp_path, monkeypatch, caplog):
    root = helpers.small_org(tmp_path / "repo")
    real_wrap = nav_cache.NavCache.wrap

    def wrap(self, name, render):
        cached = real_wrap(self, name, render)

        def poisoned(context):  # the cache serves a stale nav: what a page-dependent nav would look like
            key = self.key(context)
            if key is not None and self._html.get((name, key)) is not None and self.on:
                self._html[(name, key)] += "<!-- stale -->"
            yield from cached(context)

        return poisoned

    monkeypatch.setattr(nav_cache.NavCache, "wrap", wrap)
    with caplog.at_level("INFO", logger="mkdocs.plugins.truenorth"):
        fast = _build(monkeypatch, root, tmp_path / "fast", plain=False)
    said = [r.getMessage() for r in caplog.records if "differs from the cached one" in r.getMessage()]
    assert len(said) == 1 and not fast.caches[0].on
    assert not any("<!-- stale -->" in text for _, text in helpers.site_text(tmp_path / "fast"))


def test_a_speedup_that_cannot_be_imported_leaves_the_plain_path(tmp_path, monkeypatch, caplog):
    """After an upgrade that removes a private name a speedup needs, its import fails: the build says so
    in one line and takes MkDocs' own path, with the same site."""
    import sys

    root = helpers.small_org(tmp_path / "repo")
    on = _build(monkeypatch, root, tmp_path / "on", plain=False)
    assert on.caches and on.pages
    for name in ("shared_converter", "nav_cache", "child_templates"):
        monkeypatch.setitem(sys.modules, f"truenorth.mkdocs_plugin.speedups.{name}", None)  # import raises
    with caplog.at_level("INFO", logger="mkdocs.plugins.truenorth"):
        off = _build(monkeypatch, root, tmp_path / "off", plain=False)
    said = sorted(re.search(r"speedups\.(\w+) is off for this build", r.getMessage()).group(1)
                  for r in caplog.records if "is off for this build" in r.getMessage())
    assert said == ["child_templates", "nav_cache", "shared_converter"]
    assert off.caches == [] and off.pages == []
    _assert_same_site(tmp_path / "on", tmp_path / "off")
