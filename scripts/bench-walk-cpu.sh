#!/usr/bin/env bash
# bench-walk-cpu.sh — CPU time of the manager process per walked row (issue 16, item a):
# `wsnmp bulkwalk -On` and `wsnmp bulkwalk` (symbolic, the built-in MIB), the async
# client's walk (`examples/walk.rs`: `Client::walk_each`, printing `-On` lines, and with
# `--count` printing nothing) and net-snmp's `snmpbulkwalk -On`, against the same agents
# with the same max-repetitions, all in one run.
#
# What it does:
#   1. `cargo build --release -p wsnmp` and `-p winsnmp --example walk` (into
#      $CARGO_TARGET_DIR if set, else the workspace's `target/`).
#   2. Starts `wsnmp agent --synthetic-rows $ROWS` (default 100,000 rows x 4 columns =
#      400,000 objects under .1.3.6.1.4.1.8072.9999.9999) and net-snmp's `snmpd` (minimal
#      read-only config, its whole tree walked from `.1.3`) on free 127.0.0.1 ports.
#   3. Checks once that every tool walks the same number of objects.
#   4. For each agent and each max-repetitions in $REPS (default "25 50"), runs the tools
#      round-robin $RUNS times (default 7) under `perf stat -e task-clock` (the CPU time,
#      user + system, of that process only; output to /dev/null) and prints the median CPU
#      time, the CPU per row, and the ratio to snmpbulkwalk's. The machine's load average
#      is printed before and after: every figure of one table comes from the same run.
#   5. `STARTUP=1` adds a row for each tool's CPU on an empty walk (the fixed cost:
#      process start, MIB tables), so per-row figures can be read without it.
#
# Bounded: every run is under `timeout $CMD_TIMEOUT`, the whole script under a watchdog of
# $MAX_SECONDS; the EXIT trap kills what it started (by pid). Everything is on 127.0.0.1.
#
# Usage: scripts/bench-walk-cpu.sh     (env: RUNS, ROWS, REPS, MAX_SECONDS, CMD_TIMEOUT,
#                                       CARGO_TARGET_DIR, STARTUP)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
RUNS=${RUNS:-7}
ROWS=${ROWS:-100000}
REPS=${REPS:-25 50}
MAX_SECONDS=${MAX_SECONDS:-1800}
CMD_TIMEOUT=${CMD_TIMEOUT:-120}
STARTUP=${STARTUP:-0}
TABLE=.1.3.6.1.4.1.8072.9999.9999

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench-walk-cpu.XXXXXX")
PIDS=()
WATCHDOG=

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n $WATCHDOG ]]; then
        kill "$WATCHDOG" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$MAX_SECONDS" &
    sleeper=$!
    if wait "$sleeper"; then
        echo "bench-walk-cpu: watchdog: over ${MAX_SECONDS}s, stopping" >&2
        kill -TERM $$ 2>/dev/null
    fi
) &
WATCHDOG=$!

have() { command -v "$1" >/dev/null 2>&1; }
for tool in perf snmpbulkwalk python3; do
    have "$tool" || { echo "bench-walk-cpu: $tool is needed" >&2; exit 1; }
done
SNMPD=$(command -v snmpd || ls /usr/sbin/snmpd 2>/dev/null || true)

USED_PORTS=" "
free_port() {
    local p
    while :; do
        p=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        if [[ $USED_PORTS != *" $p "* ]]; then
            USED_PORTS+="$p "
            echo "$p"
            return
        fi
    done
}

WSNMP=$TARGET_DIR/release/wsnmp
EXAMPLE=$TARGET_DIR/release/examples/walk

wait_ready() {
    local target=$1 i
    for i in $(seq 1 100); do
        if MIBS= "$WSNMP" get -On -t 0.1 -r 0 "$target" .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
        : "$i"
    done
    echo "bench-walk-cpu: $target did not answer within 10 s" >&2
    return 1
}

echo "== building (release, target dir $TARGET_DIR)"
(cd "$ROOT" && CARGO_TARGET_DIR=$TARGET_DIR cargo build --release -p wsnmp --quiet &&
    CARGO_TARGET_DIR=$TARGET_DIR cargo build --release -p winsnmp --example walk --quiet)

echo "== machine: $(nproc) CPUs, $(uname -srm)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== starting agents"
P_BIG=$(free_port)
"$WSNMP" agent --listen "127.0.0.1:$P_BIG" --synthetic-rows "$ROWS" >"$TMP/agent.log" 2>&1 &
PIDS+=($!)
BIG=127.0.0.1:$P_BIG
wait_ready "$BIG"
AGENTS=("synthetic|$BIG|$TABLE")
echo "wsnmp agent: $BIG ($ROWS rows x 4 columns)"
if [[ -n $SNMPD ]]; then
    P_SNMPD=$(free_port)
    mkdir -p "$TMP/snmpd/state"
    cat >"$TMP/snmpd/snmpd.conf" <<EOF
