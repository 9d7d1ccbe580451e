"""Build hook: compile the optional C accelerators when possible.

* src/truenorth/load/_fastyaml.c: YAML to values with line/column marks over libyaml. It needs a C
  compiler, Python's headers and libyaml's (`apt-get install gcc python3-dev libyaml-dev`).
* src/truenorth/load/_fastwalk.c: the goals folder's walk (a stat per file) for the nothing-changed
  check. It needs a C compiler and Python's headers (POSIX only).

When something is missing the build goes on without that module and truenorth does the same work
in Python: same results, slower on large organisations. Set TRUENORTH_NO_ACCELERATOR=1 to skip both.
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
    compiler = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    target = out_dir / (source.stem + SUFFIX)
    command = [
        *compiler.split(), "-shared", "-fPIC", "-O2", "-Wall",
        f"-I{sysconfig.get_paths()['include']}",
        str(root / source), *libraries, "-o", str(target),
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


class AcceleratorHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        skip = bool(os.environ.get("TRUENORTH_NO_ACCELERATOR"))
        for source, package_dir, libraries, what, instead in ACCELERATORS:
            wanted = (root / source).exists() and not skip
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
