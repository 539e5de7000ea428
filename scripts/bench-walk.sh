#!/usr/bin/env bash
# bench-walk.sh — end-to-end walk timings: winsnmp's CLI (`wsnmp`) against net-snmp's
# `snmpwalk`/`snmpbulkwalk`, side by side, on loopback.
#
# What it does:
#   1. `cargo build --release -p wsnmp` (into $CARGO_TARGET_DIR if set, else the
#      workspace's `target/`).
#   2. Starts `wsnmp agent --synthetic-rows $ROWS` (default 25,000 rows × 4 columns =
#      100,000 objects under .1.3.6.1.4.1.8072.9999.9999) on a free 127.0.0.1 port, and a
#      second one with $WALK_ROWS rows for the GETNEXT walk (one request per object is
#      slow); also net-snmp's `snmpd` (minimal read-only config, `-f`, free loopback port)
#      when it is installed.
#   3. For each comparison, runs both tools once and checks their outputs (diff), so
#      nothing is timed on an error path. Against the embedded agent the outputs must be
#      identical (closing "No more variables left in this MIB View" line included); against
#      snmpd (live counters, process and socket tables) the OID lists
#      are compared and must agree outside a few volatile subtrees.
#   4. Times each pair with `hyperfine` (if installed: `--warmup 1 --runs $RUNS`, output
#      discarded, no shell) or else a bash loop of $RUNS runs with `date +%s.%N`, and
#      prints a table of medians and ratios (net-snmp ÷ wsnmp: > 1 means wsnmp is faster).
#
# Bounded: every check run is under `timeout $CMD_TIMEOUT`, the whole script under a
# watchdog of $MAX_SECONDS; the EXIT trap kills the agents and snmpd it started (by pid)
# and removes its temporary directory. Everything is on 127.0.0.1.
#
# Usage: scripts/bench-walk.sh            (env: RUNS, ROWS, WALK_ROWS, MAX_SECONDS,
#                                          CMD_TIMEOUT, CARGO_TARGET_DIR)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
RUNS=${RUNS:-10}
ROWS=${ROWS:-25000}
WALK_ROWS=${WALK_ROWS:-2500}
MAX_SECONDS=${MAX_SECONDS:-900}
CMD_TIMEOUT=${CMD_TIMEOUT:-120}
TABLE=.1.3.6.1.4.1.8072.9999.9999
MIB2=.1.3.6.1.2.1
export MIBS= # net-snmp: load no MIB files (numeric output, no MIB warnings)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench-walk.XXXXXX")
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

# The watchdog: TERM to this script after $MAX_SECONDS (the trap then cleans up); killed
# (with its sleep) by the cleanup.
(
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$MAX_SECONDS" &
    sleeper=$!
    if wait "$sleeper"; then
        echo "bench-walk: watchdog: over ${MAX_SECONDS}s, stopping" >&2
        kill -TERM $$ 2>/dev/null
    fi
) &
WATCHDOG=$!

have() { command -v "$1" >/dev/null 2>&1; }

find_snmpd() {
    local d
    if have snmpd; then
        command -v snmpd
        return
    fi
    for d in /usr/sbin /usr/local/sbin /sbin; do
        if [[ -x $d/snmpd ]]; then
            echo "$d/snmpd"
            return
        fi
    done
}

# A UDP port free on 127.0.0.1 (the kernel picks it), not one handed out before.
USED_PORTS=" "
free_port() {
    local p i
    for i in $(seq 1 100); do
        if have python3; then
            p=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        else
            p=$((20000 + RANDOM % 40000))
            if ss -Hnlu "sport = :$p" 2>/dev/null | grep -q .; then
                continue
            fi
        fi
        if [[ $USED_PORTS != *" $p "* ]]; then
            USED_PORTS+="$p "
            echo "$p"
            return
        fi
        : "$i"
    done
    echo "bench-walk: no free UDP port" >&2
    return 1
}

WSNMP=$TARGET_DIR/release/wsnmp

# Waits until TARGET answers a GET of sysUpTime.0 (10 s at most).
wait_ready() {
    local target=$1 i
    for i in $(seq 1 100); do
        if "$WSNMP" get -t 0.1 -r 0 "$target" .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
        : "$i"
    done
    echo "bench-walk: $target did not answer within 10 s" >&2
    return 1
}

echo "== building wsnmp (release, target dir $TARGET_DIR)"
(cd "$ROOT" && CARGO_TARGET_DIR=$TARGET_DIR cargo build --release -p wsnmp --quiet)

echo "== starting agents"
P_BIG=$(free_port)
"$WSNMP" agent --listen "127.0.0.1:$P_BIG" --synthetic-rows "$ROWS" >"$TMP/agent-big.log" 2>&1 &
PIDS+=($!)
P_SMALL=$(free_port)
"$WSNMP" agent --listen "127.0.0.1:$P_SMALL" --synthetic-rows "$WALK_ROWS" >"$TMP/agent-small.log" 2>&1 &
PIDS+=($!)
BIG=127.0.0.1:$P_BIG
SMALL=127.0.0.1:$P_SMALL
wait_ready "$BIG"
wait_ready "$SMALL"
echo "wsnmp agent: $BIG ($ROWS rows), $SMALL ($WALK_ROWS rows)"

