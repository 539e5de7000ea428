#!/usr/bin/env python3
"""bench-manager.py — issue 16's manager benchmarks in one run, printed as markdown tables
(every ratio from this one run). `BENCHMARKS.md`, section "Issue 16: manager benchmarks",
holds the results and explains each table.

Parts (env PARTS, default "a b c d e"):

 a) Manager CPU per walked binding. Six managers walk the same subtree of the same agent
    with GETBULK, max-repetitions $REPS: `wsnmp bulkwalk`, the async client
    (`examples/walk -On`: `Client::walk_each`, and `--stream`: the `Client::bulk_walk`
    stream), net-snmp's `snmpbulkwalk -On`, async-snmp 0.18 (`winsnmp-bench` example
    `asnmp_walk`) and gufo-snmp (`scripts/gufo_walk.py`, sync client). Trees: a
    `wsnmp agent --synthetic-rows $ROWS` table (4 columns: 4 × ROWS bindings) and net-snmp
    snmpd's `.1.3.6.1.2.1`. Each prints one line per binding to /dev/null. First one checked
    run each (the -On outputs of wsnmp, the async client and net-snmp byte-identical on
    the table; every manager's binding count equal, within 3 % on snmpd's live tree),
    then $RUNS rounds; CPU = user + system of the child (wait4), best of the rounds.
 b) GET round trips per second: programs × targets ($TARGETS) × outstanding ($WINDOWS):
    the raw C sender (`benches/throughput/raw_sender.c`), the WinSNMP C API
    (`winsnmp_capi_gets.c`), the async client (`examples/gets`), async-snmp
    (`asnmp_gets`) and gufo-snmp (`scripts/gufo_gets.py`), against `wsnmp agent`
    processes listening on N consecutive loopback ports (`--listen-ports N`). Combinations
    with more than $MAX_PER_TARGET requests outstanding per target are skipped: the agent's
    socket (default 208 KiB receive buffer, ~270 queued GETs) drops the excess, which
    measures the agent, not the manager.
 c) Memory per outstanding request at $OUTSTANDING (100,000): the async client
    (`examples/outstanding`), the C API (`winsnmp_capi_outstanding.c`) and the engine alone
    (`cargo bench -p winsnmp-engine --bench datagrams -- --test`; ENGINE_BENCH=0 skips).
 d) The agent against snmpd: the raw C sender's pipelined GETs (1, 10, 100 outstanding)
    against `wsnmp agent` and snmpd; GETs/s and the agent's CPU per GET (/proc/PID/stat).
    With CODEC=1 (default) also the codec micro-benchmarks (`cargo bench -p winsnmp-bench
    --bench codec`, short: $CODEC_TIME s per benchmark), medians and ratios.
 e) Profiles (callgrind): instructions per binding of the walks (wsnmp bulkwalk, async
    client, net-snmp, async-snmp) of a $PROFILE_ROWS-row table, and per GET of the
    pipelined GETs (C API, async client; 1,000 targets, 100 outstanding); the top functions
    (inclusive and exclusive) go to benches/profiles/*.txt.
 f) Not in the default run (PARTS=f): the user-space budget of (b)'s cells. The raw C
    sender with busy work after each answer (`-s`, levels $SPINS) shows how much
    user-space time per GET a manager can spend in a cell before it falls to 0.9x the
    plain raw sender; the C API and the async client run in the same rounds. $F_RUNS
    rounds (each cell's programs in turn, rounds outermost), medians; cells $F_CELLS
    (TARGETSxOUTSTANDING).

Knobs (env): PARTS, RUNS (3), SPINS ("0 150 300 450 600 900"), F_RUNS (5), F_CELLS
("1x1 1x10 1x100 1000x10 1000x100 1000x1000"), ROWS (100000), REPS (50), DURATION (1.5 s
per (b), (d) and (f) run), B_RUNS (2: runs per (b)/(d) cell, best kept),
WARMUP (0.5 s), TARGETS ("1 1000 10000"), WINDOWS ("1 10 100 1000 10000"),
MAX_PER_TARGET (256), PROGRAMS (b's programs, default all), OUTSTANDING (100000),
PROFILE_ROWS (10000), PROFILE_SECONDS (4), CODEC (1), CODEC_TIME (1), ENGINE_BENCH (1),
MAX_SECONDS (1500: the watchdog), BUILD (1; 0 = use what is built), GUFO_VENV
(target/bench/gufo-venv; created with `python3 -m venv` + `pip install gufo-snmp==0.13.0`
when missing; without it the gufo rows are skipped), CARGO_TARGET_DIR.

Everything runs on 127.0.0.1; every child has a timeout; agents and snmpd are killed (by
pid) at exit, on error and by the watchdog. Results also go to target/bench/report.md.

Usage: scripts/bench-manager.py
"""

import datetime
import glob
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import statistics
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
REL = os.path.join(TARGET, "release")
BENCH = os.path.join(TARGET, "bench")
E = os.environ.get
PARTS = E("PARTS", "a b c d e").split()
RUNS = int(E("RUNS", "3"))
ROWS = int(E("ROWS", "100000"))
REPS = int(E("REPS", "50"))
DURATION = float(E("DURATION", "1.5"))
B_RUNS = int(E("B_RUNS", "2"))
WARMUP = float(E("WARMUP", "0.5"))
TARGETS = [int(x) for x in E("TARGETS", "1 1000 10000").split()]
WINDOWS = [int(x) for x in E("WINDOWS", "1 10 100 1000 10000").split()]
MAX_PER_TARGET = int(E("MAX_PER_TARGET", "256"))
PROGRAMS = E("PROGRAMS", "raw capi async async-snmp gufo").split()
OUTSTANDING = int(E("OUTSTANDING", "100000"))
PROFILE_ROWS = int(E("PROFILE_ROWS", "10000"))
PROFILE_SECONDS = float(E("PROFILE_SECONDS", "4"))
CODEC = E("CODEC", "1") == "1"
CODEC_TIME = E("CODEC_TIME", "1")
ENGINE_BENCH = E("ENGINE_BENCH", "1") == "1"
MAX_SECONDS = int(E("MAX_SECONDS", "1500"))
SPINS = [int(x) for x in E("SPINS", "0 150 300 450 600 900").split()]
F_RUNS = int(E("F_RUNS", "5"))
F_CELLS = [tuple(int(v) for v in c.split("x"))
           for c in E("F_CELLS", "1x1 1x10 1x100 1000x10 1000x100 1000x1000").split()]
