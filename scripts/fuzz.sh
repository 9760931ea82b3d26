#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang 14 in their own build directory and runs
# each for a bounded time: first on its saved regressions, then fuzzing from the committed seeds
# plus whatever earlier runs kept. Exits non-zero on any finding, whose input is left under
# <build>/findings/<target>/. Used by .ci/run with 30 s (CI must stay under 20 minutes on 2 cores); run longer by hand, e.g.
#   scripts/fuzz.sh 3600                    # an hour per target
#   scripts/fuzz.sh 600 csv_programme codes # ten minutes for two targets
# Environment: OKOCE_FUZZ_BUILD_DIR (default ./build-fuzz), OKOCE_FUZZ_JOBS (targets run at
# once, default the number of cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift $(($# > 0 ? 1 : 0))
build="${OKOCE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
jobs="${OKOCE_FUZZ_JOBS:-$(nproc)}"

# setup.sh installs the library's packages (and, through OKOCE_EXTRA_PACKAGES, clang 14 with
# its libFuzzer runtime), configures and builds everything the build directory holds: here
# only the library and the fuzzers (flags in tests/fuzz/settings.cmake).
launcher=""
command -v ccache >/dev/null && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
OKOCE_BUILD_DIR="$build" OKOCE_EXTRA_PACKAGES="clang-14 libclang-rt-14-dev" \
OKOCE_CMAKE_ARGS="-C $root/tests/fuzz/settings.cmake -DCMAKE_CXX_COMPILER=clang++-14 $launcher \
-DCMAKE_BUILD_TYPE=RelWithDebInfo -DOKOCE_BUILD_FUZZERS=ON -DOKOCE_BUILD_TESTS=OFF \
-DOKOCE_BUILD_PYTHON=OFF -DOKOCE_BUILD_BENCH=OFF -DOKOCE_BUILD_EXAMPLES=OFF" \
    "$root/scripts/setup.sh"

fuzz="$root/tests/fuzz"
targets=("$@")
if ((${#targets[@]} == 0)); then
    for source in "$fuzz"/fuzz_*.cpp; do
        name="$(basename "$source" .cpp)"
        targets+=("${name#fuzz_}")
    done
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
mkdir -p "$build/fuzz-logs"

# One target: its regressions, then the bounded run. The log's last line is its summary.
run_target() {
    local name="$1" exe="$build/tests/fuzz/fuzz_$1" log="$build/fuzz-logs/$1.log"
    local corpus="$build/fuzz-corpus/$1" findings="$build/findings/$1/"
    mkdir -p "$corpus" "$findings"
    : >"$log"
    local regressions=()
    if [ -d "$fuzz/regressions/$name" ]; then
        mapfile -t regressions < <(find "$fuzz/regressions/$name" -type f | sort)
    fi
    if ((${#regressions[@]})) &&
        ! "$exe" -artifact_prefix="$findings" "${regressions[@]}" >>"$log" 2>&1; then
        echo "$name: FAILED on a saved regression (see $log)" >>"$log"
        return 1
    fi
    local extra=()
    case "$name" in csv_*|regions_csv) extra+=(-dict="$fuzz/csv.dict") ;; esac
    # fuzz_csv_reader skips longer inputs (it reads each at every chunk size).
    [ "$name" = csv_reader ] && extra+=(-max_len=512)
    local status=0
    "$exe" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings" "${extra[@]}" "$corpus" "$fuzz/corpus/$name" >>"$log" 2>&1 ||
        status=$?
    local execs
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    if ((status)); then
        echo "$name: FOUND a failure after ${execs:-?} executions (input in $findings, log $log)" >>"$log"
        return 1
    fi
    echo "$name: ok, ${execs:-?} executions in ${seconds} s" >>"$log"
}

echo "== fuzzing ${targets[*]}: ${seconds} s each, $jobs at a time"
pids=() names=()
failed=0
for name in "${targets[@]}"; do
    [ -x "$build/tests/fuzz/fuzz_$name" ] || { echo "no fuzz target '$name'" >&2; exit 2; }
    while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
    run_target "$name" &
    pids+=($!) names+=("$name")
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed=1
    tail -1 "$build/fuzz-logs/${names[$i]}.log"
done
if ((failed)); then
    for name in "${names[@]}"; do
        log="$build/fuzz-logs/$name.log"
        if tail -1 "$log" | grep -q -e FOUND -e FAILED; then
            echo "---- $name (last lines of $log)"
            grep -v '^#[0-9]' "$log" | tail -40
        fi
    done
    exit 1
fi
