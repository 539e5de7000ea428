#!/usr/bin/env python3
"""bench-v3.py — what SNMPv3 authPriv costs a manager per request, winsnmp against net-snmp,
measured side by side in one run.

Each tool walks the same table with GETNEXT (one request and one response per object) from
the same agent (`wsnmp agent --synthetic-rows`, release build, one v3 user), first with
v2c, then with v3 authPriv (SHA + AES-128). The client's CPU time (user + system, from
getrusage of the child) divided by the number of requests gives the manager's cost per
request; the v3 column minus the v2c column is what authPriv adds. net-snmp's `snmpwalk` and
`wsnmp walk` get the same agent, objects and options; each measurement is the best of
$RUNS runs (default 5), so noise on a small shared machine inflates neither side.

The outputs of both tools are compared first (identical lines), so nothing is timed on an
error path. Everything is on 127.0.0.1; the agent is killed at exit.

Usage: scripts/bench-v3.py   (env: RUNS, ROWS, CARGO_TARGET_DIR)
"""

import os
import resource
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
RUNS = int(os.environ.get("RUNS", "5"))
ROWS = int(os.environ.get("ROWS", "5000"))
TABLE = ".1.3.6.1.4.1.8072.9999.9999.1.1.2"  # one column (row-N strings): ROWS objects
V3 = ["-v3", "-l", "authPriv", "-u", "bench", "-a", "SHA", "-A", "authpass123",
      "-x", "AES", "-X", "privpass123"]
V2C = ["-v2c", "-c", "public"]


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_of(cmd):
    """Runs cmd to completion; returns (its CPU seconds, its stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=dict(os.environ, MIBS=""), timeout=300, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, out.stdout


def main():
    if not shutil.which("snmpwalk"):
        sys.exit("bench-v3: net-snmp's snmpwalk is not installed")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "wsnmp"], cwd=ROOT,
                   check=True)
    wsnmp = os.path.join(TARGET, "release", "wsnmp")
    port = free_port()
    agent = subprocess.Popen(
        [wsnmp, "agent", "--listen", f"127.0.0.1:{port}", "--synthetic-rows", str(ROWS),
         "--user", "bench SHA authpass123 AES privpass123"],
        stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        target = f"127.0.0.1:{port}"
        deadline = time.time() + 10
        while True:
            r = subprocess.run(["snmpget", *V2C, "-t", "0.2", "-r", "0", target,
                                ".1.3.6.1.2.1.1.1.0"], capture_output=True,
                               env=dict(os.environ, MIBS=""))
            if r.returncode == 0:
                break
            if time.time() > deadline:
                sys.exit("bench-v3: the agent did not start")
        tools = {
            "net-snmp snmpwalk": lambda sec: ["snmpwalk", "-On", *sec, target, TABLE],
            "wsnmp walk": lambda sec: [wsnmp, "walk", *sec, target, TABLE],
        }
        # Same output from both, for both versions.
        outputs = {}
        for name, cmd in tools.items():
            for label, sec in (("v2c", V2C), ("v3", V3)):
                _, out = cpu_of(cmd(sec))
                lines = [l for l in out.decode().splitlines() if "No more variables" not in l]
                outputs[(name, label)] = lines
        ref = outputs[("net-snmp snmpwalk", "v2c")]
        assert len(ref) == ROWS, f"{len(ref)} lines, expected {ROWS}"
        for k, v in outputs.items():
            assert v == ref, f"{k} differs from net-snmp's v2c walk"
        requests = ROWS + 1  # the last GETNEXT leaves the column
        print(f"# {time.strftime('%Y-%m-%d')} {os.uname().nodename}, {os.cpu_count()} CPUs: "
              f"GETNEXT walk of {ROWS} objects from wsnmp agent, best of {RUNS} runs, "
              "client CPU (user+sys) per request")
        print("| manager | v2c µs/request | v3 authPriv SHA+AES µs/request | added by v3 µs |")
        print("|---|---|---|---|")
        added = {}
        for name, cmd in tools.items():
            best = {}
            for label, sec in (("v2c", V2C), ("v3", V3)):
                best[label] = min(cpu_of(cmd(sec))[0] for _ in range(RUNS)) / requests * 1e6
            added[name] = best["v3"] - best["v2c"]
            print(f"| {name} | {best['v2c']:.2f} | {best['v3']:.2f} | {added[name]:.2f} |")
        n, w = added["net-snmp snmpwalk"], added["wsnmp walk"]
        if w > 0:
            print(f"\nv3 authPriv overhead per request: net-snmp / wsnmp = {n / w:.2f}")
    finally:
        agent.kill()
        agent.wait()


if __name__ == "__main__":
    main()
