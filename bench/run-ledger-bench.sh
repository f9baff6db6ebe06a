#!/usr/bin/env bash
# Builds bench_ledger with optimisation (RelWithDebInfo) and runs it on a throw-away
# workspace. Arguments go to bench_ledger, e.g.
#   bench/run-ledger-bench.sh                 # 2,000 durable appends, 1M-event verify
#   bench/run-ledger-bench.sh --events 20000  # a quick run
# Environment: BUILD_DIR (default <repo>/build/bench), JOBS (default: nproc),
# BENCH_BIN (run this binary instead of building one), TMPDIR (where the workspace
# goes: put it on the disk you want to measure, not on tmpfs).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -n "${BENCH_BIN:-}" ]]; then
    bin="$BENCH_BIN"
else
    build="${BUILD_DIR:-$repo/build/bench}"
    configure=(-S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATEHOUSE_BUILD_TESTS=OFF)
    if [[ ! -f "$build/CMakeCache.txt" ]] && command -v ninja >/dev/null; then
        configure+=(-G Ninja)
    fi
    if command -v ccache >/dev/null; then
        configure+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    fi
    cmake "${configure[@]}" >/dev/null
    cmake --build "$build" --target bench_ledger -j "${JOBS:-$(nproc)}"
    bin="$build/bench/bench_ledger"
fi

exec "$bin" "$@"