BUILD = E("BUILD", "1") == "1"
GUFO_VENV = E("GUFO_VENV", os.path.join(BENCH, "gufo-venv"))
TABLE = ".1.3.6.1.4.1.8072.9999.9999"
MIB2 = ".1.3.6.1.2.1"
TINY = ".1.3.6.1.2.1.1.1"  # sysDescr: a one-binding walk, the managers' start-up cost
NOENV = dict(os.environ, MIBS="", WINSNMP_CONFIG="/dev/null")

LONG_LIVED = []  # Popen objects killed at exit
REPORT = []  # markdown lines
TMP = tempfile.mkdtemp(prefix="bench-manager.")


def say(*a):
    print(*a, file=sys.stderr, flush=True)


def out(line=""):
    """A line of the report (stdout and report.md)."""
    print(line, flush=True)
    REPORT.append(line)


def cleanup():
    for p in LONG_LIVED:
        if p.poll() is None:
            p.kill()
    for p in LONG_LIVED:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    shutil.rmtree(TMP, ignore_errors=True)


def on_alarm(_sig, _frame):
    raise SystemExit(f"bench-manager: watchdog: over {MAX_SECONDS} s, stopping")


# ------------------------------------------------------------------ processes

def run(cmd, stdout=subprocess.DEVNULL, timeout=300.0, env=None, cwd=None):
    """Runs cmd to completion (killed after `timeout`); returns (returncode, cpu seconds of
    the child from wait4, wall seconds, stderr text)."""
    err = tempfile.TemporaryFile(dir=TMP)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=err, stdin=subprocess.DEVNULL,
                         env=env or NOENV, cwd=cwd)
    killer = threading.Timer(timeout, p.kill)
    killer.start()
    try:
        _, status, ru = os.wait4(p.pid, 0)
    finally:
        killer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    err.seek(0)
    text = err.read().decode(errors="replace")
    err.close()
    return p.returncode, ru.ru_utime + ru.ru_stime, wall, text


