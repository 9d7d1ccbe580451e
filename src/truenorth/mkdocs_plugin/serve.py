"""`truenorth serve`: MkDocs' live preview, whose rebuilds build only the pages whose Markdown changed.

What `mkdocs serve` does (mkdocs.commands.serve), on the same public pieces (`load_config`,
`build`, `LiveReloadServer`), with one difference: the first build is a clean one and every
rebuild after a save a dirty one (`build(config, dirty=True)`, MkDocs' `--dirty`), which the
truenorth plugin makes exact (incremental.py: the pages whose Markdown is unchanged are left as
they are, the others built, the search index completed). The plugins start as for a plain
`mkdocs serve` (`on_startup(command="serve", dirty=False)`): the search plugin writes what it
indexed in each build and the truenorth plugin merges it.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("mkdocs.commands.serve")


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns at every dirty build that the nav may be wrong: here it is not (incremental.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


COLLECT_AFTER = 0.5
"""Seconds after a build at which the garbage of the build before it is collected (see PreviewSite.build)."""


def _collect_garbage() -> None:
    gc.unfreeze()  # (the plugin froze what its build holds: speedups.gc_freeze)
    gc.collect()


class PreviewSite:
    """The preview's site folder and its builds: `build()` once, then again after each save."""

    def __init__(self, config_file: Path, dev_addr: str = "127.0.0.1:8000", site_dir: Path | None = None) -> None:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        self.config_file = config_file
        self.dev_addr = dev_addr
        self._own_dir = site_dir is None
        self.site_dir = Path(tempfile.mkdtemp(prefix="mkdocs_")) if site_dir is None else site_dir
        self.config = self._load()
        self.config.plugins.on_startup(command="serve", dirty=False)
        host, port = self.config.dev_addr
        mount_path = urlsplit(self.config.site_url or "/").path
        self.mount_path = "/" + mount_path.strip("/") + "/" if mount_path.strip("/") else "/"
        self.url = f"http://{host}:{port}{self.mount_path}"
        self.config.site_url = self.url
        self._built = False  # a build has succeeded: the next one is a dirty one
        self._collector: threading.Timer | None = None

    def _load(self):
        from mkdocs.config import load_config

        return load_config(config_file=str(self.config_file), site_dir=str(self.site_dir), dev_addr=self.dev_addr)

    def build(self, config=None) -> None:
        """Build the site (the first time in full, then dirty); mkdocs.yml read again when config is None."""
        from mkdocs.commands.build import build

        log.info("Building documentation...")
        if config is None:
            config = self._load()
            config.site_url = self.url
        quiet = _NoDirtyWarning()
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.addFilter(quiet)
        self._cancel_collector()  # (not yet run: the plugin collects as this build starts, as it always did)
        try:
            build(config, serve_url=self.url, dirty=self._built)
        except BaseException:
            self._built = False
            raise
        finally:
            build_log.removeFilter(quiet)
        self._built = True
        # The last build's objects (MkDocs' pages and files hold cycles) are collected once this build's pages
        # are served, not as the next save's build starts (1.5 s of the save's wait at 10,000 people): the
        # plugin then finds nothing frozen and does not collect again. A save before then collects as before.
        self._collector = threading.Timer(COLLECT_AFTER, _collect_garbage)
        self._collector.daemon = True
        self._collector.start()

    def _cancel_collector(self) -> None:
        if self._collector is not None:
            self._collector.cancel()
            self._collector.join()  # (one already collecting finishes first)
            self._collector = None

    def close(self) -> None:
        self._cancel_collector()
        self.config.plugins.on_shutdown()
        if self._own_dir:
            shutil.rmtree(self.site_dir, ignore_errors=True)


def _notified_of_changes(server) -> None:
    """The server's file watcher told of changes by the system (inotify on Linux: watchdog's native Observer)
    instead of polling: MkDocs' PollingObserver lists and stats every watched file every 0.5 s, which at
    10,000 people's goals files takes about 0.5 s itself (in a thread that holds the interpreter while the
    rebuild runs) and sees a save 0.25-1 s late. `server.observer` is the server's public attribute, set
    before anything is watched; where no native observer starts, polling stays."""
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    if not isinstance(getattr(server, "observer", None), PollingObserver) or os.environ.get(POLL_ENV):
        return
    if watchdog.observers.Observer is PollingObserver:  # (no native observer on this platform)
        return
    from watchdog import events

    # only what writes (a native observer also reports files opened and read: every build reads the
    # playbook's pages, which would start the next build, and the next)
    writes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
              events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    class WriteObserver(watchdog.observers.Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or writes,
                                    follow_symlink=follow_symlink)

    try:
        observer = WriteObserver()
    except Exception:  # noqa: BLE001 - anything wrong with the native observer: polling, as MkDocs does
        return
    observer.daemon = True
    server.observer = observer


POLL_ENV = "TRUENORTH_SERVE_POLL"
"""Set (to anything) to keep MkDocs' polling file watcher (say, for a goals folder on a network share)."""


def serve(config_file: Path, dev_addr: str) -> None:
    """The live preview of the site of config_file on dev_addr, until stopped (Ctrl-C)."""
    from mkdocs.livereload import LiveReloadServer

    site = PreviewSite(config_file, dev_addr)
    try:
        host, port = site.config.dev_addr
        server = LiveReloadServer(builder=site.build, host=host, port=port, root=str(site.site_dir),
                                  mount_path=site.mount_path)
        _notified_of_changes(server)

        def error_page(code: int) -> bytes | None:
            page = site.site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        site.build(site.config)
        server.watch(site.config.docs_dir)
        if site.config.config_file_path:
            server.watch(site.config.config_file_path)
        server = site.config.plugins.on_serve(server, config=site.config, builder=site.build)
        for item in site.config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        site.close()
