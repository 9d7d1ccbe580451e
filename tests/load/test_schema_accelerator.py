"""The optional compiled validator must agree with jsonschema on every file we have; truenorth works without it."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from tests.conftest import FAILING, REPO_ROOT, VALID_ORG
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.load import layout, schema
from truenorth.load.yaml_nodes import YamlProblem, decode, parse


def all_goal_files():
    for goals in [REPO_ROOT / "goals", VALID_ORG / "goals", *(c / "goals" for c in FAILING.iterdir())]:
        for path in layout.yaml_files(goals):
            kind = layout.kind_of(PurePosixPath(path.relative_to(goals).as_posix()))
            if kind:
                yield path, kind


def test_compiled_validator_agrees_with_jsonschema_on_every_file():
    if schema.fast_validator_for("person") is None:
        pytest.skip("jsonschema-rs is not installed")
    compared = 0
    for path, kind in all_goal_files():
        try:
            doc = parse(decode(path.read_bytes()))
        except YamlProblem:
            continue
        slow_valid = not list(schema.validator_for(kind).iter_errors(doc.data))
        assert schema.fast_validator_for(kind).is_valid(doc.data) == slow_valid, path
        compared += 1
    assert compared > 60


def test_check_is_the_same_without_the_accelerator(monkeypatch, tmp_path):
    from tests.conftest import make_org

    root = make_org(tmp_path, FAILING / "tn008-misspelt-key")
    with_fast = [(f.code, f.location, f.message) for f in run_check(load_config(root)).findings]
    monkeypatch.setattr(schema, "fast_validator_for", lambda kind: None)
    without = [(f.code, f.location, f.message) for f in run_check(load_config(root)).findings]
    assert with_fast == without and with_fast
    assert run_check(load_config(REPO_ROOT)).findings == []
