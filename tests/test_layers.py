"""The package's layers hold (import-linter's contracts in pyproject.toml), and the cache is a plug-in of the
check: the loader never imports it, and neither does a check without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import truenorth

PACKAGE = Path(truenorth.__file__).parent


def test_the_import_contracts_in_pyproject_hold():
    """files -> load -> analysis -> rules -> check -> report / site / cache -> cli / plugin, the page layer
    pure, MkDocs only in its adapter, the loader unaware of the cache (see [tool.importlinter])."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=PACKAGE.parents[1], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize("module", ["truenorth.load", "truenorth.load.organisation", "truenorth.check"])
def test_importing_the_loader_or_the_check_loads_no_part_of_the_cache(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('truenorth.cache')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_a_check_without_cache_loads_no_part_of_it(org_factory):
    root = org_factory()
    code = ("import sys\nfrom click.testing import CliRunner\nfrom truenorth.cli import cli\n"
            f"done = CliRunner().invoke(cli, ['check', '--root', {str(root)!r}, '--no-cache'])\n"
            "print(done.exit_code, sorted(m for m in sys.modules if m.startswith('truenorth.cache')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "0 []"