SNMPD=$(find_snmpd || true)
SNMPD_TARGET=
if [[ -n $SNMPD ]]; then
    P_SNMPD=$(free_port)
    mkdir -p "$TMP/snmpd/state"
    cat >"$TMP/snmpd/snmpd.conf" <<EOF
agentAddress udp:127.0.0.1:$P_SNMPD
rocommunity public 127.0.0.1
sysLocation winsnmp bench-walk
sysContact bench@example.org
sysServices 72
EOF
    MIBDIRS= "$SNMPD" -f -C -c "$TMP/snmpd/snmpd.conf" -Lf "$TMP/snmpd/snmpd.log" \
        --persistentDir="$TMP/snmpd/state" -p "$TMP/snmpd/snmpd.pid" </dev/null >/dev/null 2>&1 &
    PIDS+=($!)
    SNMPD_TARGET=127.0.0.1:$P_SNMPD
    wait_ready "$SNMPD_TARGET"
    echo "snmpd ($("$SNMPD" -v 2>/dev/null | awk '/version/ {print $NF; exit}')): $SNMPD_TARGET"
else
    echo "snmpd: not installed; skipping the snmpd rows"
fi

NET_SNMP=1
if ! have snmpwalk || ! have snmpbulkwalk; then
    echo "net-snmp's snmpwalk/snmpbulkwalk not installed: only wsnmp is timed" >&2
    NET_SNMP=0
fi

# Volatile parts of snmpd's mib-2 (process table, sockets including the walkers' own,
# per-run counters): excluded from the OID-list comparison.
VOLATILE='^\.1\.3\.6\.1\.2\.1\.(25\.[2-5]\.|6\.|7\.|4\.31\.|4\.24\.|4\.34\.|4\.35\.|4\.36\.)'

# check NAME EXACT WSNMP_CMD... -- NETSNMP_CMD...: one run each, outputs compared.
check() {
    local name=$1 exact=$2
    shift 2
    local a=() b=() seen=0 x
    for x in "$@"; do
        if [[ $x == -- ]]; then
            seen=1
        elif ((seen)); then
            b+=("$x")
        else
            a+=("$x")
        fi
    done
    timeout "$CMD_TIMEOUT" "${a[@]}" >"$TMP/$name.wsnmp" 2>"$TMP/$name.wsnmp.err" ||
        { echo "bench-walk: $name: wsnmp failed:" >&2; cat "$TMP/$name.wsnmp.err" >&2; return 1; }
    ((NET_SNMP)) || return 0
    timeout "$CMD_TIMEOUT" "${b[@]}" >"$TMP/$name.netsnmp" 2>"$TMP/$name.netsnmp.err" ||
        { echo "bench-walk: $name: net-snmp failed:" >&2; cat "$TMP/$name.netsnmp.err" >&2; return 1; }
    if [[ -s $TMP/$name.wsnmp.err || -s $TMP/$name.netsnmp.err ]]; then
        echo "bench-walk: $name: a tool wrote to stderr:" >&2
        cat "$TMP/$name.wsnmp.err" "$TMP/$name.netsnmp.err" >&2
        return 1
    fi
    local n
    n=$(wc -l <"$TMP/$name.wsnmp")
    # Both tools print the endOfMibView line that ends a walk at the end of the agent's MIB.
    cp "$TMP/$name.netsnmp" "$TMP/$name.netsnmp.cmp"
    if [[ $exact == exact ]]; then
        if ! diff -q "$TMP/$name.wsnmp" "$TMP/$name.netsnmp.cmp" >/dev/null; then
            echo "bench-walk: $name: outputs differ:" >&2
            diff "$TMP/$name.wsnmp" "$TMP/$name.netsnmp.cmp" | head -20 >&2
            return 1
        fi
        echo "check $name: identical output, $n lines"
    else
        cut -d' ' -f1 "$TMP/$name.wsnmp" | grep -Ev "$VOLATILE" >"$TMP/$name.wsnmp.oids" || true
        cut -d' ' -f1 "$TMP/$name.netsnmp.cmp" | grep -Ev "$VOLATILE" >"$TMP/$name.netsnmp.oids" || true
        if ! diff -q "$TMP/$name.wsnmp.oids" "$TMP/$name.netsnmp.oids" >/dev/null; then
            echo "bench-walk: $name: OID lists differ outside the volatile subtrees:" >&2
            diff "$TMP/$name.wsnmp.oids" "$TMP/$name.netsnmp.oids" | head -20 >&2
            return 1
        fi
        echo "check $name: same OIDs outside volatile subtrees ($n lines from wsnmp," \
            "$(wc -l <"$TMP/$name.netsnmp") from net-snmp)"
    fi
    LINES[$name]=$n
}

