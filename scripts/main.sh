#!/usr/bin/env bash
# The main job on the built-in data: builds okoce and runs the phases-and-pathways example
# on its built-in sample programme.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" >/dev/null
"${OKOCE_BUILD_DIR:-$root/build}/examples/example_02_phases_and_pathways" "$@"
