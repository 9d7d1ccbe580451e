"""The `truenorth` MkDocs plugin: the cascade's pages, generated at build time from goals/.

    plugins:
      - search
      - truenorth:
          root: .            # the repository (default: the folder of mkdocs.yml)
          on_error: fail     # fail: errors in the goals stop the build; warn: log them and build
                             # (the live preview, `serve`, always builds: see "live preview" below)
          speedups:          # each optional (speedups/, each checks itself against the plain path)
            shared_converter: true  # one Markdown converter for the generated pages outside the nav
            headings_only: true     # a page of headings only skips Python-Markdown (with shared_converter)
            nav_cache: true         # the nav rendered once per place for the pages outside it
            fork: true              # a large organisation's pages made and converted on two cores
            child_templates: true   # and their templates rendered on two cores (with fork)
            gc_freeze: true         # what the build holds kept out of the garbage collector's passes
          sidebar: true      # the per-item and play pages' own left sidebar (Material: sidebar.py)
          people_pages: auto # where people are shown: own (a page each, cascade/people/<id>/), team (a
                             # section of their department's page, #person-<id>), auto (own up to
                             # truenorth.site.TEAM_PAGES_ABOVE people, team above)

The date status is judged on is the one every command uses: `today` under [tool.truenorth] in
pyproject.toml, $TRUENORTH_TODAY over it, `truenorth build --today` over both (config.resolve_today).
mkdocs.yml no longer takes a `today:` of its own (the site and `truenorth status` disagreed when it
did); a build that finds one stops and says where it moved.

The hand-written playbook is the docs folder; this plugin adds the cascade pages
(index.md, cascade/...), appends to each play page the goals that apply it, and ships the
site's stylesheet as assets/truenorth.css. `mkdocs serve` rebuilds when a goal file changes.

For speed at thousands of pages: the raw HTML of a generated page is set aside while Markdown
and the search plugin run, and put back in `on_page_context` at priority -100, after the
search plugin (priority 0) has indexed the page (html_stash.stash_html); what is left after each
heading skips Markdown too (html_stash.fold_into_headings, when attr_list is on); page sources are
made one at a time, held as UTF-8 bytes and freed once read. All of that is public API. The
shortcuts that need a private MkDocs, Markdown or Jinja name are in speedups/, one a module, each
switched in `speedups:` above (off: MkDocs' plain path); what the build holds is frozen out of the
garbage collector's full passes (gc.freeze, `gc_freeze`: no private name, but process-wide; at
10,000 people 2.5 -> 0.5 s of collections (review 2026-12); measured off: 25.8 / 32.1 s against all on
19.8-31.2 s, median 25.6 s, single runs on two shared cores, each slower than the all-on run beside it).

The live preview (`truenorth serve`, `mkdocs serve`) never waits on a good build: MkDocs' server holds
every page request until a build succeeds, so a failed one would leave the browser waiting with the
error only in the terminal. When serving, errors in the goals never fail the build: the site is built
as with on_error: warn (the pages show what the rest of the goals make) and every page carries a banner
listing the public error findings (site/preview.py); a goals folder or settings that cannot be read at
all leave the cascade pages out, with the banner saying why. The next good save builds without it.
A built site (`truenorth build`, `mkdocs build`) never has the banner and fails as before.

While serving (not with `mkdocs serve --dirty`), the plugin keeps what the next build needs to leave
alone the pages whose Markdown did not change (incremental.py); `truenorth serve` (serve.py) runs
those rebuilds as MkDocs dirty builds, which that state makes exact.
"""

from __future__ import annotations

import gc
import importlib
import itertools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from truenorth import export
from truenorth.findings import Severity
from truenorth.mkdocs_plugin import html_stash, sidebar, spool
from truenorth.mkdocs_plugin.speedups import fork

if TYPE_CHECKING:
    from truenorth.site.widgets import Permalink

log = get_plugin_logger(__name__)

FREEZE_EVERY = 500
"""Pages converted between two moves of what the build holds out of the garbage collector's passes."""


