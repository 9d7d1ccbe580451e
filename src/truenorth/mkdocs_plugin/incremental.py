"""The live preview's rebuilds (`truenorth serve`): only the pages whose Markdown changed are built again.

`truenorth serve` (mkdocs_plugin/serve.py) builds the site once in full, then on every save runs
MkDocs' own `dirty` build (`build(config, dirty=True)`, what `mkdocs serve --dirty` runs), in which
MkDocs reads, converts and renders a page only when `File.is_modified()` says its source is newer
than its HTML. All on public MkDocs API:

* The goals are checked with the organisation kept in memory (truenorth.live: only the saved file
  is read and parsed again; the organisation is assembled from the kept per-file results and the
  rules run). The public view of the last good build is kept too: the new one is made from it
  (site/view_update.py: only the edited goals, those above them and, when a period changed, those
  below them are assessed again; the same view build_view makes, or build_view itself when the edit
  changes the organisation's shape), and compared with it (site/reach.py, told which goals may
  differ): only the pages the edit can reach are made again (the pages of the goals,
  people and departments that changed and of those that show them, and the pages that show the
  whole organisation); every other page keeps its last Markdown. When reach does not follow a
  change (a department, the vision, a metric, the plays, the date, mkdocs.yml's links or edit URL)
  every page is made again.
* A page whose Markdown is the one the last build converted (not made again, or made to the same
  Markdown) is handed to MkDocs as `File.generated(config, path, abs_src_path=...)`, a copy
  of that Markdown in this preview's store whose modification time is the epoch: MkDocs finds its
  HTML newer and leaves it alone. A page whose Markdown changed is handed over with its content,
  which MkDocs always builds (and the store gets its new Markdown).
* The theme's templates are compiled once per preview (TemplateCode, Jinja's bytecode cache, set on
  the environment MkDocs makes for each build), and serve.py collects the previous build's garbage
  after a build (once its pages are served) and watches files with the system's notifications
  instead of MkDocs' polling.
* A page in the nav that is not built keeps the title the last build gave it (MkDocs' dirty build
  leaves it untitled, and every other page's nav would show it wrongly): `Page.title`, set in
  `on_nav`.
* A play page whose goals section changed is built again (its source on disk did not change).
* The search index: the search plugin (started, as MkDocs' own `serve` starts it without --dirty,
  not dirty) writes the entries of the pages it indexed in this build; after it (`on_post_build`,
  priority -100) they replace those pages' entries in the last full index, in the order of the
  site's pages, which is the order a full build writes: the same index, byte for byte.
* Whatever changes every page builds all of them again (the site folder emptied first, so that
  every `File.is_modified()` is true): mkdocs.yml, the set of pages, a hand-written page (its title
  may be in every page's nav), a nav page's title, the preview's error banner (site/preview.py,
  which every page carries), or a build that failed or was made without this state.

So after a save the site served is the one a full build makes (tests/site_build/
test_incremental_preview.py compares them page by page, search index included).

Measured (2026-12-05, session 9; two cores shared with other sessions, so whole-command times are
noisy). `env -u PYTHONDONTWRITEBYTECODE .venv/bin/python scripts/bench.py --sizes 1000,10000 --only
preview --check-runs 3`, save to changed page served: at a load average of 3-5, 10,000 people 10.5 s
(runs 10.49, 11.04, 10.32; the rebuilds MkDocs logged 10.2-10.9 s) and 1,000 people 1.5 s (1.84,
1.53, 1.16: the 2 s target met); at a load of 9-10, 18.2 s and 3.3 s. The session began at 23.1 s
(10,000 people, quiet machine) with every generated page made again after each save. A save now
makes 12 of 11,000 pages again (the person's and department's, the goal's parents' homes, and the
pages of the whole organisation) and MkDocs builds 2 of them.
At the session's end, on the quiet machine and with people folded into their departments' pages
(`people_pages: auto` chooses `team` at 10,000 people: 1,093 pages), `scripts/bench.py --sizes 10000
--skip-check-jsonschema --skip-plain-install --history 0` gave 3.7 s (runs 3.69, 3.77, 3.69).

Session 10 (2026-12-05): the site's side of a rebuild made from the last one's work. The view after a
save is made from the last view (site/view_update.py, equal to build_view: tests/site/
test_fuzz_view_update.py); reach compares only the goals the view names; each period's review, the
alignment health score, the goals at risk, each goal's corporate reach, the kit's status table, the
metric glossary's lists and the home page's glance are kept on the view (view.basis) and taken by the next one where the edit leaves them as they were (a
review holding an edited goal is revised, analysis.review.revised); the people index (and, when no
status changed, the departments' tree) is kept. `env -u PYTHONDONTWRITEBYTECODE TRUENORTH_TODAY=2027-05-15
.venv/bin/python scripts/preview_profile.py --people 10000 --saves 3 --workdir DIR`, the session's start
(commit 13ce76e, the same organisation, A/B in the same minutes, load average 1-3): min 4.86, 4.46,
5.05 and 4.42 s; after: 2.29, 2.30, 2.16 and 2.25 s. (The script's rebuild includes a full gc.collect in
on_config, 0.5-0.7 s, that the real server runs after serving instead.) `env -u PYTHONDONTWRITEBYTECODE
.venv/bin/python scripts/bench.py --sizes 1000,10000 --only preview --check-runs 3` (load average 1-2.5),
save to changed page served: 10,000 people 1.92 s (median of 2.99, 1.92, 1.86) and again 1.97 s (2.88,
1.97, 1.83): the 2 s target met; 1,000 people 0.56 and 0.57 s. The first save after the server starts is
about 1 s slower each time: the first (full) build's garbage, which serve.py collects 0.5 s after it, is
likely still being collected (not looked into). The check's part (truenorth.live) is unchanged by this.

Where a rebuild's time goes now at 10,000 people (the same script with --profile, cProfile of one save,
inflated ~1.5x; 3.9 s profiled): the check (truenorth.live: the rules on the whole organisation,
build_graph, the check's alignment health) 1.37 s; the script's gc.collect 1.15; the site's part 0.79 s:
making the ~15 pages reached 0.43 (home 0.10, metrics 0.08, alignment 0.07, corporate 0.07, the
person's department pages 0.06, reviews 0.03, cascade 0.02), the page jobs 0.14 (the reviews taken
from the last view, one revised: 0.09; the play sections 0.05), the view 0.15 (site/view_update.py:
mostly the findings shown and those naming goals), reach 0.04, handing files to MkDocs 0.04; MkDocs
itself about 0.4 (the theme's files listed again 0.16, pages populated (is_modified) 0.10, nav 0.06,
pages built 0.05, search 0.06). Since then the metric glossary's lists and the home page's glance are
kept too; without the profiler, in process (the same save again and again, the garbage collector's
objects frozen as the plugin freezes them), the site's steps took: the view 0.13-0.16 s, the page jobs
0.04, reach 0.02-0.03, the 14 pages reached 0.13-0.15 (home 0.04, a corporate page 0.03, alignment 0.02).
Not done: the whole-organisation pages (home, alignment, metrics, cascade) are still made on every save
(they are cheap now); the play sections are made for every play; MkDocs' listing of the theme's files
and its per-file work need private API (speedups/), which has not been tried.

With the check's part made incremental too (truenorth.live through check_again.py: after a title's
edit only the rules that read titles run, on the edited goals where their scope allows), the session's
end on a quiet machine: `env -u PYTHONDONTWRITEBYTECODE .venv/bin/python scripts/bench.py --sizes 10000
--skip-check-jsonschema --skip-plain-install --history 0`, save to changed page served, 1.31 s (runs
1.31, 1.43, 1.24; the server's peak 666 MB).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory, get_markdown_title

from truenorth.live import LiveCheck
from truenorth.site.reach import pages_reached

log = get_plugin_logger(__name__)

SEARCH_INDEX = ("search", "search_index.json")
"""Where the search plugin (MkDocs' or Material's) writes the index, under site_dir."""


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def _page_of(location: str) -> str:
    """The page URL of a search entry's location (`cascade/people/ann/#goals` -> `cascade/people/ann/`)."""
    return location.split("#", 1)[0]


