"""`truenorth serve` never hangs: while the goals have errors the preview answers at once, every page
with a banner listing the public findings, and the next good save takes the banner away.

MkDocs' server holds a page request until a build succeeds, so before this a broken goals file left the
browser waiting with the error only in the terminal (and a broken one at start stopped the server).
These tests run a real server (a subprocess on a free port of 127.0.0.1), with bounded waits, and always
stop it.
"""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from tests.site_build.helpers import TODAY, site_text, small_org
from truenorth.cli import cli

REQUEST_TIMEOUT = 60  # a page request that waits this long is the hang this file is about
STARTUP = 180  # bounded waits, generous: the machine running the suite may be busy
CHANGE = 120

BANNER = re.compile(r'<div class="tn-preview-errors".*?for every finding\.</div>', re.S)

BOB = Path(__file__).resolve().parents[1] / "fixtures/valid-org/goals/people/bob.yaml"
GOOD = BOB.read_text(encoding="utf-8")
# a public goal that supports a goal nobody wrote, and a private one that does the same
BROKEN = GOOD.replace("supports: [team-callbacks]", "supports: [team-nowhere]") + """\
  - id: bob-zz-secret
    title: Pelargonium secret
    supports: [nowhere-secret]
    owner: bob
    period: 2027-Q1
    visibility: private
"""
MARKUP = GOOD.replace("owner: bob", 'owner: "<em>zed</em>"', 1)  # a finding that quotes markup


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    def __init__(self, proc: subprocess.Popen, port: int, log: Path):
        self.proc, self.port, self.log = proc, port, log

    def get(self, path: str = "/") -> tuple[int, str]:
        """One page request, which must answer within REQUEST_TIMEOUT (urllib raises otherwise)."""
        assert self.proc.poll() is None, f"the server stopped:\n{self.log.read_text(errors='replace')}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=REQUEST_TIMEOUT) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def wait_until(self, wanted, what: str, path: str = "/") -> str:
        deadline = time.monotonic() + CHANGE
        while True:
            status, page = self.get(path)
            if status == 200 and wanted(page):
                return page
            assert time.monotonic() < deadline, f"{what}: not within {CHANGE} s\n{self.log.read_text(errors='replace')}"
            time.sleep(0.3)


@contextmanager
def serving(root: Path):
    port = _free_port()
    log = root.parent / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "truenorth", "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}",
             "--today", TODAY], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + STARTUP
        while True:  # until it listens (or stops)
            assert proc.poll() is None, f"the server stopped:\n{log.read_text(errors='replace')}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"no server within {STARTUP} s\n{log.read_text(errors='replace')}"
                time.sleep(0.2)
        yield Preview(proc, port, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


def banner(page: str) -> str | None:
    """The banner's text, its character references read back (it escapes what it quotes)."""
    match = BANNER.search(page)
    return html.unescape(match.group(0)) if match else None


def test_a_broken_goals_file_gives_a_banner_not_a_hang_and_a_good_save_takes_it_away(tmp_path):
    root = small_org(tmp_path / "org", {"goals/people/bob.yaml": BROKEN})
    with serving(root) as preview:
        # (1) started broken: the page answers, with the banner naming the public finding
        status, page = preview.get("/")
        assert status == 200
        shown = banner(page)
        assert shown is not None, page
        assert "goals/people/bob.yaml:" in shown and "TN102" in shown and "team-nowhere" in shown
        assert "Run <code>truenorth check</code> for every finding." in shown
        # nothing about the private goal, not even that it has a finding
        assert "secret" not in shown.lower() and "private" not in shown.lower()
        status, play = preview.get("/plays/voice/")  # a hand-written page carries it too
        assert status == 200 and banner(play) is not None
        # the banner is only where the reader sees it: never in the search index
        status, index = preview.get("/search/search_index.json")
        assert status == 200 and "tn-preview-errors" not in index and "for every finding" not in index

        # (2) fixed: the next build has no banner
        (root / "goals/people/bob.yaml").write_text(GOOD, encoding="utf-8")
        page = preview.wait_until(lambda text: banner(text) is None, "the banner to go after the fix")
        assert "tn-preview-errors" not in page

        # (3) broken again while serving: still answers, with the banner back, what it quotes escaped
        (root / "goals/people/bob.yaml").write_text(MARKUP, encoding="utf-8")
        page = preview.wait_until(lambda text: banner(text) is not None, "the banner to come back")
        assert "'<em>zed</em>' is not a valid id" in banner(page)
        assert "<em>" not in BANNER.search(page).group(0)


def test_settings_broken_while_serving_give_a_banner_saying_why_and_a_good_save_brings_the_cascade_back(tmp_path):
    root = small_org(tmp_path / "org", {"pyproject.toml": "[tool.truenorth]\n"})
    with serving(root) as preview:
        status, page = preview.get("/cascade/")
        assert status == 200 and banner(page) is None
        (root / "pyproject.toml").write_text("[tool.truenorth]\nno_such_setting = 1\n", encoding="utf-8")
        page = preview.wait_until(lambda text: banner(text) is not None, "the banner for the settings",
                                  "/plays/voice/")
        assert "no_such_setting" in banner(page), page
        status, missing = preview.get("/cascade/")  # not made this time: the 404 page says why
        assert status == 404 and banner(missing) is not None and "no_such_setting" in banner(missing)
        (root / "pyproject.toml").write_text("[tool.truenorth]\n", encoding="utf-8")
        page = preview.wait_until(lambda text: banner(text) is None, "the cascade after the settings' fix",
                                  "/cascade/")
        assert "tn-preview-errors" not in page


def test_a_built_site_with_errors_still_fails_and_never_carries_the_banner(tmp_path):
    root = small_org(tmp_path / "org", {"goals/people/bob.yaml": BROKEN})
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                                       "--today", TODAY])
    assert result.exit_code == 1, result.output
    assert "team-nowhere" in result.output

    yml = root / "mkdocs.yml"  # built anyway (on_error: warn): the findings are the alignment report's, no banner
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - truenorth\n", "  - truenorth:\n      on_error: warn\n"),
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(tmp_path / "warned"),
                                       "--today", TODAY])
    assert result.exit_code == 0, result.output
    pages = dict(site_text(tmp_path / "warned"))
    assert "team-nowhere" in pages["cascade/alignment/index.html"]
    assert not any("tn-preview-errors" in text for text in pages.values())