def _speedup(name: str):
    """The module speedups/<name>, or None when it cannot be imported (a private name it needs is gone
    from this MkDocs, Markdown or Jinja): then the build takes the plain path, and says so in one line.
    (speedups/fork.py needs no private name: it is imported with this module.)"""
    try:
        return importlib.import_module(f"truenorth.mkdocs_plugin.speedups.{name}")
    except ImportError as exc:
        log.info(f"speedups.{name} is off for this build: {exc}")
        return None


TOC_DEPTH = 3
"""The deepest heading a generated page's table of contents lists: a department page with its people folded
in (people_pages: team) lists its goals and its people, not each person's goals (level 4: 40,000 entries at
10,000 people, rendered into every page's template and held until the build ends; the page writes those
headings as raw HTML, which no table of contents sees, and this keeps any other deep heading out too)."""


def permalink_of(config) -> Permalink | None:
    """The link to its own anchor that the site's `toc` extension gives a heading (mkdocs.yml's
    `markdown_extensions: [toc: {permalink: ...}]`), for the headings generated pages write as raw HTML;
    None when it adds none (MkDocs' default)."""
    from html import escape

    from markdown.util import parseBoolValue

    from truenorth.site.widgets import Permalink

    toc: dict = {}
    for name in ("toc", "markdown.extensions.toc"):
        toc.update(config.mdx_configs.get(name) or {})
    value = toc.get("permalink", False)
    flag = parseBoolValue(value, False) if isinstance(value, (str, bool)) else None  # as the extension reads it
    if flag is False:
        return None
    text = "&para;" if flag else escape(str(value), quote=False)  # True, or the link's own text
    return Permalink(text, str(toc.get("permalink_class", "headerlink")), str(toc.get("permalink_title", "Permanent link")),
                     bool(parseBoolValue(toc.get("permalink_leading", False), False)))


def _prune_toc(items, depth: int) -> None:
    """Drop the entries below `depth` from a page's table of contents (Page.toc: the anchors stay on the page)."""
    for item in items:
        if item.level >= depth:
            item.children = []
        else:
            _prune_toc(item.children, depth)


class _TodayMoved(c.BaseConfigOption):
    """`today:` in mkdocs.yml is refused with where it moved. (`truenorth build --today` sets the
    plugin's today after mkdocs.yml is validated: mkdocs_plugin.build.build_site's plugin options.)"""

    def run_validation(self, value):
        if value is None:
            return None
        raise c.ValidationError(
            "today moved to pyproject.toml, where every command reads it: write `today = "
            f"{value}` under [tool.truenorth] and remove it here (or set TRUENORTH_TODAY, or pass --today)")


class SpeedupsConfig(base.Config):
    """The optional shortcuts of speedups/ (each off: MkDocs' plain path, the same site byte for byte)."""

    shared_converter = c.Type(bool, default=True)
    headings_only = c.Type(bool, default=True)
    nav_cache = c.Type(bool, default=True)
    fork = c.Type(bool, default=True)
    child_templates = c.Type(bool, default=True)
    gc_freeze = c.Type(bool, default=True)


class TruenorthPluginConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))
    on_error = c.Choice(("fail", "warn"), default="fail")
    today = _TodayMoved()
    sidebar = c.Type(bool, default=True)  # the per-item pages' own left sidebar (Material; see sidebar.py)
    people_pages = c.Choice(("auto", "own", "team"), default="auto")  # truenorth.site.PEOPLE_PAGES
    reuse_nav = c.Type(bool, default=True)  # the older name of speedups.nav_cache: both must be on
    speedups = c.SubConfig(SpeedupsConfig)


