#!/usr/bin/env python3
"""Start to first answer of `chartsec serve` through the launcher (with its trained archive; serve options after the
run count, such as -Dname=value): the time from
starting the process to the first 200 of GET /api/v1/options, and to the first generated chart (POST
/api/v1/charts). Prints the median, fastest and slowest of N runs (default 10). Figures, not a test."""
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(HOME, "bin", "chartsec")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(port, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        c.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()


def once():
    port, management = free_port(), free_port()
    start = time.monotonic()
    p = subprocess.Popen([LAUNCHER, "serve", "--port", str(port), "--management-port", str(management)] + sys.argv[2:],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if ask(port, "GET", "/api/v1/options") == 200:
                    break
            except OSError:
                time.sleep(0.005)
            if time.monotonic() - start > 30:
                raise SystemExit("no answer within 30 s")
        first = time.monotonic() - start
        assert ask(port, "POST", "/api/v1/charts", b'{"chart.name": "shop"}') == 200
        chart = time.monotonic() - start
        return first, chart
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait()


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    once()  # trains the serve archive if the build changed
    results = [once() for _ in range(runs)]
    for i, name in enumerate(["first answer", "first chart"]):
        xs = [r[i] * 1000 for r in results]
        print(f"{name:13} median {statistics.median(xs):6.0f} ms  fastest {min(xs):6.0f} ms  slowest {max(xs):6.0f} ms  ({runs} runs)")


if __name__ == "__main__":
    main()
