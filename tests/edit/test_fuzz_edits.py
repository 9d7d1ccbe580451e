"""The edit engine's verdict agrees with a fresh check: a change it accepts brings no new error finding when
written and checked from scratch (no cache), and one it refuses does bring one, and leaves every file as it was."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.edit.helpers import sample_copy, snapshot
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.edit import ChangeSet, EditRefused
from truenorth.findings import Severity


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = sample_copy(tmp_path_factory.mktemp("fuzz-edits"))
    config = load_config(root)
    result = run_check(config)
    return root, config, sorted(result.org.goals), _errors(result.findings)


def _errors(findings) -> Counter:
    return Counter((f.code, f.location.path, f.message) for f in findings if f.severity == Severity.ERROR)


def _mutate(item, op: str, other: str) -> None:
    supports = item["supports"]
    if op == "link":
        supports.append(other)
    elif op == "unlink" and len(supports):
        del supports[0]
    elif op == "retire":
        item["status"] = "retired"
    elif op == "rename-link" and len(supports):
        supports[0] = other
    else:
        item["title"] = "x" * 201  # (too long for the schema)


@given(data=st.data())
def test_the_verdict_agrees_with_a_fresh_check(sample, data):
    root, config, goal_ids, errors_before = sample
    goal = data.draw(st.sampled_from(goal_ids), label="goal")
    other = data.draw(st.sampled_from([*goal_ids, "vision", "no-such-goal"]), label="other")
    op = data.draw(st.sampled_from(["link", "unlink", "retire", "rename-link", "long-title"]), label="op")
    files = snapshot(root)
    changes = ChangeSet(root, use_cache=data.draw(st.booleans(), label="use_cache"))
    _document, item = changes.goal(goal)
    _mutate(item, op, other)
    rendered = changes.rendered()
    try:
        changes.apply()
        accepted = True
    except EditRefused as refused:
        accepted = False
        assert snapshot(root) == files
        assert refused.findings
    try:
        if not accepted:  # write it anyway, to see what a fresh check says of it
            for path, data_ in rendered.items():
                (root / path).write_bytes(data_)
        fresh = _errors(run_check(config).findings)
        brought = fresh - errors_before
        assert bool(brought) == (not accepted), (op, goal, other, brought)
    finally:
        for path, content in files.items():
            (root / path).write_bytes(content)