class TruenorthPlugin(BasePlugin[TruenorthPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._serving = False  # the live preview (on_startup): goals' errors never fail its build
        self._preview = None  # its incremental rebuilds (incremental.py), while serving
        self._new_build()

    def _new_build(self) -> None:
        """What one build holds, let go at the start of the next: MkDocs keeps one instance of a plugin
        that has on_startup for every build in the process (`mkdocs serve`'s rebuilds included)."""
        self._root: Path | None = None
        self._goals_path: Path | None = None
        self._sections: dict[str, str] = {}
        self._generated: set[str] = set()  # docs-relative paths of the generated pages
        self._stash: dict[str, list[str]] = {}  # page -> its raw HTML, set aside while Markdown and search run
        self._folds: dict[str, list[str]] = {}  # page -> the HTML after its headings, set aside while Markdown runs
        self._fold = False  # whether headings can carry the mark fold_into_headings gives them (attr_list)
        self._permalink: Permalink | None = None  # the link generated raw HTML headings carry (permalink_of)
        self._anchors: dict[str, list[str]] = {}  # page -> the ids of the headings stash_html set aside
        self._today = None
        self._shared = None  # speedups/shared_converter.py, when on
        self._converter = None  # its SharedConverter for this build
        self._detail_files: list[File] = []  # the per-item pages' files, until on_nav gives them their pages
        self._shared_pages: list = []  # their pages, rendered with the shared converter, in build order
        self._templates = None  # speedups/child_templates.py's ChildTemplates, when on
        self._nav = None
        self._sidebar = False  # the pages outside the nav get a sidebar of their own (sidebar.py)
        self._in_nav: set[int] = set()  # id() of the pages in the nav
        self._converted = 0  # pages converted in this build
        self._banner = ""  # the live preview's banner while the goals have errors (site/preview.py)
        self._problem: str | None = None  # what stopped this preview build reading the goals at all
        if getattr(self, "_spool", None) is not None:
            self._spool.remove()
        self._spool = spool.Spool()  # the generated sources past spool.SPOOL_ABOVE bytes, on disk until read

    # -- configuration

    def on_startup(self, *, command, dirty):
        self._serving = command == "serve"  # (`mkdocs serve --clean` starts up as a build: not the preview)
        # MkDocs keeps this instance for every later build in the process: a preview's state only while serving
        if self._serving and not dirty:  # (--dirty: MkDocs' own dirty builds, every generated page built)
            from truenorth.mkdocs_plugin.incremental import IncrementalPreview

            self.on_shutdown()
            self._preview = IncrementalPreview()
        else:
            self.on_shutdown()

    def on_shutdown(self):
        self._spool.remove()
        if self._preview is not None:
            self._preview.close()
            self._preview = None

    def on_config(self, config):
        self._new_build()  # the previous build's pages, nav and all, go before the collection below
        if gc.get_freeze_count():  # an earlier build's objects in this process (`mkdocs serve`) may go
            gc.unfreeze()  # (see on_files), before this build freezes what it holds
            gc.collect()
        if self.config.root:
            self._root = Path(self.config.root).resolve()
        elif config.config_file_path:
            self._root = Path(os.path.dirname(os.path.abspath(config.config_file_path)))
        else:
            self._root = Path.cwd()
        from truenorth.config import ConfigError, load_config, resolve_today

        try:
            settings = load_config(self._root)
            self._today = resolve_today(settings, self.config.today)
            self._goals_path = settings.goals_path
        except (export.SiteError, ConfigError) as exc:
            if not self._serving:
                raise PluginError(f"truenorth: {exc}") from None
            log.error(str(exc))
            self._problem = str(exc)
            return config
        self._fold = any((ext if isinstance(ext, str) else type(ext).__module__).rsplit(".", 1)[-1] == "attr_list"
                         for ext in config.markdown_extensions)
        self._permalink = permalink_of(config)
        if export.CSS_PATH not in [str(x) for x in config.extra_css]:
            config.extra_css.append(export.CSS_PATH)
        self._sidebar = self.config.sidebar and sidebar.themes_it(config)
        if self._sidebar:
            sidebar.add_templates(config)
        return config

    def _freeze(self) -> None:
        if self.config.speedups.gc_freeze:
            gc.freeze()

    # -- pages

    def on_files(self, files: Files, *, config) -> Files:
        preview = self._preview
        if preview is not None:
            preview.begin(config)
        files = self._files(files, config)
        if preview is not None:  # what changed for every page builds them all again (incremental.py)
            preview.settle(files, config, generated=self._generated, sections=self._sections, banner=self._banner)
        return files

    def _files(self, files: Files, config) -> Files:
        speedups = self.config.speedups
        result = None
        if self._problem is None:
            try:
                result = export.check_root(self._root, self._preview.live if self._preview is not None else None)
            except export.SiteError as exc:
                if not self._serving:
                    raise PluginError(f"truenorth: {exc}") from None
                log.error(str(exc))
                self._problem = str(exc)
        if result is None:  # the live preview, which cannot read the goals: its pages say why
            from truenorth.site.preview import banner_html

            self._banner = banner_html([], self._problem)
            return files
        # The organisation's objects live until the build ends: kept out of the cyclic garbage collector's
        # full passes, each of which would read them all again (2.5 s in all at 10,000 people), and out of
        # the children's copies of memory (speedups.fork). Unfrozen by the next build in this process.
        self._freeze()
        if result.has_errors:
            if self.config.on_error == "fail" and not self._serving:
                raise PluginError(f"truenorth: {export.error_report(result)}")
            for finding in export.errors_of(result):
                log.warning(export.format_finding(finding))
        warnings = [finding for finding in result.findings if finding.severity == Severity.WARNING]
        if self._preview is not None:  # after a save, only the warnings it brought (thousands at 10,000 people)
            warnings = self._preview.new_warnings(warnings)
        for finding in warnings:
            log.info(export.format_finding(finding))

        plays = self._plays(files)
        export.site_digest(self._root, result, self._today)  # the What changed page and its feed, from git
        from truenorth.site import SITE_CSS, edit_base_url, view_page_jobs
        from truenorth.site.view import build_view

        # each page made when MkDocs reaches it (on two cores for a large organisation: speedups.fork)
        docs_dir = os.path.relpath(config.docs_dir, self._root).replace(os.sep, "/")
        view = (self._preview.view(result, self._today, plays, self.config.people_pages) if self._preview is not None
                else build_view(result, self._today, plays, self.config.people_pages))  # (the preview: from its last view)
        directory_urls, edit_base = bool(config.use_directory_urls), edit_base_url(config.repo_url, config.edit_uri, docs_dir)
        jobs, play_sections = view_page_jobs(view, plays=plays, directory_urls=directory_urls, edit_base=edit_base,
                                             promises=export.promises_of(Path(self._root), result),
                                             permalink=self._permalink)
        # the live preview makes again only the pages the edit reaches (the others: their last Markdown)
        made = (self._preview.made(view, (directory_urls, edit_base, self._permalink), jobs) if self._preview is not None
                else jobs)
        pages = fork.iter_made(made) if speedups.fork else ((path, make()) for path, make in made)
        if made is not jobs:
            pages = self._preview.with_kept(jobs, pages)
        self._freeze()  # the site's view of the organisation, which every page reads
        from truenorth.site import rule_pages  # the rules' reference pages: the same for every organisation
        self._sections = {f"plays/{play_id}.md": section for play_id, section in play_sections.items()}
        if self._serving and result.has_errors:
            from truenorth.site.preview import banner_html

            self._banner = banner_html(view.findings)

        self._generated = set()
        self._stash = {}
        self._folds = {}
        self._anchors = {}
        self._converted = 0
        self._detail_files = []
        self._shared = _speedup("shared_converter") if speedups.shared_converter else None
        self._converter = self._shared.SharedConverter(headings=speedups.headings_only) if self._shared else None
        # one page at a time, stored as UTF-8 bytes (the str is dropped at once): half the memory of a str
        # with any character beyond Latin-1, and never all pages held twice
        feed = export.feed_of(result, self._today, config.site_url)
        extra = [(export.CSS_PATH, SITE_CSS)] + ([("changes.xml", feed)] if feed is not None else [])
        for path, content in itertools.chain(pages, rule_pages.rule_pages(lambda p: files.get_file_from_path(p) is not None),
                                                 extra):
            self._generated.add(path)
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"the generated page {path} replaces {existing.src_uri} in {config.docs_dir}")
                files.remove(existing)
            detail = export.is_detail_page(path)
            # (the rules' pages: linked from reference/; due pages, reviews, what changed: linked from pages)
            outside_nav = detail or rule_pages.is_rule_page(path) or export.is_linked_page(path)
            inclusion = InclusionLevel.NOT_IN_NAV if outside_nav else InclusionLevel.UNDEFINED
            if self._preview is not None:  # unchanged since the last build: MkDocs leaves its page alone
                file = self._preview.generated(config, path, content.encode("utf-8") if content is not None else None,
                                               in_nav=not outside_nav, inclusion=inclusion)
            else:
                data = content.encode("utf-8")
                on_disk = self._spool.path_for(path, data) if path.endswith(".md") else None
                file = (File.generated(config, path, content=data, inclusion=inclusion) if on_disk is None
                        else File.generated(config, path, abs_src_path=on_disk, inclusion=inclusion))
                del data
            files.append(file)
            if detail:
                self._detail_files.append(file)
        self._freeze()  # and the pages' files, as the pages will be once MkDocs has read them all (on_env)
        return files

    def on_nav(self, nav, *, config, files):
        self._nav = nav
        speedups = self.config.speedups
        if self._preview is not None:
            self._preview.titles(nav)
        # the per-item pages outside the nav (all of them, unless mkdocs.yml lists one): with
        # speedups.shared_converter, rendered with the build's shared Markdown converter; a listed one
        # keeps MkDocs' page and its nav title
        in_nav = self._in_nav = {id(page) for page in nav.pages}
        outside = [file.page for file in self._detail_files if file.page is not None and id(file.page) not in in_nav
                   and (self._preview is None or self._preview.is_built(file))]
        self._detail_files = []
        if self._converter is not None:
            outside = [self._shared.shared_converter_page(page.file, config, self._converter) for page in outside]
        # MkDocs renders them in files' order
        order = {id(file): n for n, file in enumerate(files.documentation_pages())}
        outside.sort(key=lambda page: order.get(id(page.file), -1))
        if self._converter is not None and speedups.fork:  # a large organisation's are converted on two cores
            self._converter.share_with_child(outside, config, files, self._markdown_in_child)
        self._shared_pages = outside
        return nav

    def on_env(self, env, *, config, files):  # MkDocs has converted every page by now
        if self._preview is not None:
            self._preview.page_order(files, InclusionLevel.is_in_serve)
            env.bytecode_cache = self._preview.template_code  # (the theme's templates compiled once per preview)
        if self._converter is not None:
            self._converter.close()
        self._freeze()
        speedups = self.config.speedups
        nav_cache = _speedup("nav_cache") if self.config.reuse_nav and speedups.nav_cache else None
        if nav_cache is not None:
            nav_cache.install_nav_cache(env, self._nav)
        # a large organisation's page templates are rendered on two cores
        child_templates = _speedup("child_templates") if speedups.fork and speedups.child_templates else None
        self._templates = child_templates.ChildTemplates() if child_templates is not None else None
        if self._templates is not None:
            self._templates.start(self._shared_pages, config, self._nav, env, files)
        self._shared_pages = []
        return env

    @event_priority(-100)  # after the search plugin has written its index (incremental.py completes it)
    def on_post_build(self, *, config):
        self._spool.remove()
        if self._templates is not None:
            self._templates.close()
        if self._preview is not None:
            self._preview.finish(config, self._nav)
        # what was frozen stays so (a process that exits then need not read it all in a last collection);
        # `mkdocs serve` builds again in this process, and the next build unfreezes it (on_config)

    def on_build_error(self, *, error):
        self._spool.remove()
        if self._preview is not None:
            self._preview.failed()
        for child in (self._converter, self._templates):
            if child is not None:
                child.close()
        gc.unfreeze()


    @staticmethod
    def _plays(files: Files) -> dict[str, str]:
        plays = {}
        for file in files.documentation_pages():
            parts = file.src_uri.split("/")
            if len(parts) == 2 and parts[0] == "plays" and parts[1].endswith(".md") and parts[1] != "index.md":
                play_id = parts[1][:-3]
                plays[play_id] = export.play_title(file.content_string, play_id)
        return dict(sorted(plays.items()))

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        section = self._sections.get(uri)
        if section:
            markdown = export.append_section(markdown, section)
        if self._sidebar and (section or uri in self._generated) and id(page) not in self._in_nav:
            markdown = sidebar.use_sidebar(page, markdown)  # its own navigation goes to its left sidebar
        if uri in self._generated and page.file.generated_by is not None:
            # the raw HTML of a generated page skips Markdown and the search index (see html_stash.stash_html)
            anchors: list[str] = []
            markdown, stash = html_stash.stash_html(markdown, anchors)
            if stash:
                self._stash[uri] = stash
            if anchors:  # for MkDocs' check of links to anchors, in on_page_content
                self._anchors[uri] = anchors
            # and what is left between headings, searchable HTML included, skips Markdown too
            if self._fold:
                markdown, folds = html_stash.fold_into_headings(markdown)
                if folds:
                    self._folds[uri] = folds
            # MkDocs has read the generated source (it keeps the Markdown returned here): free it, the
            # build holds every page at once and at 10,000 people these sources are hundreds of MB
            page.file.content_bytes = b""
        return markdown

    def _markdown_in_child(self, markdown: str, *, page, config, files) -> str:
        """on_page_markdown in the converting child (speedups.shared_converter): what it sets aside is the
        parent's to put back (the parent runs on_page_markdown on the page too), so the child lets it go."""
        markdown = self.on_page_markdown(markdown, page=page, config=config, files=files)
        self._stash.pop(page.file.src_uri, None)
        self._folds.pop(page.file.src_uri, None)
        self._anchors.pop(page.file.src_uri, None)
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        self._converted += 1
        if self._converted % FREEZE_EVERY == 0:
            self._freeze()  # the pages converted so far live until the build ends (see on_files)
        if uri in self._generated and page.file.generated_by is not None:
            html = html_stash.unfold(html, self._folds.pop(uri, []))
            anchors = self._anchors.pop(uri, None)
            if anchors and page.present_anchor_ids is not None:  # (Page's documented attribute)
                page.present_anchor_ids = page.present_anchor_ids | set(anchors)
            # the sections search leaves out are set aside as well (see html_stash.stash_excluded_sections)
            stash = self._stash.setdefault(uri, [])
            html = html_stash.stash_excluded_sections(html, stash)
            if stash:  # held until the page's template (every page's at once): compressed, a tenth of it
                self._stash[uri] = html_stash.pack(stash)
            _prune_toc(page.toc, TOC_DEPTH)
        return html

    @event_priority(-100)  # after the search plugin (priority 0) has indexed the page's prose
    def on_page_context(self, context, *, page, config, nav):
        if self._preview is not None:
            self._preview.built(page)
        stash = self._stash.pop(page.file.src_uri, None)
        if stash:
            page.content = html_stash.unstash_html(page.content, html_stash.unpack(stash))
        return context

    # -- live preview

    def on_post_page(self, output: str, *, page, config) -> str:
        if self._banner:  # only ever set when serving
            from truenorth.site.preview import with_banner

            output = with_banner(output, self._banner)
        elif self._preview is None and page.file.src_uri in self._generated:
            # the page is written: MkDocs keeps its HTML to the end of the build, every page's at once (at
            # 100,000 people that was gigabytes); nothing reads a generated page's content after this
            page.content = None
        return output

    def on_post_template(self, output_content: str, *, template_name, config) -> str:
        if self._banner and template_name.endswith(".html"):  # 404.html, which the preview serves for a missing page
            from truenorth.site.preview import with_banner

            output_content = with_banner(output_content, self._banner)
        return output_content

    def on_serve(self, server, *, config, builder):
        goals = self._goals_path or (self._root / "goals" if self._root is not None else None)
        if goals is not None and goals.is_dir():
            server.watch(str(goals))
        if self._root is not None and (self._root / "pyproject.toml").is_file():
            server.watch(str(self._root / "pyproject.toml"))  # [tool.truenorth] severities
        return server
