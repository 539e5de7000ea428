#!/usr/bin/env bash
# soak.sh — a long run of concurrent WinSNMP sessions against the embedded agent, with
# memory, request counts and errors sampled along the way. Not part of CI.
#
# What it does:
#   1. `cargo build --release -p wsnmp` and the `soak` example of the `winsnmp` crate.
#   2. Starts `wsnmp agent --synthetic-rows 1000` on a free 127.0.0.1 port.
#   3. Runs `soak` (crates/winsnmp/examples/soak.rs) for $SECONDS seconds with $THREADS
#      worker threads: each loops GET, GETNEXT, GETBULK, SET and a v2c trap (to the
#      example's own trap receiver on a free port), reopening its session every 500
#      rounds. The example prints a line every $REPORT seconds (requests, errors, req/s,
#      traps sent and received, live handles, timeouts, retransmissions, its RSS) and a
#      final `soak:` summary; this script adds the agent's RSS at the start and the end.
#
# Bounded: the example stops at its deadline; it runs under `timeout` ($SECONDS + 120 s);
# the EXIT trap kills the agent (by pid). Everything is on 127.0.0.1.
#
# Usage: scripts/soak.sh [SECONDS [THREADS]]   (defaults 600 and 8; env REPORT=30,
#                                               CARGO_TARGET_DIR)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
SECONDS_TO_RUN=${1:-600}
THREADS=${2:-8}
REPORT=${REPORT:-30}
AGENT_PID=

cleanup() {
    if [[ -n $AGENT_PID ]]; then
        kill "$AGENT_PID" 2>/dev/null || true
        wait "$AGENT_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

cd "$ROOT"
cargo build --release -q -p wsnmp
cargo build --release -q -p winsnmp --example soak
WSNMP=$TARGET_DIR/release/wsnmp
SOAK=$TARGET_DIR/release/examples/soak

PORT=$(free_port)
TRAP_PORT=$(free_port)
"$WSNMP" agent --listen "127.0.0.1:$PORT" --synthetic-rows 1000 2>/dev/null &
AGENT_PID=$!
for _ in $(seq 1 100); do
    if "$WSNMP" get -t 0.1 -r 0 "127.0.0.1:$PORT" .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
        break
    fi
done
AGENT_RSS_START=$(rss_kib "$AGENT_PID")
echo "soak.sh: agent 127.0.0.1:$PORT (pid $AGENT_PID, RSS $AGENT_RSS_START KiB), \
$THREADS threads, ${SECONDS_TO_RUN}s, trap port $TRAP_PORT"

status=0
timeout $((SECONDS_TO_RUN + 120)) "$SOAK" "127.0.0.1:$PORT" --threads "$THREADS" \
    --seconds "$SECONDS_TO_RUN" --report "$REPORT" --trap-port "$TRAP_PORT" || status=$?

AGENT_RSS_END=$(rss_kib "$AGENT_PID")
echo "soak.sh: agent RSS $AGENT_RSS_START KiB at start, $AGENT_RSS_END KiB at the end"
exit "$status"
