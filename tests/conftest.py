"""Shared fixtures: a small valid organisation, and overlays of it that each break one thing."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests (hypothesis): a bounded number of examples in the suite and in CI; a long run
# is one command: TRUENORTH_FUZZ=long scripts/test.sh tests -k fuzz
settings.register_profile("suite", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile("long" if os.environ.get("TRUENORTH_FUZZ") == "long" else "suite")

FIXTURES = Path(__file__).parent / "fixtures"
VALID_ORG = FIXTURES / "valid-org"
FAILING = FIXTURES / "failing"
REPO_ROOT = Path(__file__).resolve().parents[1]


def make_org(tmp_path: Path, overlay: Path | None = None, files: dict[str, str | bytes] | None = None) -> Path:
    """A copy of the valid organisation in tmp_path, with an overlay folder and/or files written over it."""
    root = tmp_path / "org"
    shutil.copytree(VALID_ORG, root)
    if overlay is not None:
        shutil.copytree(overlay, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    for rel, content in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def org_factory(tmp_path):
    return lambda overlay=None, files=None: make_org(tmp_path, overlay, files)


def pytest_configure(config):
    """Session-wide fixtures (the sample site build) get a throwaway check cache too."""
    config._truenorth_cache = tempfile.mkdtemp(prefix="truenorth-test-cache-")
    os.environ["TRUENORTH_CACHE_DIR"] = config._truenorth_cache


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "_truenorth_cache", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own empty check cache, never the user's ~/.cache/truenorth."""
    monkeypatch.setenv("TRUENORTH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