agentAddress udp:127.0.0.1:$P_SNMPD
rocommunity public 127.0.0.1
sysLocation winsnmp bench-walk-cpu
sysContact bench@example.org
EOF
    MIBS= MIBDIRS= "$SNMPD" -f -C -c "$TMP/snmpd/snmpd.conf" -Lf "$TMP/snmpd/snmpd.log" \
        --persistentDir="$TMP/snmpd/state" -p "$TMP/snmpd/snmpd.pid" </dev/null >/dev/null 2>&1 &
    PIDS+=($!)
    wait_ready "127.0.0.1:$P_SNMPD"
    AGENTS+=("snmpd|127.0.0.1:$P_SNMPD|.1.3")
    echo "snmpd: 127.0.0.1:$P_SNMPD (its whole tree, from .1.3)"
else
    echo "snmpd: not installed; only the synthetic table"
fi

# The tools, by name: the command line for agent TARGET, root OID ROOT, max-repetitions R.
tool_cmd() {
    local name=$1 target=$2 root=$3 r=$4
    case $name in
        wsnmp-On) echo "$WSNMP bulkwalk -On -Cr$r $target $root" ;;
        wsnmp-symbolic) echo "$WSNMP bulkwalk -Cr$r $target $root" ;;
        client-On) echo "$EXAMPLE $target $root -Cr$r -On" ;;
        client-count) echo "$EXAMPLE $target $root -Cr$r --count" ;;
        snmpbulkwalk-On) echo "env MIBS= snmpbulkwalk -v2c -c public -On -Cr$r $target $root" ;;
    esac
}
TOOLS=(wsnmp-On wsnmp-symbolic client-On client-count snmpbulkwalk-On)

# cpu_ms CMD...: the task-clock (CPU ms, user + system) of one run, output discarded.
cpu_ms() {
    timeout "$CMD_TIMEOUT" perf stat -x, -e task-clock -o "$TMP/stat" -- "$@" >/dev/null 2>"$TMP/err" ||
        { echo "bench-walk-cpu: failed: $*" >&2; cat "$TMP/err" >&2; return 1; }
    awk -F, '/task-clock/ {print $1}' "$TMP/stat"
}

median() {
    sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

RESULTS=()
for a in "${AGENTS[@]}"; do
    IFS='|' read -r aname target root <<<"$a"
    for r in $REPS; do
        # The same objects from every tool (the example prints one line per object and
        # its summary on stderr; the others print the closing endOfMibView line).
        declare -A rows=()
        for t in "${TOOLS[@]}"; do
            [[ $t == client-count ]] && continue
            # shellcheck disable=SC2046
            n=$(timeout "$CMD_TIMEOUT" $(tool_cmd "$t" "$target" "$root" "$r") 2>/dev/null |
                grep -vc 'No more variables left in this MIB View' || true)
            rows[$t]=$n
        done
        ref=${rows[snmpbulkwalk-On]}
        rows[client-count]=$ref
        for t in "${TOOLS[@]}"; do
            if [[ $aname == synthetic && ${rows[$t]} != "$ref" ]]; then
                echo "bench-walk-cpu: $t walked ${rows[$t]} objects, snmpbulkwalk $ref" >&2
                exit 1
            fi
        done
        echo "== $aname, -Cr$r: $ref objects; $RUNS runs of each tool, round-robin"
        declare -A samples=()
        for i in $(seq 1 "$RUNS"); do
            for t in "${TOOLS[@]}"; do
                # shellcheck disable=SC2046
                samples[$t]+="$(cpu_ms $(tool_cmd "$t" "$target" "$root" "$r")) "
            done
            : "$i"
        done
        for t in "${TOOLS[@]}"; do
            m=$(tr ' ' '\n' <<<"${samples[$t]}" | grep . | median)
            RESULTS+=("$aname|$r|$t|${rows[$t]}|$m")
        done
        unset samples rows
    done
done

if ((STARTUP)); then
    # An empty walk (a subtree the agent does not have): process start, sockets, MIB.
    for t in "${TOOLS[@]}"; do
        s=""
        for i in $(seq 1 "$RUNS"); do
            # shellcheck disable=SC2046
            s+="$(cpu_ms $(tool_cmd "$t" "$BIG" .1.3.6.1.4.1.99999 25)) "
            : "$i"
        done
        RESULTS+=("empty walk|-|$t|0|$(tr ' ' '\n' <<<"$s" | grep . | median)")
    done
fi

echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== medians of $RUNS runs (CPU = task-clock of the manager process, user + system)"
printf '| %-10s | %-4s | %-15s | %7s | %9s | %11s | %10s |\n' \
    agent reps tool objects "CPU ms" "CPU us/row" "x net-snmp"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ------------ ------ ----------------- ---------: \
    -----------: -------------: ------------:
declare -A REF=()
for x in "${RESULTS[@]}"; do
    IFS='|' read -r aname r t n m <<<"$x"
    [[ $t == snmpbulkwalk-On ]] && REF["$aname|$r"]=$m
done
for x in "${RESULTS[@]}"; do
    IFS='|' read -r aname r t n m <<<"$x"
    ref=${REF["$aname|$r"]:-}
    per=$(awk -v m="$m" -v n="$n" 'BEGIN {if (n > 0) printf "%.3f", m * 1000 / n; else print "-"}')
    ratio=$(awk -v m="$m" -v f="$ref" 'BEGIN {if (f > 0) printf "%.2f", m / f; else print "-"}')
    printf '| %-10s | %-4s | %-15s | %7s | %9.1f | %11s | %10s |\n' "$aname" "$r" "$t" "$n" "$m" "$per" "$ratio"
done
