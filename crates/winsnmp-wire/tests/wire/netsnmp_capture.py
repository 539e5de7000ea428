#!/usr/bin/env python3
"""Capture the datagrams net-snmp's command-line tools send (and snmpd's answers).

Used to cross-check the hand-derived vectors in vectors.rs; not run by `cargo test`.
Loopback only. Usage:

    python3 netsnmp_capture.py PORT -- snmpget -v2c -c public 127.0.0.1:PORT 1.3.6.1.2.1.1.1.0
    python3 netsnmp_capture.py PORT --relay AGENTPORT -- snmpget ... 127.0.0.1:PORT ...

Prints one line per datagram: direction and hex. With --relay every datagram is forwarded to
an snmpd on 127.0.0.1:AGENTPORT and its answer is passed back (and printed).
"""
import select
import socket
import subprocess
import sys


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    opts, cmd = args[:sep], args[sep + 1 :]
    port = int(opts[0])
    relay = int(opts[opts.index("--relay") + 1]) if "--relay" in opts else None
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    up = None
    if relay is not None:
        up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        up.bind(("127.0.0.1", 0))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = None
    while True:
        socks = [s] + ([up] if up else [])
        r, _, _ = select.select(socks, [], [], 0.3)
        if not r and proc.poll() is not None:
            break
        for sock in r:
            data, addr = sock.recvfrom(65535)
            if sock is s:
                client = addr
                print("tool>", data.hex(), flush=True)
                if up:
                    up.sendto(data, ("127.0.0.1", relay))
            else:
                print("agent>", data.hex(), flush=True)
                s.sendto(data, client)
    proc.wait()


if __name__ == "__main__":
    main()
