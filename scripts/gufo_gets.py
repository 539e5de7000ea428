#!/usr/bin/env python3
"""gufo_gets.py — issue 16 (b): GET round trips per second with gufo-snmp (PyPI
`gufo-snmp`), the workload of `benches/throughput/raw_sender.c`.

gufo-snmp's asyncio client has one socket per `SnmpSession`, each for one agent and one
request at a time. So W requests outstanding over N targets are W workers (coroutines):
with W >= N, W sessions (session i to target i mod N), worker i uses session i; with
W < N, N sessions, worker j cycles over sessions j, j+W, j+2W… (every target is asked in
turn). Each worker: `await session.get("1.3.6.1.2.1.1.3.0")`, count, next. Session timeout
1 s (a TimeoutError is counted as a timeout and the worker goes on). Common rules (see
raw_sender.c): the workers start 200 at a time, 1 ms apart; WARMUP seconds (and the
ramp) are not counted, then D seconds are; one `RESULT ...` line.

Install: python3 -m venv VENV && VENV/bin/pip install gufo-snmp==0.13.0
         (scripts/bench-manager.py does this in target/bench/gufo-venv).
Usage:   VENV/bin/python scripts/gufo_gets.py [-h HOST] -p BASE_PORT [-n TARGETS]
         [-w WINDOW] [-d SECONDS] [-u WARMUP]
"""

import asyncio
import getopt
import resource
import sys
import time

from gufo.snmp.aio import SnmpSession

OID = "1.3.6.1.2.1.1.3.0"
RAMP = 200


def cpu_times():
    """(user, user + system) CPU seconds of this process so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_utime + r.ru_stime


class Counters:
    completed = 0
    timeouts = 0
    failures = 0
    stop = False


async def worker(sessions, c):
    i = 0
    while not c.stop:
        s = sessions[i]
        i = i + 1 if i + 1 < len(sessions) else 0
        try:
            await s.get(OID)
            c.completed += 1
        except TimeoutError:
            c.timeouts += 1
        except Exception:  # noqa: BLE001 (counted, as the other programs do)
            c.failures += 1


async def run(host, base, targets, window, duration, warmup):
    n = max(targets, window)
    sessions = [SnmpSession(addr=host, port=base + (i % targets), community="public",
                            timeout=1.0) for i in range(n)]
    c = Counters()
    t0 = time.monotonic()
    tasks = []
    for j in range(window):
        mine = sessions[j::window]  # W >= N: just session j
        tasks.append(asyncio.ensure_future(worker(mine, c)))
        if (j + 1) % RAMP == 0:
            await asyncio.sleep(0.001)
    # The ramp (slow with thousands of coroutines) counts as warm-up.
    await asyncio.sleep(max(0.0, t0 + warmup - time.monotonic()))
    start = time.monotonic()
    c0, t0_, (user0, cpu0) = c.completed, c.timeouts, cpu_times()
    await asyncio.sleep(max(0.0, start + duration - time.monotonic()))
    c1, t1, (user, cpu) = c.completed, c.timeouts, cpu_times()
    user, cpu = user - user0, cpu - cpu0
    secs = time.monotonic() - start
    c.stop = True
    for t in tasks:
        t.cancel()
    await asyncio.wait(tasks, timeout=5)
    print(f"RESULT program=gufo_snmp targets={targets} window={window} seconds={secs:.3f} "
          f"completed={c1 - c0} timeouts={t1 - t0_} failures={c.failures} "
          f"gets_per_s={(c1 - c0) / secs:.0f} "
          f"cpu_us_per_get={cpu * 1e6 / max(1, c1 - c0):.2f} "
          f"user_us_per_get={user * 1e6 / max(1, c1 - c0):.2f}", flush=True)


def main():
    opts, _ = getopt.getopt(sys.argv[1:], "h:p:n:w:d:u:")
    o = dict(opts)
    if "-p" not in o:
        sys.exit(__doc__)
    asyncio.run(run(o.get("-h", "127.0.0.1"), int(o["-p"]), int(o.get("-n", 1)),
                    int(o.get("-w", 1)), float(o.get("-d", 5)), float(o.get("-u", 0.5))))


if __name__ == "__main__":
    main()
