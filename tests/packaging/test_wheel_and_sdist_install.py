"""truenorth as users install it: a wheel built by `python -m build` and the sdist, each installed into a fresh
virtual environment where no C compiler can be reached (CC=/bin/false, a PATH with no cc or gcc).

The wheel carries the compiled accelerators, so it needs no compiler and reports them on; the sdist falls back
to pure Python (hatch_build.py skips what it cannot compile) and still checks the sample exactly as the wheel
does. Two venvs in all; pip's cache is reused, so only the first run on a machine downloads anything.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import FAILING, REPO_ROOT, make_org

pytestmark = pytest.mark.packaging


def _run(command, **kwargs):
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    assert done.returncode == 0, f"{command[:4]} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _no_compiler_env(bin_dir: Path, cache: Path) -> dict:
    """The environment of a machine with no C compiler: CC and CXX fail, and PATH holds only the venv's bin/."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "TRUENORTH_NO_ACCELERATOR")}
    env.update(CC="/bin/false", CXX="/bin/false", PATH=str(bin_dir), TRUENORTH_CACHE_DIR=str(cache),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    assert not any(shutil.which(name, path=env["PATH"]) for name in ("cc", "gcc", "clang"))
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The wheel and the sdist, built once from this checkout (build's isolated environment, as CI does)."""
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "TRUENORTH_NO_ACCELERATOR"}
    _run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out), str(REPO_ROOT)], env=env)
    return out


def _install(tmp_path_factory, name: str, artefact: Path) -> tuple[Path, dict]:
    """A fresh venv (no pip of its own: this Python's pip installs into it) with `artefact` and its dependencies."""
    home = tmp_path_factory.mktemp(name)
    venv.create(home / "venv", with_pip=False)
    bin_dir = home / "venv" / ("Scripts" if os.name == "nt" else "bin")
    env = _no_compiler_env(bin_dir, home / "cache")
    _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet", str(artefact)],
         env=env, cwd=home)
    return bin_dir, env


@pytest.fixture(scope="module")
def from_wheel(dist, tmp_path_factory):
    (wheel,) = dist.glob("*.whl")
    if wheel.name.endswith("-none-any.whl"):  # the build machine could not compile them
        if os.environ.get("TRUENORTH_REQUIRE_ACCELERATOR"):
            raise RuntimeError(f"the wheel was built without its accelerators ({wheel.name}); see hatch_build.py")
        pytest.skip("no C compiler or libyaml headers here: the wheel is pure Python")
    return _install(tmp_path_factory, "wheel", wheel)


@pytest.fixture(scope="module")
def from_sdist(dist, tmp_path_factory):
    (sdist,) = dist.glob("*.tar.gz")
    return _install(tmp_path_factory, "sdist", sdist)


def _truenorth(installed, *args, ok=(0,)):
    bin_dir, env = installed
    done = subprocess.run([str(bin_dir / "truenorth"), *args], capture_output=True, text=True, timeout=300, env=env,
                          cwd=bin_dir)
    assert done.returncode in ok, f"truenorth {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def _importable_from(installed) -> str:
    bin_dir, env = installed
    return _run([str(bin_dir / "python"), "-c", "import truenorth; print(truenorth.__file__)"], env=env,
                cwd=bin_dir).stdout


def test_the_wheel_installs_without_a_compiler_with_both_accelerators_on(from_wheel):
    assert str(REPO_ROOT / "src") not in _importable_from(from_wheel)  # the installed copy, not this checkout
    version = _truenorth(from_wheel, "--version").stdout
    assert "YAML accelerator: on" in version and "Folder walk accelerator: on" in version, version
    assert "Schema validator: jsonschema-rs " in version, version
    assert _truenorth(from_wheel, "check", "--root", str(REPO_ROOT)).stdout.strip()


def test_the_sdist_without_a_compiler_falls_back_to_pure_python_and_checks_the_same(from_sdist, from_wheel,
                                                                                     tmp_path):
    version = _truenorth(from_sdist, "--version").stdout
    assert "YAML accelerator: off" in version and "Folder walk accelerator: off" in version, version
    for root, code in ((REPO_ROOT, 0), (make_org(tmp_path, FAILING / "tn008-misspelt-key"), 1)):
        answers = [_truenorth(installed, "check", "--root", str(root), "--format", "json", ok=(code,))
                   for installed in (from_sdist, from_wheel)]
        pure, accelerated = (json.loads(a.stdout) for a in answers)
        assert pure["findings"] == accelerated["findings"] and bool(pure["findings"]) == bool(code)
        assert pure["summary"] == accelerated["summary"]


def test_the_bench_measures_the_check_of_a_plain_install(from_sdist, tmp_path):
    """scripts/bench.py's plain-install rows, here measured with the sdist's venv (a plain install with no
    compiler) rather than a venv of its own (--plain-venv: one venv fewer for CI)."""
    bin_dir, _ = from_sdist
    out = tmp_path / "x.json"
    proc = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "bench.py"), "--sizes", "20", "--skip-site",
         "--skip-check-jsonschema", "--check-runs", "1", "--plain-venv", str(bin_dir.parent),
         "--workdir", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    (result,) = data["results"]
    for key in ("plain_check_nocache", "plain_check_cold", "plain_check_warm", "plain_check_1file",
                "plain_check_1seen", "plain_floor"):
        assert result[key]["seconds"] > 0 and result[key]["peak_mb"] > 0, key
    assert data["plain_install"]["venv"] == str(bin_dir.parent)
    version = data["plain_install"]["version"]
    assert "YAML accelerator: off" in version and "Folder walk accelerator: off" in version  # the sdist's venv
    ratios = {r["name"]: r for r in data["ratios"]}
    assert ratios["20: plain install: check cold / floor"]["value"] > 0
    assert "plain install: cold" in proc.stdout and "plain install (made before)" in proc.stdout
