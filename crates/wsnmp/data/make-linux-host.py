#!/usr/bin/env python3
"""Builds linux-host.snmprec from linux-host.walk.

linux-host.walk is `MIBS= snmpwalk -v2c -c public -On 127.0.0.1:16100 .1.3.6.1.2.1` against
net-snmp's snmpd on a small Linux VM (see README.md for the exact steps and the few edits made
to the capture). This script converts it to snmpsim's .snmprec format (OID|TAG|VALUE, tags
numeric, `x` suffix for hex) and extends the interface tables (ifTable, ifXTable, and the
matching hrDeviceTable, ipAddrTable and dot3StatsTable rows) from the 4 captured interfaces to
11 plausible ones. It is deterministic: running it again gives the same file.

    python3 make-linux-host.py [linux-host.walk] [linux-host.snmprec]
"""

import random
import re
import sys

IF_TABLE = "1.3.6.1.2.1.2.2.1"
IF_X_TABLE = "1.3.6.1.2.1.31.1.1.1"
IF_NUMBER = "1.3.6.1.2.1.2.1.0"
HR_DEVICE = "1.3.6.1.2.1.25.3.2.1"
IP_ADDR_TABLE = "1.3.6.1.2.1.4.20.1"
DOT3_STATS = "1.3.6.1.2.1.10.7.2.1"

TAGS = {
    "INTEGER": 2,
    "STRING": 4,
    "Hex-STRING": 4,
    "OID": 6,
    "IpAddress": 64,
    "Counter32": 65,
    "Gauge32": 66,
    "Timeticks": 67,
    "Counter64": 70,
}


def parse_walk(path):
    """(oid, tag, value bytes) for each binding of an `snmpwalk -On` capture."""
    rows = []
    data = open(path, "rb").read().decode("latin-1")
    lines = data.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        i += 1
        if not line.strip():
            continue
        oid, _, rest = line.partition(" = ")
        oid = oid.lstrip(".")
        if rest == '""':
            rows.append((oid, 4, b""))
            continue
        kind, _, val = rest.partition(": ")
        if kind == "STRING" and val.startswith('"'):
            text = val[1:]
            while not (text.endswith('"') and not text.endswith('\\"')):
                text += "\n" + lines[i].rstrip("\r")
                i += 1
            text = text[:-1]
            text = re.sub(r'\\(["\\])', r"\1", text)
            rows.append((oid, 4, text.encode("latin-1")))
        elif kind == "Hex-STRING":
            rows.append((oid, 4, bytes.fromhex(val)))
        elif kind == "INTEGER":
            m = re.search(r"\((-?\d+)\)", val)
            rows.append((oid, 2, (m.group(1) if m else val.split()[0]).encode()))
        elif kind == "Timeticks":
            rows.append((oid, 67, re.search(r"\((\d+)\)", val).group(1).encode()))
        elif kind == "OID":
            rows.append((oid, 6, val.lstrip(".").encode()))
        elif kind in TAGS:
            rows.append((oid, TAGS[kind], val.strip().encode()))
        else:
            raise SystemExit(f"{path}:{i}: unsupported type {kind!r}")
    return rows


def mac(s):
    return bytes(int(p, 16) for p in s.split(":"))


# ifIndex, name, ifType, MTU, speed (bit/s), MAC, admin, oper, alias
NEW_IFS = [
    (5, "eth1", 6, 1500, 1_000_000_000, "52:54:00:3a:7c:11", 1, 1, "uplink-b"),
    (6, "eth2", 6, 9000, 10_000_000_000, "3c:fd:fe:9e:21:40", 1, 1, "storage-a"),
    (7, "eth3", 6, 9000, 10_000_000_000, "3c:fd:fe:9e:21:41", 1, 1, "storage-b"),
    (8, "eth4", 6, 1500, 1_000_000_000, "52:54:00:3a:7c:14", 2, 2, ""),
    (9, "bond0", 161, 9000, 20_000_000_000, "3c:fd:fe:9e:21:40", 1, 1, "storage LACP"),
    (10, "br0", 6, 1500, 0, "52:54:00:3a:7c:11", 1, 1, "vm bridge"),
    (11, "docker0", 6, 1500, 0, "02:42:6f:1c:a8:3e", 1, 7, ""),
]

# New IPv4 addresses: address, ifIndex, netmask.
NEW_ADDRS = [
    ("10.20.0.15", 9, "255.255.255.0"),
    ("172.17.0.1", 11, "255.255.0.0"),
    ("192.168.122.1", 10, "255.255.255.0"),
]


