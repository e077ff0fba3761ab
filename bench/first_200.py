#!/usr/bin/env python3
"""Start-up time: runs a command (a Verbind server) and measures the time from
its exec to the first 200 on http://HOST:PORT/healthz, polling every
millisecond on fresh connections. Then, after SETTLE seconds, reads the
process's VmRSS, stops it with SIGTERM and prints one line:

    STARTUP ms=<ms to first 200> rss_kib=<VmRSS after settling> polls=<n>

usage: first_200.py PORT SETTLE_SECONDS -- COMMAND...
"""
import http.client
import os
import signal
import subprocess
import sys
import time


def main() -> int:
    port = int(sys.argv[1])
    settle = float(sys.argv[2])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    polls = 0
    ms = None
    try:
        while time.perf_counter() - t0 < 120:
            if proc.poll() is not None:
                print(f"the server exited with {proc.returncode}", file=sys.stderr)
                return 1
            polls += 1
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                c.request("GET", "/healthz")
                status = c.getresponse().status
                c.close()
                if status == 200:
                    ms = (time.perf_counter() - t0) * 1000
                    break
            except OSError:
                pass
            time.sleep(0.001)
        if ms is None:
            print("no 200 on /healthz within 120 s", file=sys.stderr)
            return 1
        time.sleep(settle)
        rss = 0
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        print(f"STARTUP ms={ms:.1f} rss_kib={rss} polls={polls}")
        return 0
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()


if __name__ == "__main__":
    sys.exit(main())