def bound_ports():
    ports = set()
    for f in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(f) as fh:
                for line in fh.readlines()[1:]:
                    ports.add(int(line.split()[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return ports


def free_range(n, used):
    """A base port with n consecutive ports free (below the ephemeral range)."""
    taken = bound_ports() | used
    for _ in range(200):
        base = random.randint(5000, 32767 - n)
        if not any(p in taken for p in range(base, base + n)):
            return base
    raise SystemExit("bench-manager: no free port range")


GET_SYSUPTIME = bytes.fromhex(
    "302602010104067075626c6963a019020101020100020100300e300c06082b060102010103000500")


def ready(port, seconds=20.0):
    """Waits until 127.0.0.1:port answers a GET."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.1)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            try:
                s.sendto(GET_SYSUPTIME, ("127.0.0.1", port))
                s.recvfrom(65536)
                return True
            except OSError:
                time.sleep(0.05)
        return False
    finally:
        s.close()


def start(cmd, port, name):
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=open(os.path.join(TMP, name + ".log"), "w"), env=NOENV)
    LONG_LIVED.append(p)
    if not ready(port) or p.poll() is not None:
        with open(os.path.join(TMP, name + ".log")) as fh:
            say(fh.read())
        p.kill()
        return None
    return p


USED = set()


def start_agent(name, args, n_ports=1):
    for _ in range(5):
        base = free_range(n_ports, USED)
        p = start([os.path.join(REL, "wsnmp"), "agent", "--listen", f"127.0.0.1:{base}",
                   "--listen-ports", str(n_ports), *args], base, name)
        if p is not None and (n_ports == 1 or ready(base + n_ports - 1)):
            USED.update(range(base, base + n_ports))
            return p, base
    raise SystemExit(f"bench-manager: {name} did not start")


def start_snmpd():
    snmpd = shutil.which("snmpd") or next(
        (p for p in ("/usr/sbin/snmpd", "/usr/local/sbin/snmpd") if os.path.exists(p)), None)
    if not snmpd:
        say("snmpd not installed: its rows are skipped")
        return None, None
    d = os.path.join(TMP, "snmpd")
    os.makedirs(os.path.join(d, "state"))
    for _ in range(5):
        port = free_range(1, USED)
        with open(os.path.join(d, "snmpd.conf"), "w") as fh:
            fh.write(f"agentAddress udp:127.0.0.1:{port}\nrocommunity public 127.0.0.1\n"
                     "sysLocation winsnmp bench-manager\nsysContact bench@example.org\n"
                     "sysServices 72\n")
        p = start([snmpd, "-f", "-C", "-c", os.path.join(d, "snmpd.conf"), "-Lf",
                   os.path.join(d, "snmpd.log"), f"--persistentDir={d}/state",
                   "-p", os.path.join(d, "snmpd.pid")], port, "snmpd")
        if p is not None:
            USED.add(port)
            return p, port
    return None, None


def proc_cpu(pid):
    """CPU seconds (user + system) of a running process, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as fh:
        f = fh.read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------ build

def build():
    cargo = ["cargo", "build", "--release", "-q"]
    steps = [
        cargo + ["-p", "wsnmp", "-p", "winsnmp-capi"],
        cargo + ["-p", "winsnmp", "--example", "walk", "--example", "gets",
                 "--example", "outstanding"],
        cargo + ["-p", "winsnmp-bench", "--example", "asnmp_walk", "--example", "asnmp_gets"],
    ]
    for s in steps:
        say("$", " ".join(s))
        subprocess.run(s, cwd=ROOT, check=True, env=dict(os.environ, CARGO_TARGET_DIR=TARGET))
    os.makedirs(BENCH, exist_ok=True)
    cflags = ["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-g"]
    capi = ["-I", os.path.join(ROOT, "crates/winsnmp-capi/include")]
    link = ["-L", REL, f"-Wl,-rpath,{REL}", "-lwsnmp32", "-lpthread"]
    for name, extra in (("raw_sender", []), ("winsnmp_capi_gets", capi + ["@link"]),
                        ("winsnmp_capi_outstanding", capi + ["@link"])):
        src = os.path.join(ROOT, "benches/throughput", name + ".c")
        cmd = cflags + [x for x in extra if x != "@link"] + [src, "-o", os.path.join(BENCH, name)]
        if "@link" in extra:
            cmd += link
        say("$", " ".join(cmd))
        subprocess.run(cmd, check=True)


def gufo_python():
    py = os.path.join(GUFO_VENV, "bin", "python")
    if not os.path.exists(py) and BUILD:
        say(f"$ python3 -m venv {GUFO_VENV} && pip install gufo-snmp==0.13.0")
        r = subprocess.run([sys.executable, "-m", "venv", GUFO_VENV])
        if r.returncode == 0:
            subprocess.run([os.path.join(GUFO_VENV, "bin", "pip"), "install", "-q",
                            "gufo-snmp==0.13.0"])
    ok = os.path.exists(py) and subprocess.run(
        [py, "-c", "import gufo.snmp"], capture_output=True).returncode == 0
    if not ok:
        say("gufo-snmp not available: its rows are skipped")
    return py if ok else None


# ------------------------------------------------------------------ helpers

def fmt(x, digits=2):
    return "—" if x is None else f"{x:,.{digits}f}"


def ratio(a, b):
    return None if (a is None or b is None or b == 0) else a / b


BINDING = re.compile(rb"^\.?1\.3\.6\.1\.", re.M)


def count_bindings(path):
    """Lines starting with an OID, but net-snmp's closing endOfMibView line."""
    with open(path, "rb") as fh:
        return sum(1 for l in fh.read().splitlines()
                   if BINDING.match(l) and b"No more variables" not in l)


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{datetime.date.today().isoformat()}, `nproc` = {os.cpu_count()}, {model}, "
            f"{platform.release()}, {rustc}, load average at start "
            f"{load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")


# ------------------------------------------------------------------ (a)

def walkers(gufo):
    walk = os.path.join(REL, "examples", "walk")
    m = {
        "wsnmp bulkwalk": lambda t, r: [os.path.join(REL, "wsnmp"), "bulkwalk", f"-Cr{REPS}",
                                        "-On", t, r],
        "async client walk_each": lambda t, r: [walk, t, r, f"-Cr{REPS}", "-On"],
        "async client bulk_walk stream": lambda t, r: [walk, t, r, f"-Cr{REPS}", "-On",
                                                       "--stream"],
        "net-snmp snmpbulkwalk": lambda t, r: ["snmpbulkwalk", "-v2c", "-c", "public", "-On",
                                               f"-Cr{REPS}", t, r],
        "async-snmp bulk_walk": lambda t, r: [os.path.join(REL, "examples", "asnmp_walk"), t,
                                              r.lstrip("."), f"-Cr{REPS}"],
    }
    # The libraries' own cost, without formatting and output (not comparable with the
    # printing managers; for the optimiser).
    m["async client walk_each, no output (--count)"] = lambda t, r: [
        walk, t, r, f"-Cr{REPS}", "--count"]
    m["async-snmp bulk_walk, no output (--count)"] = lambda t, r: [
        os.path.join(REL, "examples", "asnmp_walk"), t, r.lstrip("."), f"-Cr{REPS}", "--count"]
    if gufo:
        m["gufo-snmp getbulk"] = lambda t, r: [gufo, os.path.join(ROOT, "scripts/gufo_walk.py"),
                                              t, r, f"-Cr{REPS}"]
    if not shutil.which("snmpbulkwalk"):
        del m["net-snmp snmpbulkwalk"]
    return m


# Managers printing net-snmp's -On lines (compared byte for byte on the table).
ON_FORMAT = ("wsnmp bulkwalk", "async client walk_each", "async client bulk_walk stream",
             "net-snmp snmpbulkwalk")


def part_a(gufo, snmpd_port):
    out(f"### (a) Manager CPU per walked binding (GETBULK, max-repetitions {REPS})")
    out()
    _, tport = start_agent("agent-table", ["--synthetic-rows", str(ROWS)])
    trees = [(f"wsnmp agent, {ROWS:,}-row table ({4 * ROWS:,} bindings)",
              f"127.0.0.1:{tport}", TABLE, True)]
    if snmpd_port:
        trees.append(("snmpd 5.9, `.1.3.6.1.2.1`", f"127.0.0.1:{snmpd_port}", MIB2, False))
    managers = walkers(gufo)
    for label, target, root, exact in trees:
        say(f"(a) {label}: checking outputs")
        rows, texts = {}, {}
        for name, cmd in managers.items():
            path = os.path.join(TMP, "walk-" + re.sub(r"\W+", "_", name))
            with open(path, "wb") as fh:
                rc, _, _, err = run(cmd(target, root), stdout=fh, timeout=300)
            if rc != 0:
                say(f"  {name} failed ({rc}): {err.strip()[-500:]}")
                continue
            rows[name] = count_bindings(path)
            if name.endswith("(--count)"):  # no output: the count it prints to stderr
                m = re.search(r"^(\d+) objects", err, re.M)
                rows[name] = int(m.group(1)) if m else 0
            if name in ON_FORMAT:
                with open(path, "rb") as fh:
                    texts[name] = [l for l in fh.read().splitlines()
                                   if b"No more variables" not in l]
        ref = rows.get("net-snmp snmpbulkwalk") or next(iter(rows.values()), 0)
        notes = []
        if exact:
            for name, n in rows.items():
                if n != 4 * ROWS:
                    notes.append(f"{name}: {n} bindings, expected {4 * ROWS}")
            base = texts.get("net-snmp snmpbulkwalk")
            for name, t in texts.items():
                if base is not None and t != base:
                    notes.append(f"{name}: output differs from snmpbulkwalk -On")
        else:
            for name, n in rows.items():
                if abs(n - ref) > 0.03 * ref:
                    notes.append(f"{name}: {n} bindings against snmpbulkwalk's {ref}")
        for n in notes:
            say("  CHECK:", n)
        # best[name] = [CPU of the walk, wall, CPU of a one-binding walk (start-up)]
        best = {name: [None, None, None] for name in rows}
        names = list(rows)

        def keep(b, i, v):
            b[i] = v if b[i] is None else min(b[i], v)

        for r in range(RUNS):
            say(f"(a) {label}: round {r + 1}/{RUNS}")
            for name in names[r % len(names):] + names[:r % len(names)]:
                rc, cpu, wall, _ = run(managers[name](target, root), timeout=300)
                if rc == 0:
                    keep(best[name], 0, cpu)
                    keep(best[name], 1, wall)
                rc, cpu, _, _ = run(managers[name](target, TINY), timeout=60)
                if rc == 0:
                    keep(best[name], 2, cpu)
        out(f"**{label}**, `{root}` from `{target.split(':')[0]}`; best of {RUNS} runs. "
            "CPU = user + system of the manager process (wait4); start-up = the CPU of a "
            f"walk of `{TINY}` (one binding); per binding = (walk − start-up) ÷ bindings.")
        out()
        out("| manager | bindings | CPU ms (whole walk) | start-up CPU ms | **CPU µs/binding** | "
            "wall ms | ÷ net-snmp | ÷ async-snmp |")
        out("|---|---:|---:|---:|---:|---:|---:|---:|")
        per = {}
        for n in rows:
            cpu, _, boot = best[n]
            per[n] = (max(0.0, cpu - (boot or 0.0)) / rows[n] * 1e6
                      if cpu is not None and rows[n] else None)
        for name in rows:
            cpu, wall, boot = best[name]
            out(f"| {name} | {rows[name]:,} | {fmt(cpu and cpu * 1e3, 1)} | "
                f"{fmt(boot and boot * 1e3, 1)} | **{fmt(per[name], 3)}** | "
                f"{fmt(wall and wall * 1e3, 1)} | "
                f"{fmt(ratio(per[name], per.get('net-snmp snmpbulkwalk')))} | "
                f"{fmt(ratio(per[name], per.get('async-snmp bulk_walk')))} |")
        out()
        out("Checks: " + ("; ".join(notes) if notes else
                          ("every -On output byte-identical to snmpbulkwalk's, every count "
                           f"{4 * ROWS:,}" if exact else
                           "binding counts within 3 % of snmpbulkwalk's (live tree)")) + ".")
        out()


# ------------------------------------------------------------------ (b)

def getters(gufo):
    g = {
        "raw": lambda a: [os.path.join(BENCH, "raw_sender"), *a],
        "capi": lambda a: [os.path.join(BENCH, "winsnmp_capi_gets"), *a],
        "async": lambda a: [os.path.join(REL, "examples", "gets"), *a],
        "async-snmp": lambda a: [os.path.join(REL, "examples", "asnmp_gets"), *a],
    }
    if gufo:
        g["gufo"] = lambda a: [gufo, os.path.join(ROOT, "scripts/gufo_gets.py"), *a]
    return {k: v for k, v in g.items() if k in PROGRAMS}


LABEL = {"raw": "raw C sender", "capi": "WinSNMP C API", "async": "async client",
         "async-snmp": "async-snmp", "gufo": "gufo-snmp"}


def parse_result(text):
    m = re.search(r"^RESULT (.*)$", text, re.M)
    return dict(kv.split("=", 1) for kv in m.group(1).split()) if m else None


def cpu_cell(r):
    """A (b) CPU cell: user + system µs per GET, its user-space part in brackets."""
    if r is None:
        return "—"
    user = r.get("user_us_per_get")
    return fmt(float(r["cpu_us_per_get"])) + (f" ({fmt(float(user))})" if user else "")


def part_b(gufo):
    out("### (b) GET round trips per second (sysUpTime.0, v2c), one manager process against "
        "`wsnmp agent` processes")
    out()
    progs = getters(gufo)
    bases = {}
    for n in sorted(TARGETS, reverse=True):  # the largest range first
        _, bases[n] = start_agent(f"agent-{n}", [], n)
    results = {}
    skipped = [(n, w) for n in TARGETS for w in WINDOWS if w > n * MAX_PER_TARGET]
    cells = [(n, w) for n in TARGETS for w in WINDOWS if (n, w) not in skipped]
    # Rounds outermost, so that a cell's runs are minutes apart (others' load comes and goes).
    for rnd in range(B_RUNS):
        for n, w in cells:
            for name, cmd in progs.items():
                say(f"(b) round {rnd + 1}/{B_RUNS}: {name}, {n} targets, {w} outstanding")
                args = ["-p", str(bases[n]), "-n", str(n), "-w", str(w), "-d", str(DURATION),
                        "-u", str(WARMUP)]
                with open(os.path.join(TMP, "b.out"), "w+b") as fh:
                    rc, _, _, err = run(cmd(args), stdout=fh,
                                        timeout=WARMUP + DURATION + 90)
                    fh.seek(0)
                    r = parse_result(fh.read().decode(errors="replace"))
                if rc != 0 or r is None:
                    say(f"  failed ({rc}): {err.strip()[-300:]}")
                    continue
                old = results.get((name, n, w))
                if old is None:
                    results[(name, n, w)] = r
                else:
                    # Best throughput, and the lowest CPU per GET of the rounds with its
                    # user-space part from the same round.
                    low = min((old, r), key=lambda x: float(x["cpu_us_per_get"]))
                    cpu, user = low["cpu_us_per_get"], low.get("user_us_per_get")
                    if float(r["gets_per_s"]) > float(old["gets_per_s"]):
                        results[(name, n, w)] = r
                    results[(name, n, w)]["cpu_us_per_get"] = cpu
                    if user is not None:
                        results[(name, n, w)]["user_us_per_get"] = user
    out(f"Each cell: completed GETs/s over {DURATION:g} s after a {WARMUP:g} s warm-up, "
        f"best of {B_RUNS} runs; in brackets the ratio to the raw C sender in the same row; `†` = more "
        "than 0.1 % of the requests timed out (lost) in the measured period.")
    out()
    names = list(progs)
    for n in TARGETS:
        out(f"**{n:,} target{'s' if n > 1 else ''}** (agent on {n:,} port{'s' if n > 1 else ''})")
        out()
        out("| outstanding | " + " | ".join(LABEL[p] for p in names) + " |")
        out("|---:|" + "---:|" * len(names))
        for w in WINDOWS:
            if (n, w) in skipped:
                continue
            raw = results.get(("raw", n, w))
            cells = []
            for p in names:
                r = results.get((p, n, w))
                if r is None:
                    cells.append("failed")
                    continue
                g = float(r["gets_per_s"])
                lost = int(r["timeouts"]) > 0.001 * max(1, int(r["completed"]))
                c = f"{g:,.0f}{' †' if lost else ''}"
                if p != "raw" and raw:
                    c += f" ({fmt(ratio(g, float(raw['gets_per_s'])))})"
                cells.append(c)
            out(f"| {w:,} | " + " | ".join(cells) + " |")
        out()
    out("Manager CPU (user + system, all threads) per completed GET, µs, lowest of the same "
        "runs; in brackets its user-space part (the library's own work: the system part is "
        "the kernel's sends and receives, much the same for every program):")
    out()
    out("| targets | outstanding | " + " | ".join(LABEL[p] for p in names) + " |")
    out("|---:|---:|" + "---:|" * len(names))
    for n in TARGETS:
        for w in WINDOWS:
            if (n, w) in skipped:
                continue
            cells = [cpu_cell(results.get((p, n, w))) for p in names]
            out(f"| {n:,} | {w:,} | " + " | ".join(cells) + " |")
    out()
    if skipped:
        out("Skipped (more than " + str(MAX_PER_TARGET) + " outstanding per agent socket): " +
            ", ".join(f"{w:,} outstanding over {n:,} target{'s' if n > 1 else ''}"
                      for n, w in skipped) + ".")
        out()
    return results


# ------------------------------------------------------------------ (f)

def budget(points):
    """The user µs per GET at which the spun raw sender's ratio falls to 0.9: linear
    between the two levels around it; `None` when no level falls that far."""
    for (u0, r0), (u1, r1) in zip(points, points[1:]):
        if r1 < 0.9 <= r0:
            return u0 + (u1 - u0) * (r0 - 0.9) / (r0 - r1)
    return None


def part_f():
    out("### (f) The user-space budget of (b)'s cells (the raw C sender with busy work)")
    out()
    if SPINS[0] != 0:
        raise SystemExit("SPINS must start with 0 (the plain raw sender)")
    bases = {}
    for n in sorted({n for n, _ in F_CELLS}, reverse=True):
        _, bases[n] = start_agent(f"agent-f-{n}", [], n)
    progs = [(f"raw-{k}", ["-s", str(k)], os.path.join(BENCH, "raw_sender")) for k in SPINS]
    progs += [("capi", [], os.path.join(BENCH, "winsnmp_capi_gets")),
              ("async", [], os.path.join(REL, "examples", "gets"))]
    got = {}
    for rnd in range(F_RUNS):
        for n, w in F_CELLS:
            for name, extra, exe in progs:
                say(f"(f) round {rnd + 1}/{F_RUNS}: {name}, {n} targets, {w} outstanding")
                args = [exe, "-p", str(bases[n]), "-n", str(n), "-w", str(w), "-d",
                        str(DURATION), "-u", str(WARMUP), *extra]
                with open(os.path.join(TMP, "f.out"), "w+b") as fh:
                    rc, _, _, err = run(args, stdout=fh, timeout=WARMUP + DURATION + 90,
                                        env=NOENV)
                    fh.seek(0)
                    r = parse_result(fh.read().decode(errors="replace"))
                if rc != 0 or r is None:
                    say(f"  failed ({rc}): {err.strip()[-300:]}")
                    continue
                got.setdefault((name, n, w), []).append(
                    (float(r["gets_per_s"]), float(r["user_us_per_get"])))

    def med(name, n, w, i):
        v = got.get((name, n, w))
        return statistics.median(x[i] for x in v) if v else None

    out(f"Each figure: the median of {F_RUNS} runs ({DURATION:g} s after a {WARMUP:g} s "
        "warm-up; each cell's programs one after another, the rounds outermost). "
        "`raw + s`: the raw C sender spinning s turns of an empty loop after each answer; "
        "its cells give the user-space µs per GET and, in brackets, GETs/s as a ratio to "
        "the plain raw sender. **Budget**: the user-space µs per GET at which the spun "
        "sender falls to 0.9× (linear between the levels around it). The C API and the "
        "async client: ratio to the plain raw sender; user-space µs per GET.")
    out()
    head = ["targets", "outstanding", "raw C sender GETs/s; user µs"]
    head += [f"raw + {k}" for k in SPINS[1:]] + ["**budget** µs", "WinSNMP C API",
                                                 "async client"]
    out("| " + " | ".join(head) + " |")
    out("|" + "---:|" * len(head))
    for n, w in F_CELLS:
        base = med("raw-0", n, w, 0)
        if not base:
            out(f"| {n:,} | {w:,} | failed |")
            continue
        cells = [f"{base:,.0f}; {fmt(med('raw-0', n, w, 1))}"]
        points = []
        for k in SPINS:
            g, u = med(f"raw-{k}", n, w, 0), med(f"raw-{k}", n, w, 1)
            if g is None:
                if k:
                    cells.append("failed")
                continue
            points.append((u, g / base))
            if k:
                cells.append(f"{fmt(u)} ({fmt(g / base)})")
        b = budget(points)
        cells.append(f"**{fmt(b)}**" if b is not None else f"> {fmt(points[-1][0])}")
        for name in ("capi", "async"):
            g, u = med(name, n, w, 0), med(name, n, w, 1)
            cells.append("failed" if g is None else f"{fmt(g / base)}; {fmt(u)}")
        out(f"| {n:,} | {w:,} | " + " | ".join(cells) + " |")
    out()


# ------------------------------------------------------------------ (c)

def part_c():
    out(f"### (c) Memory per outstanding request at {OUTSTANDING:,} outstanding")
    out()
    out("| what | RSS growth | bytes per request | notes |")
    out("|---|---:|---:|---|")
    rows = [("async client (`examples/outstanding`)",
             [os.path.join(REL, "examples", "outstanding"), str(OUTSTANDING)]),
            ("WinSNMP C API (`winsnmp_capi_outstanding`)",
             [os.path.join(BENCH, "winsnmp_capi_outstanding"), str(OUTSTANDING)])]
    for label, cmd in rows:
        with open(os.path.join(TMP, "c.out"), "w+b") as fh:
            rc, _, _, err = run(cmd, stdout=fh, timeout=120)
            fh.seek(0)
            r = parse_result(fh.read().decode(errors="replace"))
        if rc != 0 or r is None:
            out(f"| {label} | failed | — | {err.strip()[-200:]} |")
            continue
        note = f"one `get` future: {r['future_bytes']} B" if "future_bytes" in r else ""
        out(f"| {label} | {int(r['rss_kib']):,} KiB | {r['bytes_per_request']} | {note} |")
    if ENGINE_BENCH:
        p = subprocess.run(["cargo", "bench", "-q", "-p", "winsnmp-engine", "--bench",
                            "datagrams", "--", "--test"], cwd=ROOT, capture_output=True,
                           text=True, timeout=900, env=dict(os.environ, CARGO_TARGET_DIR=TARGET))
        m = re.search(r"memory: (\d+) outstanding GETs \((\d+)-byte datagrams\): RSS \+(\d+) "
                      r"KiB, (\d+) bytes per request", p.stdout)
        if m:
            out(f"| engine alone (`benches/datagrams.rs`, {int(m.group(1)):,}) | "
                f"{int(m.group(3)):,} KiB | {m.group(4)} | {m.group(2)}-byte datagrams |")
        else:
            out("| engine alone | failed | — | |")
    out()
    out("Aim: under 640 bytes per request.")
    out()


# ------------------------------------------------------------------ (d)

def part_d(snmpd, snmpd_port):
    out("### (d) The agent against snmpd: pipelined GETs from the raw C sender")
    out()
    out(f"One target each (sysUpTime.0), {DURATION:g} s per run, best of {B_RUNS}; the agent's "
        "CPU from /proc/PID/stat around each run.")
    out()
    agent, aport = start_agent("agent-d", [])
    out("| outstanding | wsnmp agent GETs/s | snmpd GETs/s | ratio | wsnmp agent CPU µs/GET | "
        "snmpd CPU µs/GET | ratio |")
    out("|---:|---:|---:|---:|---:|---:|---:|")
    for w in (1, 10, 100):
        got = {}
        for _ in range(B_RUNS):
            for name, p, port in (("agent", agent, aport), ("snmpd", snmpd, snmpd_port)):
                if p is None:
                    continue
                c0 = proc_cpu(p.pid)
                with open(os.path.join(TMP, "d.out"), "w+b") as fh:
                    rc, _, _, _ = run([os.path.join(BENCH, "raw_sender"), "-p", str(port),
                                       "-w", str(w), "-d", str(DURATION), "-u", str(WARMUP)],
                                      stdout=fh, timeout=WARMUP + DURATION + 30)
                    fh.seek(0)
                    r = parse_result(fh.read().decode(errors="replace"))
                c1 = proc_cpu(p.pid)
                if rc == 0 and r:
                    # The agent's CPU over the whole run (warm-up included) per GET
                    # answered in it: completed/seconds × (warm-up + duration) approximates
                    # the count. Best of the runs for both.
                    g = float(r["gets_per_s"])
                    cpu = (c1 - c0) * 1e6 / max(1.0, g * (WARMUP + DURATION))
                    old = got.get(name, (0.0, float("inf")))
                    got[name] = (max(old[0], g), min(old[1], cpu))
        a, s = got.get("agent"), got.get("snmpd")
        out(f"| {w} | {fmt(a and a[0], 0)} | {fmt(s and s[0], 0)} | "
            f"{fmt(ratio(a and a[0], s and s[0]))} | {fmt(a and a[1])} | {fmt(s and s[1])} | "
            f"{fmt(ratio(s and s[1], a and a[1]))} |")
    out()
    out("Ratios: wsnmp agent ÷ snmpd for GETs/s, snmpd ÷ wsnmp agent for CPU per GET (above "
        "1: the wsnmp agent is ahead). Aim: keep at least 4×.")
    out()
    if CODEC:
        codec()


def codec():
    say("(d) codec micro-benchmarks (criterion)")
    crit = os.path.join(TARGET, "criterion")
    p = subprocess.run(["cargo", "bench", "-q", "-p", "winsnmp-bench", "--bench", "codec", "--",
                        "--warm-up-time", "0.5", "--measurement-time", CODEC_TIME, "--noplot"],
                       cwd=ROOT, capture_output=True, text=True, timeout=1800,
                       env=dict(os.environ, CARGO_TARGET_DIR=TARGET))
    if p.returncode != 0:
        out("Codec benchmarks failed: " + p.stderr[-300:])
        return
    libs = ["winsnmp-wire", "snmp-parser", "rasn-snmp", "async-snmp"]
    out(f"Codec micro-benchmarks (`cargo bench -p winsnmp-bench --bench codec -- "
        f"--warm-up-time 0.5 --measurement-time {CODEC_TIME}`), criterion medians:")
    out()
    out("| operation | message | " + " | ".join(libs) + " | ours vs fastest other |")
    out("|---|---|" + "---:|" * (len(libs) + 1))
    for op in ("decode", "encode", "encode_reuse"):
        for msg in ("get_request_1", "response_10_mixed", "bulk_response_50"):
            med = {}
            for lib in libs:
                f = os.path.join(crit, f"{op}_{msg}", lib, "new", "estimates.json")
                if os.path.exists(f):
                    with open(f) as fh:
                        med[lib] = json.load(fh)["median"]["point_estimate"]
            if "winsnmp-wire" not in med:
                continue
            others = [v for k, v in med.items() if k != "winsnmp-wire"]

            def ns(v):
                return "—" if v is None else (f"{v:.1f} ns" if v < 1000 else f"{v / 1000:.2f} µs")
            out(f"| {op} | {msg} | " + " | ".join(ns(med.get(l)) for l in libs) +
                f" | {fmt(ratio(min(others), med['winsnmp-wire'])) if others else '—'}× |")
    out()


# ------------------------------------------------------------------ (e)

def callgrind(name, cmd, timeout=900):
    """Runs cmd under callgrind; returns (total instructions, stdout, profile file) or None."""
    cg = os.path.join(TMP, f"callgrind.{name}")
    with open(os.path.join(TMP, f"{name}.stdout"), "w+b") as fh:
        rc, _, _, err = run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}",
                             *cmd], stdout=fh, timeout=timeout)
        fh.seek(0)
        stdout = fh.read().decode(errors="replace")
    if rc != 0 or not os.path.exists(cg):
        say(f"  callgrind {name} failed ({rc}): {err[-300:]}")
        return None
    with open(cg) as fh:
        m = re.search(r"^(?:summary|totals):\s*(\d+)", fh.read(), re.M)
    return (int(m.group(1)) if m else None), stdout, cg


