"""Build hook: compile the optional YAML accelerator (src/truenorth/load/_fastyaml.c) when possible.

It needs a C compiler, Python's headers and libyaml's (`apt-get install gcc python3-dev libyaml-dev`).
When any of them is missing the build goes on without it and truenorth parses with PyYAML alone:
same results, slower on large organisations. Set TRUENORTH_NO_ACCELERATOR=1 to skip the compile.
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

SOURCE = Path("src/truenorth/load/_fastyaml.c")
MODULE = "_fastyaml" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so")


def compile_accelerator(root: Path, out_dir: Path) -> Path | None:
    """The compiled module in `out_dir`, or None (with the reason on stderr) when it cannot be built."""
    compiler = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    command = [
        *compiler.split(), "-shared", "-fPIC", "-O2", "-Wall",
        f"-I{sysconfig.get_paths()['include']}",
        str(root / SOURCE), "-lyaml", "-o", str(out_dir / MODULE),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"truenorth: YAML accelerator not built ({exc}); PyYAML alone will parse.", file=sys.stderr)
        return None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["compiler failed"])[-1]
        print(f"truenorth: YAML accelerator not built ({reason}); PyYAML alone will parse.", file=sys.stderr)
        return None
    return out_dir / MODULE


class AcceleratorHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        wanted = (root / SOURCE).exists() and not os.environ.get("TRUENORTH_NO_ACCELERATOR")
        if version == "editable":
            # An editable install imports from src/, so the module is built next to its source
            # (and an older build is removed first, even when no new one is built).
            in_place = root / SOURCE.parent / MODULE
            in_place.unlink(missing_ok=True)
            if wanted:
                compile_accelerator(root, in_place.parent)
            return
        if not wanted:
            return
        self._tmp = tempfile.mkdtemp(prefix="truenorth-accel-")
        built = compile_accelerator(root, Path(self._tmp))
        if built is not None:
            build_data["force_include"][str(built)] = f"truenorth/load/{MODULE}"
            build_data["pure_python"] = False
            build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_tmp", None):
            shutil.rmtree(self._tmp, ignore_errors=True)
