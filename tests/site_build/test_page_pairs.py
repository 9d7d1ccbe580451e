"""truenorth.mkdocs_plugin.speedups.fork (and its users): the generated pages made on two cores are the pages made on one.

The forking cases run in a fresh interpreter: by the time they run, this test process may hold
other threads (the browser tests' server), and page_pairs rightly never forks beside a thread.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading

from tests.site_build import helpers
from truenorth import export
from truenorth.mkdocs_plugin.speedups import fork as page_pairs

_JOBS = '''
import os, json, sys
from truenorth.mkdocs_plugin.speedups import fork as page_pairs
parent = os.getpid()
def job(index, fail_from=None):
    def made():
        if fail_from is not None and index >= fail_from and os.getpid() != parent:
            raise RuntimeError("the child fails")
        return f"page {index} by {'parent' if os.getpid() == parent else 'child'} " + "\\u00e9" * index
    return made
'''


def _fresh(code: str):
    """Run code in a new interpreter (no other thread); what it prints as JSON."""
    done = subprocess.run([sys.executable, "-c", _JOBS + textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=helpers.REPO_ROOT, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_other_page_comes_from_the_child_in_order():
    made = _fresh("""
        print(json.dumps(list(page_pairs.iter_made([(f"p/{i}.md", job(i)) for i in range(301)], min_pages=0))))
    """)
    assert [path for path, _ in made] == [f"p/{i}.md" for i in range(301)]
    for i, (_, text) in enumerate(made):
        assert text.startswith(f"page {i} by {'child' if i % 2 else 'parent'} ") and text.endswith("é" * i)


def test_when_the_child_fails_the_parent_makes_the_rest():
    made = _fresh("""
        jobs = [(f"p/{i}.md", job(i, fail_from=21)) for i in range(40)]
        print(json.dumps(list(page_pairs.iter_made(jobs, min_pages=0))))
    """)
    assert [text.split(" by ")[0] for _, text in made] == [f"page {i}" for i in range(40)]
    assert [i for i, (_, text) in enumerate(made) if "by child" in text] == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19]


def test_a_reader_that_stops_early_leaves_no_child_behind():
    left = _fresh("""
        pages = page_pairs.iter_made([(f"p/{i}.md", job(i)) for i in range(5000)], min_pages=0)
        first = [next(pages)[1], next(pages)[1]]
        pages.close()  # the child, blocked on a full pipe, gets a broken pipe and is reaped
        try:
            os.waitpid(-1, os.WNOHANG)
            left = "a child is left"
        except ChildProcessError:
            left = "none"
        print(json.dumps([first, left]))
    """)
    assert left[0][0].startswith("page 0 by parent") and left[0][1].startswith("page 1 by child")
    assert left[1] == "none"


def test_one_process_below_the_threshold_with_one_worker_or_beside_a_thread():
    parent = os.getpid()
    jobs = [(f"p/{i}.md", lambda: str(os.getpid())) for i in range(30)]
    assert {text for _, text in page_pairs.iter_made(jobs)} == {str(parent)}  # fewer than PAIRS_MIN_PAGES
    assert {text for _, text in page_pairs.iter_made(jobs, workers=1, min_pages=0)} == {str(parent)}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {text for _, text in page_pairs.iter_made(jobs, min_pages=0)} == {str(parent)}
    finally:
        stop.set()
        thread.join()


_TWO_BUILDS = """
    from tests.site_build import helpers
    from truenorth.mkdocs_plugin import html_stash
    from truenorth.mkdocs_plugin.speedups import child_templates, shared_converter
    taken, rendered, warned = [], [], {"two": [], "one": []}
    close = shared_converter.SharedConverter.close
    close_templates = child_templates.ChildTemplates.close
    def counted_close(self):
        taken.append([self.taken, self.given])
        return close(self)
    def counted_close_templates(self):
        rendered.append([self.taken, self.given])
        return close_templates(self)
    shared_converter.SharedConverter.close = counted_close
    child_templates.ChildTemplates.close = counted_close_templates
    EDIT
    for name, least in (("two", 0), ("one", 10**9)):
        page_pairs.PAIRS_MIN_PAGES = least
        helpers.build_logging_warnings(helpers.Path(ROOT), helpers.Path(SITE) / name, warned[name], on_error="warn")
    print(json.dumps([taken, [n for n in rendered if n[1]], warned]))
