#!/usr/bin/env bash
# Shared set-up for scripts/site.sh and scripts/test.sh: a virtual environment in .venv
# with truenorth installed (editable) and, when asked, the test extras. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.truenorth-installed-$1
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ hatch_build.py -nt "$stamp" ] \
    || [ src/truenorth/load/_fastyaml.c -nt "$stamp" ] || [ src/truenorth/load/_fastwalk.c -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [ "$1" = test ]; then
    .venv/bin/python -m pip install --quiet -e ".[test]"
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  touch "$stamp"
fi
