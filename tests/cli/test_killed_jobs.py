"""A check stopped while its worker processes read a large folder leaves no process behind (issue 16).

A real `truenorth check` runs in a subprocess on an organisation large enough for workers
(TRUENORTH_JOBS=2). Once its workers are seen in /proc the check is frozen (SIGSTOP), so that the
pool is certainly still at work when it is stopped: by SIGKILL, by SIGTERM, or by a Ctrl-C sent to
the whole process group as a terminal does. Every worker seen must be gone soon after. The same for the child a large site build forks to
share its pages (truenorth.mkdocs_plugin.speedups.fork), held at work by a Markdown extension made for the test.
Linux only: the processes are found through /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds processes through /proc")

WAIT = 60  # seconds: the most any step may take (a busy machine), never the time a test expects


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], fields[19]


def _children(pid: int) -> dict[int, str]:
    """pid -> start time of each child process of pid."""
    found = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids = (task / "children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        for child in map(int, pids):
            stat = _stat(child)
            if stat is not None:
                found[child] = stat[1]
    return found


def _alive(pid: int, start: str) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[1] == start and stat[0] != "Z"  # a zombie has ended (init reaps it)


@pytest.fixture(scope="module")
def large_org(tmp_path_factory) -> Path:
    """An organisation of more than 3,000 goals files: read by workers (PARALLEL_MIN_FILES is 1,000)."""
    root = tmp_path_factory.mktemp("killed") / "org"
    subprocess.run([sys.executable, str(REPO / "scripts" / "synth_org.py"), "--people", "3000", "--out", str(root)],
                   check=True, capture_output=True, timeout=300)
    return root


def _as_from_a_terminal() -> None:
    """Ctrl-C as a terminal's foreground job gets it: a shell runs a background job (`cmd &`) with SIGINT
    ignored, and a process started so inherits that (Python then installs no handler), so the tests, when
    run in the background, would see a check that Ctrl-C cannot reach."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _check_frozen_at_work(root: Path, cache: Path) -> tuple[subprocess.Popen, dict[int, str]]:
    """A check started in its own process group and frozen as soon as it has workers; its workers."""
    env = {**os.environ, "TRUENORTH_JOBS": "2", "TRUENORTH_CACHE_DIR": str(cache)}
    check = subprocess.Popen([sys.executable, "-m", "truenorth", "check", "--root", str(root), "--no-cache", "-q"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                             preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + WAIT
    while len(_children(check.pid)) < 2:  # both workers (TRUENORTH_JOBS=2)
        if check.poll() is not None or time.monotonic() > deadline:
            check.kill()
            pytest.fail(f"the check ended (code {check.returncode}) before its workers were seen")
        time.sleep(0.002)
    os.kill(check.pid, signal.SIGSTOP)
    workers = _children(check.pid)
    assert len(workers) == 2 and check.poll() is None
    return check, workers


def _gone(workers: dict[int, str]) -> list[int]:
    """The workers still running after at most WAIT seconds (none, when all is well)."""
    deadline = time.monotonic() + WAIT
    while True:
        left = [pid for pid, start in workers.items() if _alive(pid, start)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.02)


def _clean_up(check: subprocess.Popen, workers: dict[int, str]) -> None:
    for pid, start in workers.items():
        if _alive(pid, start):
            os.kill(pid, signal.SIGKILL)
    if check.poll() is None:
        check.kill()
        check.wait(WAIT)
    if check.stderr is not None:
        check.stderr.close()


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "Ctrl-C"])
def test_a_stopped_check_leaves_no_worker_behind(large_org, tmp_path, how):
    for attempt in range(3):
        check, workers = _check_frozen_at_work(large_org, tmp_path / f"cache-{attempt}")
        try:
            if how == "SIGKILL":
                os.kill(check.pid, signal.SIGKILL)
            elif how == "SIGTERM":
                os.kill(check.pid, signal.SIGTERM)
            else:
                os.killpg(check.pid, signal.SIGINT)  # a terminal's Ctrl-C: the check and its workers
            os.kill(check.pid, signal.SIGCONT)
            code = check.wait(WAIT)
            assert _gone(workers) == []
            errors = check.stderr.read().decode()  # only now: a worker left behind would hold the pipe open
            if how == "Ctrl-C" and (code, errors) == (0, "") and attempt < 2:
                # On a busy machine the check can be frozen only as it leaves (its workers still listed, its
                # answer printed, os._exit under way, which no signal handler interrupts): a finished check,
                # not an interrupted one. Try again; three in a row would be no race.
                continue
            if how == "SIGKILL":
                assert code == -signal.SIGKILL
            elif how == "SIGTERM":  # the conventional code for a process ended by SIGTERM, one line, no traceback
                assert (code, errors) == (143, "truenorth: terminated\n")
            else:
                assert (code, errors) == (130, "truenorth: interrupted\n")
            return
        finally:
            _clean_up(check, workers)


