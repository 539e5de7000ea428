#!/usr/bin/env python3
"""Keys and datagrams from net-snmp, for winsnmp_wire::usm's tests.

Writes the Rust module tests/wire/usm_netsnmp.rs to standard output. Not run by
`cargo test`. Needs net-snmp's snmpd and snmpget (Debian: snmpd, snmp); loopback only.
Regenerate with:

    python3 usm_netsnmp.py > usm_netsnmp.rs && cargo fmt

What it does:
1. Starts a private snmpd on 127.0.0.1 (a free port) with a fixed engine ID
   (`exactEngineID`) and one `createUser` line per auth protocol (auth only) and per
   auth x privacy pair that net-snmp supports, all with the same passwords.
2. Runs snmpget (authPriv) for a few pairs through a relay on another loopback port and
   records the request and the response datagrams (after the engine-ID discovery).
3. Stops snmpd (SIGTERM, by its pid), which makes it write its users, with their localized
   keys, to `usmUser` lines in its persistent state file; reads those lines.
"""
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

ENGINE = "80001f8880e9a6be3f6c0a1f5b00000000"
AUTH_PASSWORD = "maplesyrup"
PRIV_PASSWORD = "privacy-pass-42"
AUTHS = ["MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"]
PRIVS = ["DES", "AES", "AES-192", "AES-256", "AES-192-C", "AES-256-C"]
CAPTURES = [
    ("MD5", "DES"),
    ("SHA", "AES"),
    ("SHA-224", "AES-192"),
    ("MD5", "AES-256"),
    ("SHA", "AES-256"),
    ("SHA", "AES-192-C"),
    ("MD5", "AES-256-C"),
    ("SHA-512", "AES-256"),
    ("SHA-256", "DES"),
    ("SHA-384", "AES-192"),
]


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def user(auth, priv=None):
    return f"p_{auth}_{priv}" if priv else f"a_{auth}"


def write_conf(path):
    lines = [f"exactEngineID 0x{ENGINE}", "sysDescr winsnmp usm test"]
    for a in AUTHS:
        lines += [f"createUser {user(a)} {a} {AUTH_PASSWORD}", f"rouser {user(a)} auth"]
        for p in PRIVS:
            lines.append(f"createUser {user(a, p)} {a} {AUTH_PASSWORD} {p} {PRIV_PASSWORD}")
            lines.append(f"rouser {user(a, p)} priv")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def wait_for_agent(port):
    for _ in range(50):
        r = subprocess.run(
            ["snmpget", "-M", "/dev/null", "-v3", "-l", "authNoPriv", "-u", user("SHA"),
             "-a", "SHA", "-A", AUTH_PASSWORD, "-r", "0", "-t", "0.3",
             f"127.0.0.1:{port}", "1.3.6.1.2.1.1.1.0"],
            capture_output=True,
        )
        if r.returncode == 0:
            return
        time.sleep(0.2)
    sys.exit("snmpd did not answer")


def capture(agent_port, auth, priv):
    """The datagrams of one snmpget run, relayed to the agent: [(direction, bytes)]."""
    relay = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    relay.bind(("127.0.0.1", 0))
    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    up.bind(("127.0.0.1", 0))
    port = relay.getsockname()[1]
    cmd = ["snmpget", "-M", "/dev/null", "-v3", "-l", "authPriv", "-u", user(auth, priv),
           "-a", auth, "-A", AUTH_PASSWORD, "-x", priv, "-X", PRIV_PASSWORD, "-On",
           f"127.0.0.1:{port}", "1.3.6.1.2.1.1.1.0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen, client = [], None
    while True:
        r, _, _ = select.select([relay, up], [], [], 0.3)
        if not r and proc.poll() is not None:
            break
        for sock in r:
            data, addr = sock.recvfrom(65535)
            if sock is relay:
                client = addr
                seen.append(("request", data))
                up.sendto(data, ("127.0.0.1", agent_port))
            else:
                seen.append(("response", data))
                relay.sendto(data, client)
    out = proc.communicate()[0].decode()
    assert "winsnmp usm test" in out, (auth, priv, out)
    # The first exchange is the engine-ID discovery (no user, no keys); keep the second.
    assert len(seen) == 4, seen
    return seen[2:]


def main():
    tmp = tempfile.mkdtemp(prefix="usm-netsnmp-")
    conf = os.path.join(tmp, "snmpd.conf")
    state = os.path.join(tmp, "state")
    os.mkdir(state)
    write_conf(conf)
    port = free_port()
    agent = subprocess.Popen(
        ["snmpd", "-f", "-Lf", os.path.join(tmp, "log"), "-C", "-c", conf,
         f"--persistentDir={state}", "-M", "/dev/null", f"udp:127.0.0.1:{port}"],
    )
    try:
        wait_for_agent(port)
        captures = [(a, p, capture(port, a, p)) for a, p in CAPTURES]
    finally:
        os.kill(agent.pid, signal.SIGTERM)
        agent.wait()
    users = {}
    with open(os.path.join(state, "snmpd.conf")) as f:
        for line in f:
            if line.startswith("usmUser "):
                w = line.split()
                # usmUser status storage engineID name secName clone authOID authKey privOID privKey ...
                assert w[3] == "0x" + ENGINE, w[3]
                name = bytes.fromhex(w[4][2:]).decode()
                users[name] = (w[8][2:], w[10][2:] if w[10].startswith("0x") else "")
    version = subprocess.run(["snmpd", "-v"], capture_output=True, text=True).stdout
    version = next(l.split()[-1] for l in version.splitlines() if "version" in l)

    print(f"//! Keys and datagrams from net-snmp {version}.")
    print("//!")
    print("//! GENERATED by `usm_netsnmp.py` (see its docstring); do not edit by hand.")
    print(f"//! Engine ID {ENGINE}, auth password {AUTH_PASSWORD!r}, privacy password")
    print(f"//! {PRIV_PASSWORD!r}; keys as snmpd stored them in its `usmUser` lines.")
    print()
    print("use super::usm::{NetSnmpDatagram, NetSnmpKey};")
    print()
    print(f'pub(crate) const ENGINE_ID: &str = "{ENGINE}";')
    print()
    print("pub(crate) const KEYS: &[NetSnmpKey] = &[")
    for a in AUTHS:
        auth_key = users[user(a)][0]
        print(f'    NetSnmpKey {{ auth: "{a}", privacy: "", auth_key: "{auth_key}", priv_key: "" }},')
        for p in PRIVS:
            ak, pk = users[user(a, p)]
            assert ak == auth_key
            print(f'    NetSnmpKey {{ auth: "{a}", privacy: "{p}", auth_key: "{ak}", priv_key: "{pk}" }},')
    print("];")
    print()
    print("pub(crate) const DATAGRAMS: &[NetSnmpDatagram] = &[")
    for a, p, seen in captures:
        for direction, data in seen:
            print(f'    NetSnmpDatagram {{ auth: "{a}", privacy: "{p}", direction: "{direction}", '
                  f'bytes: "{data.hex()}" }},')
    print("];")


if __name__ == "__main__":
    main()
