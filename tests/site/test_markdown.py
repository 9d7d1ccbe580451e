"""Escaping and links: whatever a YAML string holds, it renders as the same text and forms no markup."""

from __future__ import annotations

import html
import re

import pytest
from site_orgs import parse_html, render

from truenorth.site.escape import code, file_stem, front_matter, goal_anchor, html_text, md, md_paragraphs, safe_id, title_text
from truenorth.site.links import href, page_url, rel

NASTY = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![](http://evil/x.png)",
    "<img src=x onerror=alert(2)>",
    "*bold* _it_ `code` **b** ~~s~~",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "+ plus",
    "> not a quote",
    "!!! note \"admonition\"",
    "??? details",
    "~~~ fence",
    "| a | b |",
    "{#evil .class}",
    "{: onclick=alert(1) }",
    "a\\b\\\\c",
    "&amp; &lt; &#x3C; &copy;",
    "<http://autolink.example>",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "=====",
    "Tom's \"quoted\" title",
    "   leading and trailing   ",
    "line\nbreak\ttab",
    "C# and F#",
    "",
]


def visible_text(rendered: str) -> str:
    text = re.sub(r"<[^>]+>", "", rendered)
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("text", NASTY)
def test_md_renders_as_the_same_text(text):
    rendered = render("Before " + md(text) + " after")
    refs = parse_html(rendered)
    assert refs.tags == ["p"], rendered
    assert visible_text(rendered) == " ".join(("Before " + text + " after").split())


@pytest.mark.parametrize("text", NASTY)
def test_md_at_the_start_of_a_line_and_in_a_heading(text):
    for source in (md(text), "## " + md(text) + " {#goal-x}", "- " + md(text), "| A |\n| --- |\n| " + md(text) + " |"):
        rendered = render(source)
        refs = parse_html(rendered)
        assert not {"script", "img", "blockquote", "ol", "code", "em", "strong", "details", "pre", "hr",
                    "h1", "h3"} & set(refs.tags), (source, rendered)
        assert not [a for a in refs.attrs if a[1] in ("href", "src") and a[2] != "#goal-x"], rendered
        if text.strip():
            assert " ".join(text.split()) in visible_text(rendered), (source, rendered)


def test_md_escapes_html_characters():
    assert md("<>&\"'") == "&lt;&gt;&amp;&quot;&#x27;"
    assert md("x\x00y\x1b") == "xy"


def test_md_paragraphs_keep_paragraphs():
    assert md_paragraphs("one\ntwo\n\n three *") == "one two\n\nthree \\*"


def test_h_is_for_raw_html():
    assert html_text('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert html_text("[x](javascript:alert(1)) ![i](y) *b*") == (
        "&#91;x&#93;&#40;javascript:alert&#40;1&#41;&#41; &#33;&#91;i&#93;&#40;y&#41; &#42;b&#42;")
    assert html.unescape(html_text("a_b `c` #d")) == "a_b `c` #d"


def test_code_spans_cannot_end_early():
    assert code("a`b<c>") == "`a'b<c>`"
    assert "&lt;c&gt;" in render(code("a`b<c>"))


def test_title_text_has_no_markup_characters():
    value = title_text('</title><script>alert("x")</script> & \'q\'')
    assert not set("<>&\"'") & set(value)
    assert front_matter("A: b").startswith('---\ntitle: "A: b"\n---')


def test_ids_never_make_a_path():
    assert safe_id("ana-ortiz") == "ana-ortiz"
    for bad in ("../etc/passwd", "a/b", ".hidden", "UPPER", "x" * 65, "", "a b", "-lead"):
        stem = file_stem(bad)
        assert "/" not in stem and "." not in stem and stem != bad and stem.startswith("x_"), bad
    assert file_stem("index") == "index_"
    assert goal_anchor("../x") .startswith("goal-x_")


def test_relative_links_between_pages():
    assert rel("cascade/people/ana.md", "cascade/departments/ops.md", "goal-x") == "../departments/ops.md#goal-x"
    assert rel("index.md", "cascade/people/index.md") == "cascade/people/index.md"
    assert rel("cascade/people/ana.md", "index.md", "vision") == "../../index.md#vision"
    assert rel("cascade/people/ana.md", "cascade/people/ana.md", "goal-x") == "#goal-x"
    assert rel("plays/voice.md", "cascade/people/ana.md") == "../cascade/people/ana.md"


def test_built_urls_for_raw_html():
    assert page_url("index.md") == "" and page_url("cascade/index.md") == "cascade/"
    assert page_url("cascade/people/ana.md") == "cascade/people/ana/"
    assert href("cascade/people/ana.md", "cascade/departments/ops.md", "goal-x") == "../../departments/ops/#goal-x"
    assert href("cascade/people/ana.md", "index.md", "vision") == "../../../#vision"
    assert href("index.md", "cascade/index.md") == "cascade/"
    assert href("cascade/index.md", "cascade/corporate/c.md", "goal-c") == "corporate/c/#goal-c"
    assert href("cascade/people/ana.md", "cascade/people/ana.md", "goal-x") == "#goal-x"
    assert href("cascade/people/ana.md", "cascade/departments/ops.md", "goal-x", False) == \
        "../departments/ops.html#goal-x"
    assert href("cascade/index.md", "index.md", None, False) == "../index.html"
