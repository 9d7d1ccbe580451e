#!/usr/bin/env bash
# Run the whole test suite: unit, rule fixtures, site build and browser tests.
# Installs what the tests need: a .venv with the test extras, and Debian's Chromium for the
# browser tests when it is missing and we may install it (root, apt-get available).
set -euo pipefail
cd "$(dirname "$0")/.."
# The optional C accelerators (YAML, folder walk) are compiled at install time; they need a C compiler,
# Python's headers and libyaml's. Without them truenorth does the same in Python (same results, slower),
# so a failed install is not fatal.
python_h="$("${PYTHON:-python3}" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h"
if { ! command -v cc >/dev/null 2>&1 || [ ! -f /usr/include/yaml.h ] || [ ! -f "$python_h" ]; } \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing a C compiler and the headers for the YAML accelerator..." >&2
  { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libyaml-dev python3-dev \
      >/dev/null; } || echo "Could not install them: truenorth will parse with PyYAML alone." >&2
fi
bash scripts/setup-env.sh test
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests..." >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
