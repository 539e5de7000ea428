#!/usr/bin/env bash
# Smoke-runs every fuzz target for N seconds each (default 10) with cargo-fuzz and exits
# non-zero on the first crash, as a CI step would.
#
#   fuzz/smoke.sh [SECONDS]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain here is stable, so the
# nightly-only flags cargo-fuzz passes (-Zsanitizer=address, -Cpasses=sancov-module, …) are
# unlocked with RUSTC_BOOTSTRAP=1; on a nightly toolchain that is harmless. Inputs libFuzzer
# finds go to a temporary directory; the committed seeds in corpus/<target>/ are only read.
# Crash reproducers are written to fuzz/artifacts/<target>/.
set -euo pipefail

secs="${1:-10}"
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "smoke.sh: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
    exit 2
fi

cargo fuzz build
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for target in $(cargo fuzz list); do
    mkdir -p "$scratch/$target"
    echo "== $target: ${secs}s"
    if ! cargo fuzz run "$target" "$scratch/$target" "corpus/$target" -- \
        -max_total_time="$secs" -print_final_stats=1 2>&1 | tail -n 15; then
        echo "smoke.sh: $target FAILED (reproducer in fuzz/artifacts/$target/)" >&2
        status=1
    fi
done
if [ "$status" -eq 0 ]; then
    echo "smoke.sh: all targets ran ${secs}s without a crash"
fi
exit "$status"