class TemplateCode(jinja2.BytecodeCache):
    """The theme's templates compiled once per preview, not once per build (MkDocs makes a new Jinja
    environment for every build): Jinja's own bytecode cache, in memory, keyed by each template's name and
    the checksum of its source (an edited template is compiled again)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class IncrementalPreview:
    """What one preview keeps between its builds (the plugin holds one while serving)."""

    def __init__(self) -> None:
        self._store: Path | None = None  # the generated Markdown of the last build, one file a page
        self._digests: dict[str, bytes] = {}  # generated page -> digest of its Markdown, last good build
        self._titles: dict[str, str] = {}  # page in the nav -> its title in the last good build
        self._sections: dict[str, str] = {}  # play page -> the goals section appended to it, last good build
        self._key: tuple | None = None  # what every page depends on, at the last good build
        self._search: tuple[dict, dict[str, list]] | None = None  # the last good build's index: config, page -> entries
        self._view: tuple | None = None  # the last good build's public view and what else its pages were made from
        self.live = LiveCheck()  # the checked organisation, kept between builds (truenorth.live)
        self.template_code = TemplateCode()
        self._warnings: set | None = None  # the warnings the last build showed
        self._start_build()

    def _start_build(self) -> None:
        self.incremental = False  # this build reuses the last one's pages
        self._pending: dict[str, bytes] = {}  # digests of this build's generated pages
        self._changed_nav_titles = False
        self._built: set[str] = set()  # URLs of the pages built in this build
        self._order: list[str] = []  # URLs of the site's pages, in build order
        self._next_view: tuple | None = None
        self._making: set[str] | None = None  # the generated pages made in this build (None: all of them)

    # -- on_files

    def begin(self, config) -> None:
        """A build starts: incremental when the last one left its state and its site (a dirty build)."""
        self._start_build()
        site = config.site_dir
        self.incremental = bool(self._key is not None and os.path.isdir(site)
                                and any(not name.startswith(".") for name in os.listdir(site)))
        if self._store is None:
            self._store = Path(tempfile.mkdtemp(prefix="truenorth-preview-"))

    def new_warnings(self, warnings: list) -> list:
        """The warnings to show in this build: all of them the first time, then those the last build had not."""
        shown, self._warnings = self._warnings, set(warnings)
        return warnings if shown is None else [finding for finding in warnings if finding not in shown]

    def view(self, result, today, plays, people_pages: str):
        """The public view of this build, made from the last good build's where the edit allows
        (site/view_update.py: the same view build_view makes)."""
        from truenorth.site.view_update import update_view

        return update_view(self._view[0] if self._view is not None else None, result, today, plays, people_pages)

    def made(self, view, settings: tuple, jobs: list) -> list:
        """The page jobs to run in this build: those whose page the edit reaches (site/reach.py: the last
        good build's view compared with this one), or all of them; the others are handed to `generated`
        without content (their last Markdown stands)."""
        self._next_view = (view, settings)
        if not self.incremental or self._view is None or self._view[1] != settings:
            return jobs
        reach = pages_reached(self._view[0], view)
        if reach.every:
            log.info(f"every page is made again: {reach.why}")
            return jobs
        digests = self._digests
        made = [(path, make) for path, make in jobs if path not in digests or reach.reaches(path)]
        self._making = {path for path, _ in made}
        return made

    def with_kept(self, jobs: list, made) -> Iterator[tuple[str, str | None]]:
        """(path, Markdown) of every job, in order: the made pages' Markdown, None for a page kept as it was."""
        making, made = self._making, iter(made)
        for path, _ in jobs:
            if path in making:
                yield next(made)
            else:
                yield path, None

    def generated(self, config, path: str, content: bytes | None, *, in_nav: bool, inclusion) -> File:
        """The File of a generated page: its stored copy when the last build converted the same Markdown
        (or when it was not made again: content None)."""
        if content is None:
            self._pending[path] = self._digests[path]
            return File.generated(config, path, abs_src_path=str(self._store / path), inclusion=inclusion)
        digest = _digest(content)
        self._pending[path] = digest
        stored = self._store / path
        if self._digests.get(path) == digest and stored.is_file():
            return File.generated(config, path, abs_src_path=str(stored), inclusion=inclusion)
        if in_nav and self.incremental and path in self._digests:  # its title is in every page's nav
            old = stored.read_text(encoding="utf-8") if stored.is_file() else None
            if old is None or get_markdown_title(old) != get_markdown_title(content.decode("utf-8")):
                self._changed_nav_titles = True
        self._digests.pop(path, None)  # the store no longer holds what the last good build converted
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_bytes(content)
        os.utime(stored, (0, 0))  # older than any HTML: unchanged in the next build, unless its Markdown changes
        return File.generated(config, path, content=content, inclusion=inclusion)

    def settle(self, files: Files, config, *, generated: set[str], sections: dict[str, str], banner: str) -> None:
        """After the plugin has made its files: build everything when what every page shows changed,
        and the play pages whose goals section changed."""
        settings = _digest(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
        key = (settings, banner, tuple(file.src_uri for file in files), tuple(file.dest_uri for file in files))
        hand_written = [file for file in files.documentation_pages() if file.src_uri not in generated]
        why = ("no earlier build" if not self.incremental else
               "mkdocs.yml changed" if key[0] != self._key[0] else
               "the error banner changed" if key[1] != self._key[1] else
               "pages were added or removed" if key != self._key else
               "a nav page's title changed" if self._changed_nav_titles else
               "a hand-written page changed" if any(file.is_modified() for file in hand_written) else None)
        full = why is not None
        self._key = None  # until this build ends well
        self._next_key = key
        self._next_sections = dict(sections)
        if full:
            if self.incremental:
                log.info(f"every page is built again: {why}")
            self.incremental = False
            clean_directory(config.site_dir)
            return
        for file in hand_written:
            if sections.get(file.src_uri) != self._sections.get(file.src_uri):
                file.content_bytes = file.content_bytes  # (given its content, MkDocs builds it again)

    # -- on_nav, on_page_context

    def titles(self, nav) -> None:
        """A page in the nav that this build leaves alone keeps its title from the last build."""
        if not self.incremental:
            return
        for page in nav.pages:
            if page.title is None and not page.file.is_modified() and page.file.src_uri in self._titles:
                page.title = self._titles[page.file.src_uri]

    def is_built(self, file: File) -> bool:
        return not self.incremental or file.is_modified()

    def page_order(self, files: Files, inclusion) -> None:
        self._order = [file.page.url if file.page is not None else file.url  # (the home page: "", not "./")
                       for file in files.documentation_pages(inclusion=inclusion)]

    def built(self, page) -> None:
        self._built.add(page.url)

    # -- on_post_build, on_build_error, on_shutdown

    def finish(self, config, nav) -> None:
        """The build ended well: its search index made whole, its state kept for the next one."""
        self._search_index(config)
        self._digests = self._pending
        self._pending = {}
        if nav is not None:
            self._titles = {page.file.src_uri: page.title for page in nav.pages if page.title is not None}
        self._sections = self._next_sections
        self._key = self._next_key
        self._view = self._next_view

    def failed(self) -> None:
        self._key = None  # the next build builds everything
        self._view = None

    def close(self) -> None:
        if self._store is not None:
            shutil.rmtree(self._store, ignore_errors=True)
            self._store = None
        self._key = None
        self._view = None
        self.live.forget()

    def _search_index(self, config) -> None:
        path = os.path.join(config.site_dir, *SEARCH_INDEX)
        if not os.path.isfile(path):
            self._search = None
            return
        with open(path, "rb") as source:
            raw = source.read()
        data = json.loads(raw)
        docs = data.get("docs") if isinstance(data, dict) else None
        if not isinstance(docs, list):  # not an index this module knows: left as the plugin wrote it
            self._search = None
            return
        if self.incremental and self._search is not None:
            pages = {url: entries for url, entries in self._search[1].items() if url not in self._built}
        else:
            pages = {}
        for entry in docs:
            pages.setdefault(_page_of(entry.get("location", "")), []).append(entry)
        order = {url: n for n, url in enumerate(self._order)}
        merged = [entry for url in sorted(pages, key=lambda url: order.get(url, len(order))) for entry in pages[url]]
        self._search = (data, pages)
        if self.incremental:
            data = {**data, "docs": merged}
            text = json.dumps(data, separators=(",", ":"))  # (as both search plugins write it)
            with open(path, "wb") as out:
                out.write(text.encode("utf-8"))

