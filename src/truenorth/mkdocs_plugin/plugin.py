"""The `truenorth` MkDocs plugin: the cascade's pages, generated at build time from goals/.

    plugins:
      - search
      - truenorth:
          root: .            # the repository (default: the folder of mkdocs.yml)
          on_error: fail     # fail: errors in the goals stop the build; warn: log them and build
          reuse_nav: true    # render the nav once for all the pages outside it (see mkdocs_render)

The date status is judged on is the one every command uses: `today` under [tool.truenorth] in
pyproject.toml, $TRUENORTH_TODAY over it, `truenorth build --today` over both (config.resolve_today).
mkdocs.yml no longer takes a `today:` of its own (the site and `truenorth status` disagreed when it
did); a build that finds one stops and says where it moved.

The hand-written playbook is the docs folder; this plugin adds the cascade pages
(index.md, cascade/...), appends to each play page the goals that apply it, and ships the
site's stylesheet as assets/truenorth.css. `mkdocs serve` rebuilds when a goal file changes.

For speed at thousands of pages: the raw HTML of a generated page is set aside while Markdown
and the search plugin run, and put back in `on_page_context` at priority -100, after the
search plugin (priority 0) has indexed the page (site_build.stash_html); what is left after each
heading skips Markdown too (site_build.fold_into_headings, when attr_list is on); page sources are
made one at a time, held as UTF-8 bytes and freed once read; the per-item pages share one Markdown
converter (and a page left with nothing but headings skips Python-Markdown: truenorth.markdown_headings),
the nav is rendered once for all of them, and a large organisation's are converted and
rendered on two cores (truenorth.mkdocs_render); what the build holds is frozen out of the garbage
collector's full passes (gc.freeze).
"""

from __future__ import annotations

import gc
import itertools
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from truenorth import mkdocs_render, site_build
from truenorth.findings import Severity

log = get_plugin_logger(__name__)

FREEZE_EVERY = 500
"""Pages converted between two moves of what the build holds out of the garbage collector's passes."""


class _TodayMoved(c.BaseConfigOption):
    """`today:` in mkdocs.yml is refused with where it moved. (`truenorth build --today` sets the
    plugin's today after mkdocs.yml is validated: site_build.build_site's plugin options.)"""

    def run_validation(self, value):
        if value is None:
            return None
        raise c.ValidationError(
            "today moved to pyproject.toml, where every command reads it: write `today = "
            f"{value}` under [tool.truenorth] and remove it here (or set TRUENORTH_TODAY, or pass --today)")


class TruenorthPluginConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))
    on_error = c.Choice(("fail", "warn"), default="fail")
    today = _TodayMoved()
    reuse_nav = c.Type(bool, default=True)


