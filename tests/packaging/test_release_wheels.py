"""Which wheels the release workflow (.github/workflows/release.yml) builds, as cibuildwheel reads
[tool.cibuildwheel] in pyproject.toml: CPython 3.11 to 3.14 for Linux (x86_64 and aarch64, manylinux),
macOS (one architecture per runner) and Windows (AMD64); no 32-bit and no musl wheels.

cibuildwheel needs a container engine to build Linux wheels, which this machine lacks; what it would
build is asked with `--print-build-identifiers`, which reads the same settings the workflow uses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT

PYTHONS = ("cp311", "cp312", "cp313", "cp314")


def identifiers(platform: str, **env: str) -> list[str]:
    cibuildwheel = shutil.which("cibuildwheel", path=str(Path(sys.executable).parent)) or shutil.which("cibuildwheel")
    if cibuildwheel is None:
        pytest.skip("cibuildwheel is not installed (it is in the test extras)")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CIBW_")}
    done = subprocess.run([cibuildwheel, "--print-build-identifiers", "--platform", platform], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120, env={**environ, **env})
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_linux_wheels_for_both_architectures_one_runner_each():
    assert identifiers("linux", CIBW_ARCHS_LINUX="x86_64") == [f"{py}-manylinux_x86_64" for py in PYTHONS]
    assert identifiers("linux", CIBW_ARCHS_LINUX="aarch64") == [f"{py}-manylinux_aarch64" for py in PYTHONS]


def test_macos_builds_the_runners_own_architecture_and_windows_amd64():
    mac = identifiers("macos")
    assert [i.split("-")[0] for i in mac] == list(PYTHONS)
    assert all(i.split("-")[1].startswith("macosx_") for i in mac)
    assert identifiers("windows") == [f"{py}-win_amd64" for py in PYTHONS]


def test_the_workflow_gives_each_linux_runner_its_architecture():
    workflow = yaml.safe_load((REPO_ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    wheels = workflow["jobs"]["wheels"]
    linux = {entry["arch"] for entry in wheels["strategy"]["matrix"]["include"] if entry["os"].startswith("ubuntu")}
    assert linux == {"x86_64", "aarch64"}
    step = next(step for step in wheels["steps"] if step.get("uses", "").startswith("pypa/cibuildwheel@"))
    assert step["env"]["CIBW_ARCHS_LINUX"].startswith("${{ matrix.arch")
    assert any(os_name.startswith("macos") for os_name in (e["os"] for e in wheels["strategy"]["matrix"]["include"]))
