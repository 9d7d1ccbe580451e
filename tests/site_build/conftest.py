"""The sample site, built once per session with MkDocs from the repository's own mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site_build import helpers
from tests.site_build.helpers import REPO_ROOT


@pytest.fixture(scope="session")
def sample_result():
    from truenorth.check import run_check
    from truenorth.config import load_config

    return run_check(load_config(REPO_ROOT))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, sample_result) -> Path:
    return helpers.sample_site(tmp_path_factory, sample_result.has_errors)