class TruenorthPlugin(BasePlugin[TruenorthPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._root: Path | None = None
        self._goals_path: Path | None = None
        self._sections: dict[str, str] = {}
        self._generated: set[str] = set()  # docs-relative paths of the generated pages
        self._stash: dict[str, list[str]] = {}  # page -> its raw HTML, set aside while Markdown and search run
        self._folds: dict[str, list[str]] = {}  # page -> the HTML after its headings, set aside while Markdown runs
        self._fold = False  # whether headings can carry the mark fold_into_headings gives them (attr_list)
        self._today = None
        self._converter = mkdocs_render.SharedConverter()
        self._detail_files: list[File] = []  # the per-item pages' files, until on_nav gives them their pages
        self._shared_pages: list = []  # their pages, rendered with the shared converter, in build order
        self._templates = mkdocs_render.ChildTemplates()
        self._nav = None
        self._converted = 0  # pages converted in this build

    # -- configuration

    def on_config(self, config):
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
        except (site_build.SiteError, ConfigError) as exc:
            raise PluginError(f"truenorth: {exc}") from None
        self._fold = any((ext if isinstance(ext, str) else type(ext).__module__).rsplit(".", 1)[-1] == "attr_list"
                         for ext in config.markdown_extensions)
        if site_build.CSS_PATH not in [str(x) for x in config.extra_css]:
            config.extra_css.append(site_build.CSS_PATH)
        return config

    # -- pages

    def on_files(self, files: Files, *, config) -> Files:
        try:
            result = site_build.check_root(self._root)
        except site_build.SiteError as exc:
            raise PluginError(f"truenorth: {exc}") from None
        # The organisation's objects live until the build ends: kept out of the cyclic garbage collector's
        # full passes, each of which would read them all again (2.5 s in all at 10,000 people), and out of
        # the children's copies of memory (page_pairs). Unfrozen by the next build in this process.
        gc.freeze()
        if result.has_errors:
            if self.config.on_error == "fail":
                raise PluginError(f"truenorth: {site_build.error_report(result)}")
            for finding in site_build.errors_of(result):
                log.warning(site_build.format_finding(finding))
        for finding in result.findings:
            if finding.severity == Severity.WARNING:
                log.info(site_build.format_finding(finding))

        plays = self._plays(files)
        try:
            site = site_build.generate(result, self._today, plays,
                                       directory_urls=bool(config.use_directory_urls), lazy=True)
        except ImportError as exc:  # pragma: no cover - the page layer is part of the package
            raise PluginError(f"truenorth: cannot load the page generator: {exc}") from None
        gc.freeze()  # the site's view of the organisation, which every page reads
        from truenorth.site import rule_pages  # the rules' reference pages: the same for every organisation
        self._sections = {f"plays/{play_id}.md": section for play_id, section in site.play_sections.items()}

        self._generated = set()
        self._stash = {}
        self._folds = {}
        self._converted = 0
        self._detail_files = []
        self._converter = mkdocs_render.SharedConverter()
        # one page at a time, stored as UTF-8 bytes (the str is dropped at once): half the memory of a str
        # with any character beyond Latin-1, and never all pages held twice
        for path, content in itertools.chain(site.pages, rule_pages.rule_pages(), [(site_build.CSS_PATH, site.css)]):
            self._generated.add(path)
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"the generated page {path} replaces {existing.src_uri} in {config.docs_dir}")
                files.remove(existing)
            detail = site_build.is_detail_page(path)
            outside_nav = detail or rule_pages.is_rule_page(path)  # (the rules' pages: linked from reference/)
            inclusion = InclusionLevel.NOT_IN_NAV if outside_nav else InclusionLevel.UNDEFINED
            file = File.generated(config, path, content=content.encode("utf-8"), inclusion=inclusion)
            files.append(file)
            if detail:
                self._detail_files.append(file)
        gc.freeze()  # and the pages' files, as the pages will be once MkDocs has read them all (on_env)
        return files

    def on_nav(self, nav, *, config, files):
        self._nav = nav
        # the per-item pages outside the nav (all of them, unless mkdocs.yml lists one) are rendered
        # with the build's shared Markdown converter; a listed one keeps MkDocs' page and its nav title
        in_nav = {id(page) for page in nav.pages}
        shared = []
        for file in self._detail_files:
            if file.page is not None and id(file.page) not in in_nav:
                page = mkdocs_render.shared_converter_page(file, config, self._converter)
                if page is not None:
                    shared.append(page)
        self._detail_files = []
        # a large organisation's pages are converted on two cores (MkDocs renders them in files' order)
        order = {id(file): n for n, file in enumerate(files.documentation_pages())}
        shared.sort(key=lambda page: order.get(id(page.file), -1))
        self._converter.share_with_child(shared, config, files, self.on_page_markdown)
        self._shared_pages = shared
        return nav

    def on_env(self, env, *, config, files):  # MkDocs has converted every page by now
        self._converter.close()
        gc.freeze()
        if self.config.reuse_nav:
            mkdocs_render.install_nav_cache(env, self._nav)
        # a large organisation's page templates are rendered on two cores
        self._templates = mkdocs_render.ChildTemplates()
        self._templates.start(self._shared_pages, config, self._nav, env, files)
        self._shared_pages = []
        return env

    def on_post_build(self, *, config):
        self._templates.close()
        # what was frozen stays so (a process that exits then need not read it all in a last collection);
        # `mkdocs serve` builds again in this process, and the next build unfreezes it (on_config)

    def on_build_error(self, *, error):
        self._converter.close()
        self._templates.close()
        gc.unfreeze()


    @staticmethod
    def _plays(files: Files) -> dict[str, str]:
        plays = {}
        for file in files.documentation_pages():
            parts = file.src_uri.split("/")
            if len(parts) == 2 and parts[0] == "plays" and parts[1].endswith(".md") and parts[1] != "index.md":
                play_id = parts[1][:-3]
                plays[play_id] = site_build.play_title(file.content_string, play_id)
        return dict(sorted(plays.items()))

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        section = self._sections.get(uri)
        if section:
            markdown = site_build.append_section(markdown, section)
        if uri in self._generated and page.file.generated_by is not None:
            # the raw HTML of a generated page skips Markdown and the search index (see site_build.stash_html)
            markdown, stash = site_build.stash_html(markdown)
            if stash:
                self._stash[uri] = stash
            # and what is left between headings, searchable HTML included, skips Markdown too
            if self._fold:
                markdown, folds = site_build.fold_into_headings(markdown)
                if folds:
                    self._folds[uri] = folds
            # MkDocs has read the generated source (it keeps the Markdown returned here): free it, the
            # build holds every page at once and at 10,000 people these sources are hundreds of MB
            page.file.content_bytes = b""
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        self._converted += 1
        if self._converted % FREEZE_EVERY == 0:
            gc.freeze()  # the pages converted so far live until the build ends (see on_files)
        if uri in self._generated and page.file.generated_by is not None:
            html = site_build.unfold(html, self._folds.pop(uri, []))
            # the sections search leaves out are set aside as well (see site_build.stash_excluded_sections)
            stash = self._stash.setdefault(uri, [])
            html = site_build.stash_excluded_sections(html, stash)
        return html

    @event_priority(-100)  # after the search plugin (priority 0) has indexed the page's prose
    def on_page_context(self, context, *, page, config, nav):
        stash = self._stash.pop(page.file.src_uri, None)
        if stash:
            page.content = site_build.unstash_html(page.content, stash)
        return context

    # -- live preview

    def on_serve(self, server, *, config, builder):
        if self._goals_path is not None and self._goals_path.is_dir():
            server.watch(str(self._goals_path))
        if self._root is not None and (self._root / "pyproject.toml").is_file():
            server.watch(str(self._root / "pyproject.toml"))  # [tool.truenorth] severities
        return server
