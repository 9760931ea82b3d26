#!/usr/bin/env bash
# Builds okoce and runs every test (C++ unit tests, examples, the install/consumer test and,
# once the module is built, the Python tests). Extra arguments go to ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
cd "${OKOCE_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"$(nproc)" "$@"
