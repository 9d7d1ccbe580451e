"""A large organisation's rules run on two cores (check.RULES_FORK_MIN_GOALS): a forked child runs every
other rule and works out the summary's counts. For every failing fixture, the findings and the summary are
those of one core; a child that fails leaves its share to the check's own process, with the same result."""

from __future__ import annotations

import pytest

from tests.conftest import FAILING, make_org
from truenorth import check, processes
from truenorth.config import load_config

FIXTURES = sorted(path for path in FAILING.iterdir() if (path / "goals").is_dir())
ONE_CHILD = processes.ChildStream


class CountedChild(ONE_CHILD):
    started = 0

    def __init__(self, produce) -> None:
        CountedChild.started += 1
        super().__init__(produce)


class FailingChild(ONE_CHILD):
    def __init__(self, produce) -> None:
        def fail(send) -> None:
            raise RuntimeError("the child breaks before it sends anything")

        super().__init__(fail)


def checked(root, jobs: int):
    result = check.run_check(load_config(root), jobs=jobs)
    return list(result.findings), result.summary


@pytest.mark.parametrize("child", [CountedChild, FailingChild])
def test_two_cores_find_what_one_finds(tmp_path, monkeypatch, child):
    monkeypatch.setattr(check, "RULES_FORK_MIN_GOALS", 0)  # the fixtures are small
    started = CountedChild.started
    for number, fixture in enumerate(FIXTURES):
        root = make_org(tmp_path / str(number), fixture)
        one = checked(root, jobs=1)
        monkeypatch.setattr(processes, "ChildStream", child)
        two = checked(root, jobs=2)
        monkeypatch.setattr(processes, "ChildStream", ONE_CHILD)
        assert two == one, fixture.name
        assert one[0], fixture.name  # (each fixture fails something)
    if child is CountedChild:
        assert CountedChild.started - started == len(FIXTURES)  # every check of two shared its rules


def test_one_core_and_small_organisations_fork_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(processes, "ChildStream", CountedChild)
    started = CountedChild.started
    root = make_org(tmp_path, FIXTURES[0])
    checked(root, jobs=2)  # the sample's few goals: below RULES_FORK_MIN_GOALS
    monkeypatch.setattr(check, "RULES_FORK_MIN_GOALS", 0)
    checked(root, jobs=1)
    assert CountedChild.started == started


class _Failing:
    """A rule that fails (in the check's own process: the first rule is its share)."""

    code = "TN999"

    def check(self, ctx):
        raise RuntimeError("a rule that fails")


def test_a_rule_that_fails_in_the_checks_process_stops_the_child_too(tmp_path, monkeypatch):
    import os

    import truenorth.rules

    monkeypatch.setattr(check, "RULES_FORK_MIN_GOALS", 0)
    monkeypatch.setattr(processes, "ChildStream", CountedChild)
    monkeypatch.setattr(truenorth.rules, "GRAPH_RULES", [_Failing(), *truenorth.rules.GRAPH_RULES])
    started = CountedChild.started
    root = make_org(tmp_path, FIXTURES[0])
    with pytest.raises(RuntimeError, match="a rule that fails"):
        check.run_check(load_config(root), jobs=2)
    assert CountedChild.started == started + 1  # the child was there
    with pytest.raises(ChildProcessError):  # and is gone: killed and reaped, not waited for nor left behind
        os.waitpid(-1, os.WNOHANG)
