#!/usr/bin/env bash
# Build the sample playbook site into site/ (or `scripts/site.sh serve` to preview it live at
# http://127.0.0.1:8000, rebuilt whenever a file under goals/ or playbook/ changes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh site
export NO_MKDOCS_2_WARNING=1
case "${1:-build}" in
  build) exec .venv/bin/truenorth build ;;
  serve) exec .venv/bin/truenorth serve ;;
  *) echo "usage: scripts/site.sh [build|serve]" >&2; exit 2 ;;
esac
