#!/usr/bin/env bash
# Builds bench_policy with optimisation, runs it (p50/p99 us for 10, 100, 1,000 rules),
# exports the same rule set in Cedar, installs @cedar-policy/cedar-wasm in bench/cedar
# (a benchmark-only dependency; needs npm registry access and node >= 18), times Cedar's
# statefulIsAuthorized on the same requests and prints the ratio of p50s.
# Environment: BUILD_DIR (default <repo>/build/bench), JOBS (default: nproc),
# BENCH_BIN (use this bench_policy instead of building one), REQUESTS (default 20000).
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
    cmake --build "$build" --target bench_policy -j "${JOBS:-$(nproc)}"
    bin="$build/bench/bench_policy"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" --requests "${REQUESTS:-20000}" --export "$work" | tee "$work/gatehouse.txt"

echo
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "node/npm not found: Cedar comparison skipped" >&2
    exit 0
fi
(cd "$repo/bench/cedar" && npm install --no-audit --no-fund --silent)
node "$repo/bench/cedar/bench.mjs" "$work" | tee "$work/cedar.txt"

echo
echo "rules   gatehouse_p50_us  cedar_p50_us  cedar/gatehouse"
join <(awk '$1 ~ /^[0-9]+$/ {print $1, $2}' "$work/gatehouse.txt" | sort) \
     <(awk '$1 ~ /^[0-9]+$/ {print $1, $2}' "$work/cedar.txt" | sort) | sort -n |
    awk '{ printf "%-8s%-18s%-14s%.1fx\n", $1, $2, $3, ($2 > 0 ? $3 / $2 : 0) }'
