#!/usr/bin/env python3
"""A login storm at a steady rate: POST /api/v1/session at RATE attempts per
second for SECONDS (open loop: an attempt is sent at its time whether or not
the earlier ones were answered), from up to 64 at once.

Every attempt comes from another loopback source address (127.0.1.1,
127.0.1.2, ...: Linux answers the whole 127.0.0.0/8), as in a distributed
storm, so the per-source throttling does not stop it and every attempt costs
the server a full argon2 verification: the worst case for the CPU. Of every
RIGHT_EVERY attempts one logs in with the right password of USER (a demo
account that is not used for anything else), the others with a wrong
password for an account name that does not exist (the server then verifies
a dummy hash: the same argon2 work, and no account gets locked).

Prints one line at the end:

    STORM sent=<n> rate=<per s> statuses=200:..,401:.. p50_ms=.. p99_ms=.. max_ms=.. late=<n>

usage: login_storm.py PORT RATE SECONDS [USER] [RIGHT_EVERY]
"""
import concurrent.futures
import http.client
import json
import secrets
import sys
import threading
import time

PASSWORD = "verbind-demo"


def attempt(port: int, source: str, body: bytes):
    t0 = time.perf_counter()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
        c.request("POST", "/api/v1/session", body=body, headers={"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        c.close()
        status = str(r.status)
    except OSError as e:
        status = type(e).__name__
    return status, (time.perf_counter() - t0) * 1000


def main() -> int:
    port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    user = sys.argv[4] if len(sys.argv) > 4 else "vdab"
    right_every = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    n = int(rate * seconds)
    results = []
    lock = threading.Lock()
    late = 0

    def record(f):
        with lock:
            results.append(f.result())

    with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        t0 = time.perf_counter()
        for i in range(n):
            due = t0 + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            elif wait < -0.05:
                late += 1
            k = i % (254 * 255)
            source = f"127.0.{1 + k // 254}.{1 + k % 254}"
            if i % right_every == right_every - 1:
                body = {"username": user, "password": PASSWORD}
            else:
                body = {"username": f"storm-{secrets.token_hex(6)}", "password": "wrong-" + secrets.token_hex(6)}
            pool.submit(attempt, port, source, json.dumps(body).encode()).add_done_callback(record)
        elapsed = time.perf_counter() - t0
    counts = {}
    for s, _ in results:
        counts[s] = counts.get(s, 0) + 1
    lat = sorted(ms for _, ms in results)
    pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else 0
    print(
        f"STORM sent={n} rate={n / elapsed:.1f} "
        f"statuses={','.join(f'{k}:{v}' for k, v in sorted(counts.items()))} "
        f"p50_ms={pct(50):.1f} p99_ms={pct(99):.1f} max_ms={lat[-1] if lat else 0:.1f} late={late}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
