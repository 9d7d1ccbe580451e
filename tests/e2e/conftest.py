"""End-to-end fixtures: the sample site built once, served on 127.0.0.1, opened in the system Chromium.

pytest-playwright provides `page`; the browser is the Chromium the machine has (Debian's
/usr/bin/chromium, installed by the CI script), never a download. Without it the tests skip.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.site_build import helpers
from tests.site_build.helpers import REPO_ROOT


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


CHROMIUM = _chromium()
try:
    import pytest_playwright  # noqa: F401

    PLAYWRIGHT = True
except ImportError:  # pragma: no cover
    PLAYWRIGHT = False


def pytest_collection_modifyitems(config, items):
    reason = None
    if not PLAYWRIGHT:
        reason = "pytest-playwright is not installed (pip install -e '.[test]')"
    elif CHROMIUM is None:
        reason = "no Chromium binary on PATH (apt-get install chromium); the CI script installs it"
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu", "--no-first-run", "--disable-default-apps"],
    }


@pytest.fixture(scope="session")
def e2e_result():
    from truenorth.check import run_check
    from truenorth.config import load_config

    return run_check(load_config(REPO_ROOT))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory, e2e_result):
    """The sample site, built once, served by the stdlib on a free port; its base URL ends with '/'."""
    site = helpers.sample_site(tmp_path_factory, e2e_result.has_errors)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def requests_seen(page, site_url):
    """Every URL the page requests; at the end of the test none may have left the local server."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.set_default_timeout(15_000)
    yield seen
    foreign = [url for url in seen if not url.startswith(site_url) and not url.startswith(("data:", "blob:"))]
    assert not foreign, f"requests to another origin: {foreign}"