"""


def _two_builds(root, site, edit=""):
    """The site built with the pages shared with a child (forced, however few), then in one process."""
    edit = edit.replace("\n", "\n    ")  # as indented as the EDIT it stands for
    return _fresh(_TWO_BUILDS.replace("EDIT", edit).replace("ROOT", repr(str(root))).replace("SITE", repr(str(site))))


def test_the_sample_site_made_on_two_cores_is_the_site_made_on_one(tmp_path):
    root = helpers.copy_repo(tmp_path / "repo")
    taken, rendered, warned = _two_builds(root, tmp_path)
    people = len(list((root / "goals" / "people").rglob("*.yaml")))
    # a child converted every other page, one rendered every other page's template
    assert taken[0][0] == taken[0][1] >= people // 2 and taken[1] == [0, 0]  # all the child was given
    assert len(rendered) == 1 and rendered[0][0] == rendered[0][1] >= people // 2
    assert warned["two"] == warned["one"] == []
    two, one = dict(helpers.site_text(tmp_path / "two")), dict(helpers.site_text(tmp_path / "one"))
    assert len(two) > 60 and two == one


def test_the_child_html_is_not_taken_for_markdown_another_plugin_changed_or_that_logs(tmp_path):
    """A hook edits about a third of the person pages after the truenorth plugin; one page links to a missing
    file (MkDocs warns). The parent converts those pages itself: the same site, the same warnings."""
    root = helpers.copy_repo(tmp_path / "repo")
    helpers.with_hooks(root,
                       "def on_page_markdown(markdown, page, **kwargs):\n"
                       "    if page.file.src_uri.startswith('cascade/people/') and len(page.file.src_uri) % 3 == 0:\n"
                       "        return markdown + '\\n\\nEdited by a hook.\\n'\n"
                       "    return markdown\n")
    people = [path.stem for path in sorted((root / "goals" / "people").rglob("*.yaml"))[:6]]
    edit = (f"stash = html_stash.stash_html; "
            f"html_stash.stash_html = lambda md, anchors=None: stash(md + ('\\n\\n[gone](gone.md)\\n' if 'tn-person-facts' in md "
            f"and any(p in md for p in {people!r}) else ''), anchors)")
    taken, _, warned = _two_builds(root, tmp_path, edit)
    assert warned["two"] == warned["one"]  # logged once each, by the parent
    assert len({w for w in warned["two"] if "gone.md" in w and "cascade/people/" in w}) >= 6
    people = len(list((root / "goals" / "people").rglob("*.yaml")))
    assert 0 < taken[0][0] <= taken[0][1] - people // 5  # the pages the hook edited, at least
    two, one = dict(helpers.site_text(tmp_path / "two")), dict(helpers.site_text(tmp_path / "one"))
    assert two == one and sum("Edited by a hook." in text for text in two.values()) >= people // 5


def test_generate_gives_the_pages_of_build_pages(sample_result):
    import datetime as dt

    from truenorth.site import build_pages

    today = dt.date.fromisoformat(helpers.TODAY)
    from truenorth.site import page_jobs

    plays = export.read_plays(helpers.REPO_ROOT / "playbook" / "plays")
    jobs, sections = page_jobs(sample_result, today, plays=plays)  # the plugin's pages, made as it reaches them
    whole = export.generate(sample_result, today, plays)
    assert dict(page_pairs.iter_made(jobs)) == whole.pages == build_pages(sample_result, today, plays=plays)
    assert sections == whole.play_sections and len(whole.play_sections) == len(plays)


def test_a_template_child_that_fails_midway_leaves_the_rest_to_the_parent(tmp_path):
    root = helpers.copy_repo(tmp_path / "repo")
    edit = ("import jinja2; parent = os.getpid(); real_render = jinja2.Template.render; count = [0]\n"
            "def render(self, *a, **k):\n"
            "    if os.getpid() != parent:\n"
            "        count[0] += 1\n"
            "        if count[0] > 5: raise RuntimeError('the child fails')\n"
            "    return real_render(self, *a, **k)\n"
            "jinja2.Template.render = render")
    _, rendered, warned = _two_builds(root, tmp_path, edit)
    assert rendered[0][0] == 5 < rendered[0][1]  # five pages from the child, the rest by the parent
    assert warned["two"] == warned["one"] == []
    two, one = dict(helpers.site_text(tmp_path / "two")), dict(helpers.site_text(tmp_path / "one"))
    assert two == one


def test_the_child_template_html_is_not_taken_for_a_page_that_changed_since(tmp_path):
    """Should a page differ by the time the parent renders it (here: the page state the child saw is
    made to differ for a third of them), the parent renders that page itself."""
    root = helpers.copy_repo(tmp_path / "repo")
    edit = ("parent = os.getpid(); real_state = child_templates._page_state\n"
            "def state(page):\n"
            "    if os.getpid() != parent and len(page.file.src_uri) % 3 == 0: return b'changed'\n"
            "    return real_state(page)\n"
            "child_templates._page_state = state")
    _, rendered, _ = _two_builds(root, tmp_path, edit)
    people = len(list((root / "goals" / "people").rglob("*.yaml")))
    assert 0 < rendered[0][0] < rendered[0][1] - people // 5
    two, one = dict(helpers.site_text(tmp_path / "two")), dict(helpers.site_text(tmp_path / "one"))
    assert two == one


def test_no_template_child_beside_a_plugin_that_edits_the_page_context(tmp_path):
    root = helpers.copy_repo(tmp_path / "repo")
    helpers.with_hooks(root,
                       "seen = []\n"
                       "def on_page_context(context, page, **kwargs):\n"
                       "    seen.append(page.file.src_uri)\n"
                       "    context['pages_so_far'] = len(seen)\n"
                       "    return context\n")
    _, rendered, _ = _two_builds(root, tmp_path)
    assert rendered == []  # templates on one core
    two, one = dict(helpers.site_text(tmp_path / "two")), dict(helpers.site_text(tmp_path / "one"))
    assert two == one