# median of the numbers on stdin
median() {
    sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# time_loop CMD...: median wall seconds of $RUNS runs (after one warm-up), output discarded.
time_loop() {
    local i t0 t1
    "$@" >/dev/null 2>&1
    for i in $(seq 1 "$RUNS"); do
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f\n", b - a}' 
        : "$i"
    done | median
}

declare -A LINES=()
ROWS_OUT=()

# bench NAME WSNMP_CMD... -- NETSNMP_CMD...: medians of both, appended to the table.
bench() {
    local name=$1
    shift
    local a=() b=() seen=0 x ma mb
    for x in "$@"; do
        if [[ $x == -- ]]; then
            seen=1
        elif ((seen)); then
            b+=("$x")
        else
            a+=("$x")
        fi
    done
    if have hyperfine; then
        local cmds=("${a[*]}")
        ((NET_SNMP)) && cmds+=("${b[*]}")
        hyperfine -N --style basic --warmup 1 --runs "$RUNS" \
            --export-json "$TMP/$name.json" "${cmds[@]}" >"$TMP/$name.hyperfine" 2>&1 ||
            { cat "$TMP/$name.hyperfine" >&2; return 1; }
        grep -E 'Time|Range' "$TMP/$name.hyperfine" | sed "s/^/  $name: /"
        mapfile -t meds < <(grep -o '"median": *[0-9.e+-]*' "$TMP/$name.json" | awk '{print $2}')
        ma=${meds[0]}
        mb=${meds[1]:-}
    else
        ma=$(time_loop "${a[@]}")
        mb=
        ((NET_SNMP)) && mb=$(time_loop "${b[@]}")
    fi
    ROWS_OUT+=("$name|${LINES[$name]:-?}|$ma|$mb")
    echo "timed $name: median wsnmp ${ma}s, net-snmp ${mb:-n/a}s"
}

W=("$WSNMP")
NB=(snmpbulkwalk -v2c -c public -On -Cr50)
NW=(snmpwalk -v2c -c public -On)

echo "== checking outputs"
check bulkwalk-table exact "${W[@]}" bulkwalk -On -Cr50 "$BIG" "$TABLE" -- "${NB[@]}" "$BIG" "$TABLE"
check walk-table exact "${W[@]}" walk -On "$SMALL" "$TABLE" -- "${NW[@]}" "$SMALL" "$TABLE"
if [[ -n $SNMPD_TARGET ]]; then
    check bulkwalk-snmpd oids "${W[@]}" bulkwalk -On -Cr50 "$SNMPD_TARGET" "$MIB2" -- \
        "${NB[@]}" "$SNMPD_TARGET" "$MIB2"
    check walk-snmpd oids "${W[@]}" walk -On "$SNMPD_TARGET" "$MIB2" -- \
        "${NW[@]}" "$SNMPD_TARGET" "$MIB2"
fi

echo "== timing ($RUNS runs each, $(have hyperfine && hyperfine --version || echo 'bash loop'))"
bench bulkwalk-table "${W[@]}" bulkwalk -On -Cr50 "$BIG" "$TABLE" -- "${NB[@]}" "$BIG" "$TABLE"
bench walk-table "${W[@]}" walk -On "$SMALL" "$TABLE" -- "${NW[@]}" "$SMALL" "$TABLE"
if [[ -n $SNMPD_TARGET ]]; then
    bench bulkwalk-snmpd "${W[@]}" bulkwalk -On -Cr50 "$SNMPD_TARGET" "$MIB2" -- \
        "${NB[@]}" "$SNMPD_TARGET" "$MIB2"
    bench walk-snmpd "${W[@]}" walk -On "$SNMPD_TARGET" "$MIB2" -- \
        "${NW[@]}" "$SNMPD_TARGET" "$MIB2"
fi

echo
echo "== medians ($RUNS runs; ratio = net-snmp / wsnmp, > 1: wsnmp faster)"
printf '| %-15s | %-28s | %7s | %11s | %11s | %6s |\n' \
    comparison agent objects "wsnmp" "net-snmp" ratio
printf '|%s|%s|%s|%s|%s|%s|\n' ----------------- ------------------------------ \
    --------: ------------: ------------: -------:
for r in "${ROWS_OUT[@]}"; do
    IFS='|' read -r name n ma mb <<<"$r"
    case $name in
        *-table) agent="wsnmp agent $([[ $name == bulk* ]] && echo "$ROWS" || echo "$WALK_ROWS") rows" ;;
        *) agent="snmpd, $MIB2" ;;
    esac
    if [[ -n $mb ]]; then
        ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2fx", b / a}')
        nb=$(awk -v b="$mb" 'BEGIN {printf "%.1f ms", b * 1000}')
    else
        ratio=-
        nb=-
    fi
    printf '| %-15s | %-28s | %7s | %11s | %11s | %6s |\n' "$name" "$agent" "$n" \
        "$(awk -v a="$ma" 'BEGIN {printf "%.1f ms", a * 1000}')" "$nb" "$ratio"
done
