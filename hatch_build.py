"""Build hook: compile the optional C accelerators when possible.

* src/truenorth/load/_fastyaml.c: YAML to values with line/column marks over libyaml. It needs a C
  compiler, Python's headers and libyaml's (`apt-get install gcc python3-dev libyaml-dev`).
* src/truenorth/load/_fastwalk.c: the goals folder's walk (a stat per file) for the nothing-changed
  check. It needs a C compiler and Python's headers (POSIX only).

When something is missing the build goes on without that module and truenorth does the same work
in Python: same results, slower on large organisations. Set TRUENORTH_NO_ACCELERATOR=1 to skip both.

Release wheels (.github/workflows/release.yml, cibuildwheel) set TRUENORTH_LIBYAML to a private static
build of libyaml (scripts/build-libyaml.sh), which is then linked in: the wheel needs no libyaml. macOS
links with `-undefined dynamic_lookup` as Python's own extensions do; Windows compiles the YAML
accelerator with MSVC through setuptools' compiler classes (the folder walk is POSIX only).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
# (source, the module's place in the package, libraries, what it is for people reading the note)
ACCELERATORS = (
    (Path("src/truenorth/load/_fastyaml.c"), "truenorth/load", ["-lyaml"], "YAML accelerator",
     "PyYAML alone will parse"),
    (Path("src/truenorth/load/_fastwalk.c"), "truenorth/load", [], "folder walk accelerator",
     "the folder is walked in Python"),
)
SOURCE, MODULE = ACCELERATORS[0][0], "_fastyaml" + SUFFIX  # (names other tools used)


def compile_accelerator(root: Path, out_dir: Path, source: Path = SOURCE, libraries=("-lyaml",),
                        what: str = "YAML accelerator", instead: str = "PyYAML alone will parse") -> Path | None:
    """The compiled module in `out_dir`, or None (with the reason on stderr) when it cannot be built."""
    if sys.platform == "win32":
        return _compile_with_msvc(root, out_dir, source, libraries, what, instead)
    compiler = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    target = out_dir / (source.stem + SUFFIX)
    linking = [flag for library in libraries for flag in (_libyaml_flags(root) if library == "-lyaml" else [library])]
    if sys.platform == "darwin":  # Python's symbols come from the interpreter that loads the module
        linking += ["-undefined", "dynamic_lookup", *os.environ.get("ARCHFLAGS", "").split()]
    command = [
        *compiler.split(), "-shared", "-fPIC", "-O2", "-Wall",
        f"-I{sysconfig.get_paths()['include']}",
        str(root / source), *linking, "-o", str(target),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"truenorth: {what} not built ({exc}); {instead}.", file=sys.stderr)
        return None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["compiler failed"])[-1]
        print(f"truenorth: {what} not built ({reason}); {instead}.", file=sys.stderr)
        return None
    return target


def _libyaml_prefix(root: Path) -> Path | None:
    """The private libyaml build named by TRUENORTH_LIBYAML (relative to the project), or None."""
    prefix = os.environ.get("TRUENORTH_LIBYAML")
    return (root / prefix).resolve() if prefix else None


def _libyaml_flags(root: Path) -> list[str]:
    """How to compile against and link libyaml: the system's (-lyaml), or TRUENORTH_LIBYAML's static library."""
    prefix = _libyaml_prefix(root)
    if prefix is None:
        return ["-lyaml"]
    static = prefix / "lib" / "libyaml.a"
    if static.is_file():
        return [f"-I{prefix / 'include'}", str(static)]
    return [f"-I{prefix / 'include'}", f"-L{prefix / 'lib'}", "-lyaml"]


def _compile_with_msvc(root: Path, out_dir: Path, source: Path, libraries, what: str, instead: str) -> Path | None:
    """Windows: the module built with MSVC, as setuptools builds extensions (libyaml linked statically)."""
    target = out_dir / (source.stem + SUFFIX)
    try:
        from setuptools._distutils.ccompiler import new_compiler

        compiler = new_compiler()
        include_dirs, library_dirs, link, macros = [sysconfig.get_paths()["include"]], [], [], []
        library_dirs.append(os.path.join(sys.base_exec_prefix, "libs"))  # pythonXY.lib
        if "-lyaml" in libraries:
            prefix = _libyaml_prefix(root)
            if prefix is not None:
                include_dirs.append(str(prefix / "include"))
                library_dirs.append(str(prefix / "lib"))
            link.append("yaml")
            macros.append(("YAML_DECLARE_STATIC", None))  # libyaml's static build: no dllimport
        objects = compiler.compile([str(root / source)], output_dir=str(out_dir / "obj"), include_dirs=include_dirs,
                                   macros=macros)
        compiler.link_shared_object(objects, str(target), libraries=link, library_dirs=library_dirs,
                                    export_symbols=["PyInit_" + source.stem])
    except Exception as exc:  # noqa: BLE001 - no MSVC, no setuptools, a compile or link error: go on without it
        print(f"truenorth: {what} not built ({type(exc).__name__}: {exc}); {instead}.", file=sys.stderr)
        return None
    return target


class AcceleratorHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        skip = bool(os.environ.get("TRUENORTH_NO_ACCELERATOR"))
        for source, package_dir, libraries, what, instead in ACCELERATORS:
            wanted = (root / source).exists() and not skip
            if wanted and sys.platform == "win32" and source.stem == "_fastwalk":  # POSIX only
                print(f"truenorth: {what} not built (POSIX only); {instead}.", file=sys.stderr)
                wanted = False
            if version == "editable":
                # An editable install imports from src/, so the module is built next to its source
                # (and an older build is removed first, even when no new one is built).
                in_place = root / source.parent / (source.stem + SUFFIX)
                in_place.unlink(missing_ok=True)
                if wanted:
                    compile_accelerator(root, in_place.parent, source, libraries, what, instead)
                continue
            if not wanted:
                continue
            if not getattr(self, "_tmp", None):
                self._tmp = tempfile.mkdtemp(prefix="truenorth-accel-")
            built = compile_accelerator(root, Path(self._tmp), source, libraries, what, instead)
            if built is not None:
                build_data["force_include"][str(built)] = f"{package_dir}/{built.name}"
                build_data["pure_python"] = False
                build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_tmp", None):
            shutil.rmtree(self._tmp, ignore_errors=True)
