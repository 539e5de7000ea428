#!/usr/bin/env python3
"""gufo_walk.py — issue 16 (a): a GETBULK walk with gufo-snmp (PyPI `gufo-snmp`, a Python
client whose BER codec and socket are Rust), the manager beside `wsnmp bulkwalk`,
winsnmp's `examples/walk.rs`, `async-snmp` and net-snmp's `snmpbulkwalk` in
`scripts/bench-manager.py`, which measures its CPU per walked binding (getrusage).

Uses the synchronous client (`gufo.snmp.sync.SnmpSession.getbulk`: no event loop, the
cheapest way gufo-snmp walks); prints `OID = value` per binding (stdout block-buffered), or
only counts with --count; the count goes to stderr.

Install: python3 -m venv VENV && VENV/bin/pip install gufo-snmp==0.13.0
         (scripts/bench-manager.py does this in target/bench/gufo-venv).
Usage:   VENV/bin/python scripts/gufo_walk.py HOST:PORT ROOT [-CrN] [--count]
         e.g. ... 127.0.0.1:1161 1.3.6.1.4.1.8072.9999.9999 -Cr50
"""

import sys

from gufo.snmp.sync import SnmpSession


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    host, port = args[0].rsplit(":", 1)
    root = args[1].lstrip(".")
    reps = next((int(a[3:]) for a in args if a.startswith("-Cr")), 10)
    count_only = "--count" in args
    session = SnmpSession(addr=host, port=int(port), community="public", timeout=1.0,
                          max_repetitions=reps)
    rows = 0
    out = sys.stdout
    for oid, value in session.getbulk(root):
        if not count_only:
            out.write(f"{oid} = {value}\n")
        rows += 1
    out.flush()
    print(f"{rows} objects", file=sys.stderr)


if __name__ == "__main__":
    main()
