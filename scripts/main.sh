#!/usr/bin/env bash
# The main job on the built-in data: builds okoce and runs the quarterly programme report on
# the synthetic Jakarta programme (python3 -m okoce report). Arguments go to the report,
# e.g. a CSV folder or SQLite file, --as-of YYYY-MM-DD, --out DIR, --lang en (default id:
# Bahasa Indonesia), --counting IUMK,SKU (OK OCE's 2018 licence rule; default IUMK, SKU or NIB).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" >/dev/null
PYTHONPATH="${OKOCE_BUILD_DIR:-$root/build}/python" /usr/bin/python3 -m okoce report "$@"
