"""speedups.headings_only gives what Python-Markdown and MkDocs make of a page of headings, or nothing.

Thousands of generated pages of headings (text through site.escape.md, the way the page generator
writes it, attribute lists as it writes them) are converted both ways and compared: the HTML, the
table of contents, the title, the anchors and the links to them. The build's own check is tested too.
"""

from __future__ import annotations

import random

import markdown
import pytest
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)

from tests.site_build import helpers
from truenorth.mkdocs_plugin.speedups import headings_only, shared_converter
from truenorth.site.escape import md as escaped

SITE_EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "pymdownx.details",
                   "pymdownx.superfences", "pymdownx.tasklist"]  # as the sample's mkdocs.yml, with MkDocs' own

_WORDS = ["Call", "back", "My goals", "my goals", "Q3", "5 < 6", "A & B", "it's", '"quoted"', "1. first", "- dash",
          "#tag", "x_y", "*star*", "`code`", "[link](x)", "{attr}", "café", "naïve", "ÆØÅ", " spaced ", "a\\b",
          "&amp;", "&copy;", "? why", ": colon", "~ tilde", "= equals", "+ plus", "42", "!bang", "|pipe|"]
_CHARACTERS = list("abcdefghij XYZ019-.,;:!?'\"&<>*_`[](){}#|\\~=+^/%$@éüß—…😀\u00a0\u2003")


class _File:
    src_uri = "cascade/people/someone.md"


def _python_markdown(md: markdown.Markdown, source: str):
    """(HTML, toc tokens, title, anchors, links to anchors) as MkDocs' Page.render makes them."""
    md.reset()
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor.__new__(_ExtractAnchorsTreeprocessor)
    anchors.present_anchor_ids = set()
    anchors._register(md)
    links = _RelativePathTreeprocessor.__new__(_RelativePathTreeprocessor)
    links.file, links.files, links.links_to_anchors = _File(), {}, {}
    links._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    html = md.convert(source)
    found = {anchor: href for anchors_ in links.links_to_anchors.values() for anchor, href in anchors_.items()}
    return html, md.toc_tokens, title.title, anchors.present_anchor_ids | raw_html.present_anchor_ids, found


def _random_page(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 7)):
        if rng.random() < 0.5:
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
        else:
            text = "".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(1, 20)))
        parts = []
        if rng.random() < 0.4:
            parts.append("#" + rng.choice(["goal-a", "goal-b", "my-goals", "x1", "goal-a_1"]))
        if rng.random() < 0.3:
            parts.append("." + rng.choice(["tn-goal-title", "c2"]))
        if rng.random() < 0.5:
            parts.append("data-search-exclude")
        if rng.random() < 0.5:
            parts.append(f'data-tn-fold="{rng.randint(0, 9)}"')
        if rng.random() < 0.1:
            parts.append(rng.choice(['title="a b"', "hidden", 'hidden="hidden"']))
        attrs = (" { " + " ".join(parts) + " }" if rng.random() < 0.8 else " {" + " ".join(parts) + "}") if parts else ""
        lines.append("#" * rng.randint(1, 6) + " " + (escaped(text) or "x") + attrs)
    return ("\n\n" if rng.random() < 0.7 else "\n").join(lines) + "\n"


@pytest.mark.parametrize("toc", [
    {"permalink": True},
    {},
    {"permalink": "#", "permalink_title": ""},
    {"permalink": True, "separator": "_"},
    {"permalink": True, "output_format": "html"},
])
def test_pages_of_headings_come_out_as_python_markdown_makes_them(toc):
    toc = dict(toc)
    md = markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs={"toc": toc},
                           output_format=toc.pop("output_format", "xhtml"))
    settings = headings_only.settings_of(md, SITE_EXTENSIONS)
    assert settings is not None
    rng = random.Random(20261124)
    quick = 0
    for _ in range(1500):
        source = _random_page(rng)
        made = headings_only.convert(source, settings)
        if made is None:
            continue
        quick += 1
        assert (made.content, made.toc_tokens, made.title, made.anchors, made.links) == _python_markdown(md, source), source
    assert quick > 1300  # md() makes heading text it can take, whatever the characters


@pytest.mark.parametrize("source", [
    "# A *star*\n",  # emphasis
    "# A `code` span\n",
    "# A [link](x.md)\n",
    "# A <b>tag</b>\n",
    "# Fish & chips\n",  # a bare ampersand
    "# Heading ##\n",  # closing hashes
    "# a\tb\n",  # Markdown expands tabs
    "# Title\n\nSome prose.\n",
    "# Title\n\n<!--tn-stash:0-->\n",
    "# Title {: .class }\n",
    "# Title { key=value }\n",
    "# Title { #a #b }\n" "",
    "# Title {}\n",
    "Title\n=====\n",
    "",
    "\n\n",
])
def test_anything_else_is_left_to_python_markdown(source):
    md = markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    assert headings_only.convert(source, headings_only.settings_of(md, SITE_EXTENSIONS)) is None


@pytest.mark.parametrize("extensions,toc", [
    (SITE_EXTENSIONS + ["smarty"], {}),  # quotes become curly: not reproduced
    (SITE_EXTENSIONS + ["pymdownx.emoji"], {}),
    (SITE_EXTENSIONS + ["abbr"], {}),  # a glossary may mark words in headings
    (SITE_EXTENSIONS, {"anchorlink": True}),
    (SITE_EXTENSIONS, {"baselevel": 2}),
    (SITE_EXTENSIONS, {"toc_depth": 3}),
    (SITE_EXTENSIONS, {"permalink": True, "permalink_class": "anchor"}),  # MkDocs would take it into titles
    ([ext for ext in SITE_EXTENSIONS if ext != "toc"], {}),
])
def test_settings_it_does_not_reproduce_turn_it_off(extensions, toc):
    md = markdown.Markdown(extensions=extensions, extension_configs={"toc": toc} if "toc" in extensions else {})
    assert headings_only.settings_of(md, extensions) is None


def test_a_difference_found_at_the_start_of_a_build_leaves_every_page_to_python_markdown(tmp_path, monkeypatch):
    """Should headings_only ever disagree with Python-Markdown (here it is made to, on every page),
    the build's check finds it on its first page and the site is the one Python-Markdown makes."""
    root = helpers.copy_repo(tmp_path / "repo")
    converters = []
    real_page = shared_converter.shared_converter_page

    def page(file, config, converter):
        converters.append(converter)
        return real_page(file, config, converter)

    monkeypatch.setattr(shared_converter, "shared_converter_page", page)
    helpers.build(root, tmp_path / "right")
    assert converters[-1].headings_taken >= len(list((root / "goals" / "people").rglob("*.yaml")))

    real_convert = headings_only.convert

    def wrong(source, settings):
        made = real_convert(source, settings)
        if made is not None:
            made.content = made.content.replace("</h1>", " </h1>")
        return made

    monkeypatch.setattr(headings_only, "convert", wrong)
    helpers.build(root, tmp_path / "checked")
    assert converters[-1].headings_taken == 0
    assert dict(helpers.site_text(tmp_path / "checked")) == dict(helpers.site_text(tmp_path / "right"))