_BLOCKING_EXTENSION = '''
"""A Markdown extension for this test only: in a forked child of the build, it never returns."""
import os
import time

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

BUILD = os.getpid()  # imported by the build itself, when MkDocs reads mkdocs.yml


class Block(Preprocessor):
    def run(self, lines):
        if os.getpid() != BUILD:
            with open(os.environ["BLOCKED_MARK"] + ".part", "w") as mark:
                mark.write(str(os.getpid()))
            os.rename(os.environ["BLOCKED_MARK"] + ".part", os.environ["BLOCKED_MARK"])
            time.sleep(3600)
        return lines


class BlockInChild(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Block(md), "block_in_child", 0)


def makeExtension(**kwargs):
    return BlockInChild(**kwargs)
'''

# `truenorth build`, with the pages shared with a child from the first page on (tests only: a real
# build shares from PAIRS_MIN_PAGES pages, more than a test's organisation has)
_BUILD_SHARING_EVERY_PAGE = "import sys; from truenorth.mkdocs_plugin.speedups import fork; fork.PAIRS_MIN_PAGES = 0; " \
                            "from truenorth.cli import entry; entry()"


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_a_stopped_site_build_leaves_no_child_behind(tmp_path, how):
    from tests.site_build import helpers

    root = helpers.small_org(tmp_path / "repo")
    (root / "block_in_child.py").write_text(_BLOCKING_EXTENSION, encoding="utf-8")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "markdown_extensions:\n  - block_in_child\n", encoding="utf-8")
    env = {**os.environ, "TRUENORTH_JOBS": "2", "TRUENORTH_CACHE_DIR": str(tmp_path / "cache"),
           "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join([str(root), str(REPO)]),
           "BLOCKED_MARK": str(tmp_path / "blocked")}
    out = tmp_path / "out"
    out.mkdir()
    log = tmp_path / "stderr.txt"
    with log.open("wb") as errors:
        build = subprocess.Popen([sys.executable, "-c", _BUILD_SHARING_EVERY_PAGE, "build", "--root", str(root),
                                  "--site-dir", str(out / "site")], env=env, cwd=root,
                                 stdout=subprocess.DEVNULL, stderr=errors)
    children: dict[int, str] = {}
    try:
        deadline = time.monotonic() + WAIT
        while not (tmp_path / "blocked").is_file():  # a child converting pages is forked, and blocks in the extension
            if build.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the build ended (code {build.returncode}) before a child was seen")
            time.sleep(0.01)
        children = _children(build.pid)
        assert int((tmp_path / "blocked").read_text()) in children
        build.send_signal(getattr(signal, how))
        code = build.wait(WAIT)
        assert _gone(children) == []
        if how == "SIGKILL":
            assert code == -signal.SIGKILL
        else:  # stopped cleanly: its temporary site folder is gone, one line says why
            assert code == 143
            assert log.read_text(encoding="utf-8").splitlines()[-1] == "truenorth: terminated"
            assert os.listdir(out) == []
    finally:
        _clean_up(build, children)
