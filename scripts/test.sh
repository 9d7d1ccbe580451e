#!/usr/bin/env bash
# Run the whole test suite: unit, rule fixtures, site build and browser tests.
# Installs what the tests need: a .venv with the test extras, and Debian's Chromium for the
# browser tests when it is missing and we may install it (root, apt-get available).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh test
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests..." >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
