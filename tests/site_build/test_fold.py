"""html_stash.fold_into_headings and unfold: the HTML after a heading skips Markdown, and the page
Markdown makes is the same byte for byte."""

from __future__ import annotations

import markdown
import pytest

from truenorth.mkdocs_plugin import html_stash

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tasklist"]
FACTS = '<p class="tn-person-facts tn-searchable"><strong>Role:</strong> Analyst</p>'
PAGES = {
    "a person": f"# Ana Ortiz\n\n{FACTS}\n\n## My goals {{ data-search-exclude }}\n\n<!--tn-stash:0-->\n\n\n"
                "### Call back {#goal-a .tn-goal-title data-search-exclude}\n\n<!--tn-stash:1-->\n\n<!--tn-stash:2-->\n",
    "escaped braces, no attributes": "# Plan \\{phase 2\\}\n\n<!--tn-stash:0-->\n\n### Next \\{x\\} {#n}\n\n<!--tn-stash:1-->",
    "prose in a section stays": "# T\n\n<!--tn-stash:0-->\n\nSome *prose*.\n\n## U {#u}\n\n<!--tn-stash:1-->\n",
    "a heading with nothing after it": "# T\n\n## U {#u}\n\n<!--tn-stash:0-->\n\n## V\n",
    "an admonition after the heading": "# T\n\n!!! note\n    Nothing here.\n\n## U {#u}\n\n<!--tn-stash:1-->\n",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_folded_pages_convert_to_the_same_html(name):
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    text = PAGES[name]
    expected = md.convert(text)
    md.reset()
    folded, folds = html_stash.fold_into_headings(text)
    assert html_stash.unfold(md.convert(folded), folds) == expected
    if name == "a person":
        assert len(folds) == 3 and "tn-stash" not in folded and "tn-searchable" not in folded
    if name == "prose in a section stays":
        assert "<!--tn-stash:0-->" in folded and len(folds) == 1