def interface_rows(rng):
    rows = []
    for idx, name, iftype, mtu, speed, hw, admin, oper, alias in NEW_IFS:
        up = oper == 1
        hc_in = rng.randrange(10**9, 10**13) if up else 0
        hc_out = rng.randrange(10**9, 10**13) if up else 0
        in_ucast = hc_in // rng.randrange(600, 1400) if up else 0
        out_ucast = hc_out // rng.randrange(600, 1400) if up else 0
        in_mcast = rng.randrange(0, 50000) if up else 0
        in_bcast = rng.randrange(0, 20000) if up else 0
        out_mcast = rng.randrange(0, 5000) if up else 0
        errors = rng.randrange(0, 3) if up else 0
        drops = rng.randrange(0, 400) if up else 0
        last_change = rng.randrange(300, 5000)
        c32 = lambda v: v % 2**32  # noqa: E731
        t = {
            1: (2, idx),
            2: (4, name),
            3: (2, iftype),
            4: (2, mtu),
            5: (66, min(speed, 2**32 - 1)),
            6: (4, mac(hw)),
            7: (2, admin),
            8: (2, oper),
            9: (67, last_change),
            10: (65, c32(hc_in)),
            11: (65, c32(in_ucast)),
            12: (65, c32(in_mcast + in_bcast)),
            13: (65, drops),
            14: (65, errors),
            15: (65, 0),
            16: (65, c32(hc_out)),
            17: (65, c32(out_ucast)),
            18: (65, c32(out_mcast)),
            19: (65, 0),
            20: (65, 0),
            21: (66, 0),
            22: (6, "0.0"),
        }
        for col, (tag, v) in t.items():
            rows.append((f"{IF_TABLE}.{col}.{idx}", tag, v))
        x = {
            1: (4, name),
            2: (65, c32(in_mcast)),
            3: (65, c32(in_bcast)),
            4: (65, c32(out_mcast)),
            5: (65, 0),
            6: (70, hc_in),
            7: (70, in_ucast),
            8: (70, in_mcast),
            9: (70, in_bcast),
            10: (70, hc_out),
            11: (70, out_ucast),
            12: (70, out_mcast),
            13: (70, 0),
            15: (66, speed // 1_000_000),
            16: (2, 2),
            17: (2, 1 if iftype != 24 else 2),
            18: (4, alias),
            19: (67, 0),
        }
        for col, (tag, v) in x.items():
            rows.append((f"{IF_X_TABLE}.{col}.{idx}", tag, v))
        dev = 262144 + idx
        for col, (tag, v) in {
            1: (2, dev),
            2: (6, "1.3.6.1.2.1.25.3.1.4"),
            3: (4, f"network interface {name}"),
            4: (6, "0.0"),
            5: (2, 2 if up else 5),
            6: (65, 0),
        }.items():
            rows.append((f"{HR_DEVICE}.{col}.{dev}", tag, v))
        if name.startswith("eth") and up:
            for col, (tag, v) in {
                1: (2, idx),
                3: (65, 0),
                7: (65, 0),
                10: (65, 0),
                11: (65, 0),
                13: (65, 0),
                16: (65, 0),
                19: (2, 3),
            }.items():
                rows.append((f"{DOT3_STATS}.{col}.{idx}", tag, v))
    for addr, idx, mask in NEW_ADDRS:
        for col, (tag, v) in {
            1: (64, addr),
            2: (2, idx),
            3: (64, mask),
            4: (2, 1),
        }.items():
            rows.append((f"{IP_ADDR_TABLE}.{col}.{addr}", tag, v))
    return rows


def value_field(tag, v):
    """The TAG|VALUE part of a .snmprec line."""
    if isinstance(v, int):
        return f"{tag}|{v}".encode()
    if isinstance(v, str):
        v = v.encode()
    if tag == 4 and all(0x20 <= b < 0x7F for b in v):
        return f"{tag}|".encode() + v
    if tag == 4:
        return f"{tag}x|".encode() + v.hex().encode()
    return f"{tag}|".encode() + v


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "linux-host.walk"
    dst = sys.argv[2] if len(sys.argv) > 2 else "linux-host.snmprec"
    rows = {}
    for oid, tag, v in parse_walk(src):
        rows[oid] = (tag, v)
    rng = random.Random(20240601)
    for oid, tag, v in interface_rows(rng):
        rows[oid] = (tag, v)
    rows[IF_NUMBER] = (2, 4 + len(NEW_IFS))
    key = lambda o: [int(a) for a in o.split(".")]  # noqa: E731
    with open(dst, "wb") as out:
        for oid in sorted(rows, key=key):
            tag, v = rows[oid]
            out.write(oid.encode() + b"|" + value_field(tag, v) + b"\n")
    print(f"{dst}: {len(rows)} rows")


if __name__ == "__main__":
    main()