def top_functions(cg, inclusive, k=35):
    """callgrind_annotate's top k function lines ("1,234,567 (12.34%)  file:function"),
    without the object names and the long source prefixes; inclusive lists skip the
    frames above 90 % (main, the runtime's and the threads' entry points)."""
    text = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}",
                           "--threshold=99", cg], capture_output=True, text=True).stdout
    body = []
    for line in text.splitlines():
        m = re.match(r"^\s*[\d,]+ \(\s*([\d.]+)%\)", line)
        if not m or (inclusive and float(m.group(1)) >= 90.0):
            continue
        line = re.sub(r" \[/[^\]]*\]$", "", line).replace(ROOT + "/", "")
        line = re.sub(r"/rustc/[0-9a-f]+/library/", "std:", line)
        line = re.sub(r"/root/\.cargo/registry/src/[^/]+/", "", line)
        if body and body[-1] == line:
            continue
        body.append(line)
    return "\n".join(body[:k])


def write_profile(name, cmd, cg, total, per, unit, how):
    prof = os.path.join(ROOT, "benches", "profiles")
    os.makedirs(prof, exist_ok=True)
    shown = " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd)
    with open(os.path.join(prof, f"{name}.txt"), "w") as fh:
        fh.write(f"# {name}: callgrind profile (issue 16 (e)), {datetime.date.today()}\n"
                 f"# command: valgrind --tool=callgrind {shown}\n"
                 f"# total instructions (Ir) of this run: {total:,}\n"
                 f"# Ir per {unit}: {fmt(per, 0)} ({how})\n"
                 "# Produced by scripts/bench-manager.py (part e): callgrind_annotate, top 35 "
                 "functions of the whole run (start-up included).\n\n"
                 "## Inclusive (the function and what it calls; frames above 90 % left out)"
                 "\n\n"
                 f"{top_functions(cg, True)}\n\n"
                 "## Exclusive (the function's own instructions)\n\n"
                 f"{top_functions(cg, False)}\n")


