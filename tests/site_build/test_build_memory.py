"""The plugin keeps what a build holds out of the garbage collector's full passes (gc.freeze), and
a second build in the same process (`mkdocs serve`) lets the first one's objects go."""

from __future__ import annotations

import gc
import sys
import types

from tests.site_build import helpers

HOOK = """\
import sys, weakref

def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri.startswith("cascade/people/"):
        sys.modules["_truenorth_test_pages"].PAGES.append(weakref.ref(page))
    return markdown
"""


def test_a_build_freezes_what_it_holds_and_the_next_build_lets_it_go(tmp_path):
    root = helpers.with_hooks(helpers.copy_repo(tmp_path / "repo"), HOOK)
    holder = sys.modules["_truenorth_test_pages"] = types.ModuleType("_truenorth_test_pages")
    holder.PAGES = PAGES = []  # weak references to the person pages of the builds, filled by the hook
    gc.unfreeze()
    try:
        helpers.build(root, tmp_path / "one")
        first = len(PAGES)
        assert first > 10 and gc.get_freeze_count() > 10_000
        gc.collect()
        # the build is over and its pages are garbage (a page and its file refer to each other), kept
        # frozen: a process that exits now need not read them all again in a last collection
        assert all(ref() is not None for ref in PAGES)
        helpers.build(root, tmp_path / "two")  # as `mkdocs serve` does after an edit
        gc.collect()
        assert all(ref() is None for ref in PAGES[:first])  # the first build's pages are gone
    finally:
        gc.unfreeze()
        del sys.modules["_truenorth_test_pages"]
    assert dict(helpers.site_text(tmp_path / "one")) == dict(helpers.site_text(tmp_path / "two"))
