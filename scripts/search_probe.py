#!/usr/bin/env python3
"""How usable is a built site's search? Time the first search in a real browser (issue 8, item 5).

Serves SITE_DIR on 127.0.0.1 (the standard library's http.server, in a thread), opens its home
page in headless Chromium through Playwright (the machine's /usr/bin/chromium, nothing is
downloaded), presses "/" to open the search box as a reader would, types QUERY key by key, and
measures the time from that first key press ("/") until the search answers: the first result is
shown (or "No matching documents"). The home page is opened with a cold cache and the keys are
pressed as soon as it has loaded, so the time includes whatever is left of fetching
search/search_index.json and building the search index in Material's web worker, plus the typing
itself (len(QUERY) keys, `delay` ms apart).

Prints one JSON object:

    {"index_bytes": 1579341, "first_search_seconds": 1.234, "results": 7}

index_bytes is the size of search/search_index.json; results is the number of matching documents
Material reports (0 when none; first_search_seconds is null when no answer came within the timeout).

example: python scripts/search_probe.py site "Resolve price changes"
For scripts/bench.py: `from search_probe import probe; probe(Path("site"), "query")`.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu", "--no-first-run", "--disable-default-apps"]

# Material's search dialog: the input, the result items and the line above them ("3 matching documents")
INPUT = "input.md-search__input"
ITEM = ".md-search-result__item"
META = ".md-search-result__meta"
# true once the search has answered the typed query: a result is shown, or "No matching documents"
_ANSWERED = """([item, meta]) => {
  const shown = [...document.querySelectorAll(item)].some(el => el.offsetParent !== null);
  const text = (document.querySelector(meta) || {}).textContent || "";
  return shown || /^\\s*No matching/i.test(text);
}"""


def chromium_path() -> str:
    """The machine's Chromium (Debian's /usr/bin/chromium); never one Playwright would download."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("search_probe: no Chromium found (apt-get install chromium)")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class _Server:
    """SITE_DIR served on a free port of 127.0.0.1 for the life of a `with` block."""

    def __init__(self, site_dir: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(site_dir))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="search-probe-server", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def _count(meta_text: str) -> int:
    """The number of matching documents in Material's result line ("3 matching documents")."""
    text = meta_text.strip()
    if re.match(r"(?i)no matching", text):
        return 0
    match = re.search(r"\d[\d,.\s]*", text)
    return int(re.sub(r"\D", "", match.group(0))) if match else 0


def probe(site_dir: Path, query: str, *, timeout: float = 120.0, delay: float = 20.0,
          chromium: str | None = None) -> dict:
    """Time the first search of `query` on the site built in site_dir; see the module docstring.

    timeout: seconds to wait for the answer after typing; delay: milliseconds between two keys.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    site_dir = Path(site_dir)
    index = site_dir / "search" / "search_index.json"
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir} holds no built site (no index.html)")
    index_bytes = index.stat().st_size if index.is_file() else 0
    seconds: float | None = None
    results = 0
    with _Server(site_dir) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium or chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()  # a fresh profile: nothing cached
            page = context.new_page()
            page.set_default_timeout(timeout * 1000)
            page.goto(url, wait_until="load")
            started = time.perf_counter()
            page.keyboard.press("/")
            box = page.locator(INPUT)
            box.wait_for(state="visible")
            box.press_sequentially(query, delay=delay)
            try:
                page.wait_for_function(_ANSWERED, arg=[ITEM, META], timeout=timeout * 1000, polling="raf")
                seconds = time.perf_counter() - started
                results = _count(page.locator(META).first.text_content() or "")
                if results == 0:  # no count shown, yet results are: count the items
                    results = page.locator(ITEM).count()
            except PlaywrightTimeout:
                seconds = None
            context.close()
        finally:
            browser.close()
    return {"index_bytes": index_bytes,
            "first_search_seconds": None if seconds is None else round(seconds, 3),
            "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", type=Path, help="a built site (the folder holding index.html)")
    parser.add_argument("query", help="what to type into the search box")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for an answer (default 120)")
    parser.add_argument("--delay", type=float, default=20.0, help="milliseconds between two keys (default 20)")
    args = parser.parse_args(argv)
    try:
        result = probe(args.site_dir, args.query, timeout=args.timeout, delay=args.delay)
    except FileNotFoundError as exc:
        print(f"search_probe: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0 if result["first_search_seconds"] is not None else 1


if __name__ == "__main__":
    sys.exit(main())