def part_e(gufo):
    del gufo
    out("### (e) Profiles (callgrind instruction counts)")
    out()
    if not shutil.which("valgrind"):
        out("valgrind not installed: skipped.")
        return
    _, port = start_agent("agent-profile", ["--synthetic-rows", str(PROFILE_ROWS)])
    target = f"127.0.0.1:{port}"
    walk = os.path.join(REL, "examples", "walk")
    walks = [
        ("walk-wsnmp-bulkwalk", lambda r: [os.path.join(REL, "wsnmp"), "bulkwalk",
                                           f"-Cr{REPS}", "-On", target, r]),
        ("walk-async-walk_each", lambda r: [walk, target, r, f"-Cr{REPS}", "-On"]),
        ("walk-async-bulk_walk-stream", lambda r: [walk, target, r, f"-Cr{REPS}", "-On",
                                                   "--stream"]),
        ("walk-netsnmp-snmpbulkwalk", lambda r: ["snmpbulkwalk", "-v2c", "-c", "public",
                                                 "-On", f"-Cr{REPS}", target, r]),
        ("walk-async-snmp", lambda r: [os.path.join(REL, "examples", "asnmp_walk"), target,
                                       r.lstrip("."), f"-Cr{REPS}"]),
    ]
    n = 4 * PROFILE_ROWS
    out(f"Walk of a {PROFILE_ROWS:,}-row table ({n:,} bindings, max-repetitions {REPS}, "
        f"output to a file); per binding = (Ir of the walk − Ir of a walk of `{TINY}`, one "
        f"binding) ÷ {n - 1:,}:")
    out()
    out("| manager | instructions per binding | ÷ net-snmp | profile |")
    out("|---|---:|---:|---|")
    per = {}
    for name, cmd in walks:
        say(f"(e) callgrind {name}")
        full, tiny = callgrind(name, cmd(TABLE)), callgrind(name + "-tiny", cmd(TINY))
        if full and tiny and full[0] and tiny[0]:
            per[name] = (full[0] - tiny[0]) / (n - 1)
            write_profile(name, cmd(TABLE), full[2], full[0], per[name], "binding",
                          f"start-up subtracted: a one-binding walk took {tiny[0]:,}")
        else:
            per[name] = None
    for name, _ in walks:
        out(f"| {name} | {fmt(per[name], 0)} | "
            f"{fmt(ratio(per[name], per.get('walk-netsnmp-snmpbulkwalk')))} | "
            f"`benches/profiles/{name}.txt` |")
    out()
    _, base = start_agent("agent-profile-1000", [], 1000)

    def gets_args(d):
        return ["-p", str(base), "-n", "1000", "-w", "100", "-d", str(d), "-u", "0"]

    gets = [("gets-capi", [os.path.join(BENCH, "winsnmp_capi_gets")]),
            ("gets-async", [os.path.join(REL, "examples", "gets")]),
            ("gets-raw", [os.path.join(BENCH, "raw_sender")])]
    short = max(0.5, PROFILE_SECONDS / 4)
    out(f"Pipelined GETs (1,000 targets, 100 outstanding) under callgrind, {PROFILE_SECONDS:g} s "
        f"and {short:g} s runs; per GET = difference of the instructions ÷ difference of "
        "the GETs completed (start-up and teardown cancel out). User space only: valgrind "
        "does not see the kernel's share (most of the raw sender's cost).")
    out()
    out("| program | instructions per GET | ÷ raw C sender | profile |")
    out("|---|---:|---:|---|")
    per = {}
    for name, prog in gets:
        say(f"(e) callgrind {name}")
        long_ = callgrind(name, prog + gets_args(PROFILE_SECONDS))
        short_ = callgrind(name + "-short", prog + gets_args(short))
        per[name] = None
        if long_ and short_ and long_[0] and short_[0]:
            g1 = int((parse_result(long_[1]) or {}).get("completed", 0))
            g0 = int((parse_result(short_[1]) or {}).get("completed", 0))
            if g1 > g0:
                per[name] = (long_[0] - short_[0]) / (g1 - g0)
                write_profile(name, prog + gets_args(PROFILE_SECONDS), long_[2], long_[0],
                              per[name], "GET", f"{g1:,} GETs in this run, {g0:,} in a "
                              f"{short:g} s run of {short_[0]:,} Ir; the difference")
    for name, _ in gets:
        out(f"| {name} | {fmt(per[name], 0)} | {fmt(ratio(per[name], per.get('gets-raw')))} | "
            f"`benches/profiles/{name}.txt` |")
    out()


