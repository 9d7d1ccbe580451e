#!/usr/bin/env python3
"""Check an installed truenorth wheel: both C accelerators and the compiled schema validator are in use, and
the sample organisation checks clean. cibuildwheel runs it on every wheel it builds ([tool.cibuildwheel]
test-command in pyproject.toml), so a wheel that lost an accelerator (no libyaml, no compiler) fails the
release instead of shipping slow. Exit 0 when all is well, 1 with the reason otherwise.

example: python scripts/wheel_smoke.py /path/to/truenorth-checkout
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    project = os.path.abspath(argv[0])
    truenorth = [sys.executable, "-m", "truenorth"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "TRUENORTH_CACHE_DIR": cache}
        env.pop("TRUENORTH_NO_ACCELERATOR", None)
        version = subprocess.run([*truenorth, "--version"], capture_output=True, text=True, env=env)
        print(version.stdout, end="")
        wanted = ["Schema validator: jsonschema-rs ", "YAML accelerator: on"]
        if os.name == "posix":
            wanted.append("Folder walk accelerator: on")  # POSIX only (hatch_build.py)
        missing = [line for line in wanted if line not in version.stdout]
        if version.returncode != 0 or missing:
            print(f"wheel_smoke: not in truenorth --version: {missing}\n{version.stderr}", file=sys.stderr)
            return 1
        check = subprocess.run([*truenorth, "check", "--root", project], capture_output=True, text=True, env=env)
        if check.returncode != 0:
            print(f"wheel_smoke: the sample does not check clean (exit {check.returncode}):\n"
                  f"{check.stdout}{check.stderr}", file=sys.stderr)
            return 1
    print("wheel_smoke: accelerators on, sample checks clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
