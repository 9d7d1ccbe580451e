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


# A Python that cannot import jsonschema-rs, as on a platform it has no wheel for: truenorth's command line,
# run whole, must then say so and give the same findings with the pure-Python jsonschema.
WITHOUT_JSONSCHEMA_RS = ("import sys; sys.modules['jsonschema_rs'] = None; sys.argv[0] = 'truenorth'; "
                         "from truenorth.cli import entry; entry()")


def _truenorth(args, tmp_path, *, pure: bool):
    import os
    import subprocess
    import sys

    program = ["-c", WITHOUT_JSONSCHEMA_RS] if pure else ["-m", "truenorth"]
    return subprocess.run([sys.executable, *program, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TRUENORTH_CACHE_DIR": str(tmp_path / ("cache-pure" if pure else "cache"))})


def test_without_jsonschema_rs_the_command_line_says_so_and_finds_the_same(tmp_path):
    import json
    import os

    from tests.conftest import make_org

    if schema._jsonschema_rs is None and os.environ.get("TRUENORTH_REQUIRE_ACCELERATOR"):
        raise RuntimeError("jsonschema-rs is a core dependency with wheels for this platform, but is not importable")
    version = _truenorth(["--version"], tmp_path, pure=True)
    assert version.returncode == 0, version.stderr
    assert "Schema validator: jsonschema " in version.stdout and "(pure Python" in version.stdout
    if schema._jsonschema_rs is not None:
        assert "Schema validator: jsonschema-rs " in _truenorth(["--version"], tmp_path, pure=False).stdout
    for case in ("tn008-misspelt-key", None):
        root = make_org(tmp_path / (case or "valid"), FAILING / case if case else None)
        answers = [_truenorth(["check", "--root", str(root), "--format", "json", "--no-cache"], tmp_path, pure=pure)
                   for pure in (False, True)]
        assert [a.returncode for a in answers] == [1 if case else 0] * 2, answers[1].stderr
        with_fast, pure = (json.loads(a.stdout)["findings"] for a in answers)
        assert with_fast == pure and bool(pure) == bool(case)
    sample = _truenorth(["check", "--root", str(REPO_ROOT)], tmp_path, pure=True)
    assert sample.returncode == 0, sample.stdout + sample.stderr