# ------------------------------------------------------------------ main

def main():
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.alarm(MAX_SECONDS)
    t0 = time.monotonic()
    try:
        if BUILD:
            build()
        gufo = gufo_python()
        say(f"parts {PARTS}; build done after {time.monotonic() - t0:.0f} s")
        t1 = time.monotonic()
        out(f"Run: {machine()}.")
        out()
        knobs = [f"{k}={shlex.quote(os.environ[k])}" for k in
                 ("PARTS", "RUNS", "ROWS", "REPS", "DURATION", "WARMUP", "B_RUNS", "TARGETS",
                  "WINDOWS", "F_RUNS", "SPINS", "F_CELLS") if k in os.environ]
        out("Command: `" + " ".join([*knobs, "scripts/bench-manager.py"]) + "`")
        out()
        snmpd, snmpd_port = start_snmpd()
        if "a" in PARTS:
            part_a(gufo, snmpd_port)
        if "b" in PARTS:
            part_b(gufo)
        if "c" in PARTS:
            part_c()
        if "d" in PARTS:
            part_d(snmpd, snmpd_port)
        if "e" in PARTS:
            part_e(gufo)
        if "f" in PARTS:
            part_f()
        out(f"Run time: {time.monotonic() - t1:.0f} s (after building).")
    finally:
        signal.alarm(0)
        cleanup()
        os.makedirs(BENCH, exist_ok=True)
        with open(os.path.join(BENCH, "report.md"), "w") as fh:
            fh.write("\n".join(REPORT) + "\n")


if __name__ == "__main__":
    main()
