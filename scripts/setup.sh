#!/usr/bin/env bash
# Installs okoce's Debian packages when any is missing, then configures and builds in ./build.
# Sourced by scripts/main.sh and scripts/test.sh; safe to run again (a no-op when up to date).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages=(cmake g++ make pkg-config pybind11-dev libboost-date-time-dev doctest-dev
          libsqlite3-dev liblemon-dev libssl-dev python3-dev python3-numpy python3-pandas
          python3-pytest python3-matplotlib python3-statsmodels python3-networkx python3-scipy
          python3-mypy python3-nbclient python3-ipykernel python3-tqdm python3-nbconvert
          python3-dask python3-distributed python3-babel python3-jinja2 python3-openpyxl gettext
          chromium)
# Callers with needs of their own (scripts/fuzz.sh: clang 14) name them here.
read -r -a extra <<<"${OKOCE_EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "okoce: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
build="${OKOCE_BUILD_DIR:-$root/build}"
# The Debian Python has numpy and pandas; a pyenv python3 on PATH may not.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOKOCE_WERROR=ON \
      -DPython3_EXECUTABLE=/usr/bin/python3 ${OKOCE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)"
