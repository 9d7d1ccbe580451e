"""A large organisation's rules run on two cores (check.RULES_FORK_MIN_GOALS): a forked child runs every
other rule and works out the summary's counts. For every failing fixture, the findings and the summary are
those of one core; a child that fails leaves its share to the check's own process, with the same result;
a rule that fails in the check's own process stops the child too.

Each case runs in a fresh Python process: the check forks only from a process with one thread (a test
session may have others, left by a browser or a server test), as the command line is."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FAILING, make_org

FIXTURES = sorted(path for path in FAILING.iterdir() if (path / "goals").is_dir())

SCRIPT = r'''
import json, os, sys
from pathlib import Path
from truenorth import check, processes
from truenorth.config import load_config

mode, roots = sys.argv[1], sys.argv[2:]
check.RULES_FORK_MIN_GOALS = 0  # the fixtures are small
ONE_CHILD = processes.ChildStream
started = []


class CountedChild(ONE_CHILD):
    def __init__(self, produce):
        started.append(1)
        super().__init__(produce)


class FailingChild(ONE_CHILD):
    def __init__(self, produce):
        started.append(1)

        def fail(send):
            raise RuntimeError("the child breaks before it sends anything")

        super().__init__(fail)


def checked(root, jobs):
    result = check.run_check(load_config(Path(root)), jobs=jobs)
    return [repr(f) for f in result.findings], repr(result.summary)


out = {"differ": [], "empty": [], "started": 0}
if mode == "failing rule":
    import truenorth.rules

    class Failing:
        code = "TN999"

        def check(self, ctx):
            raise RuntimeError("a rule that fails")

    processes.ChildStream = CountedChild
    truenorth.rules.GRAPH_RULES = [Failing(), *truenorth.rules.GRAPH_RULES]
    try:
        check.run_check(load_config(Path(roots[0])), jobs=2)
        out["raised"] = None
    except RuntimeError as exc:
        out["raised"] = str(exc)
    try:
        os.waitpid(-1, os.WNOHANG)
        out["children left"] = True
    except ChildProcessError:
        out["children left"] = False
else:
    for root in roots:
        processes.ChildStream = ONE_CHILD
        one = checked(root, 1)
        processes.ChildStream = CountedChild if mode == "counted" else FailingChild
        two = checked(root, 2)
        if one != two:
            out["differ"].append(root)
        if not one[0]:
            out["empty"].append(root)
out["started"] = len(started)
print(json.dumps(out))
'''


def _run(mode: str, roots: list) -> dict:
    run = subprocess.run([sys.executable, "-c", SCRIPT, mode, *map(str, roots)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def roots(tmp_path_factory):
    base = tmp_path_factory.mktemp("two-cores")
    return [make_org(base / str(number), fixture) for number, fixture in enumerate(FIXTURES)]


@pytest.mark.parametrize("mode", ["counted", "failing child"])
def test_two_cores_find_what_one_finds(roots, mode):
    out = _run(mode, roots)
    assert out["differ"] == []
    assert out["empty"] == []  # (each fixture fails something)
    assert out["started"] >= len(roots)  # every check of two shared its rules (not one core after all)


def test_a_rule_that_fails_in_the_checks_process_stops_the_child_too(roots):
    out = _run("failing rule", roots[:1])
    assert out["raised"] == "a rule that fails"
    assert out["started"] >= 1  # a child was there
    assert out["children left"] is False  # and is gone: killed and reaped, not left behind
