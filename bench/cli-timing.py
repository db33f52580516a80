#!/usr/bin/env python3
"""Wall times of the chartsec CLI as a user runs it (bin/chartsec), next to `helm create`.

Prints the median of N runs (default 10) of:
  - the time from starting `chartsec new` to its first prompt on screen (stdin a pipe);
  - a whole `chartsec new demo --defaults -o DIR`;
  - `helm create DIR` (Helm 4 from .tools/), and the ratio.
Usage: bench/cli-timing.py [runs]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHARTSEC = os.path.join(HOME, "bin", "chartsec")
HELM = os.path.join(HOME, ".tools", "helm4")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def first_prompt(tmp):
    start = time.perf_counter()
    p = subprocess.Popen([CHARTSEC, "new"], cwd=tmp, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    seen = b""
    while b"Chart name:" not in seen:
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            raise SystemExit("chartsec ended before its first prompt")
        seen += chunk
    elapsed = time.perf_counter() - start
    p.kill()
    p.wait()
    return elapsed


def timed(cmd, cwd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(f):
    values = []
    for i in range(RUNS + 1):
        tmp = tempfile.mkdtemp()
        try:
            t = f(tmp)
        finally:
            shutil.rmtree(tmp)
        if i > 0:  # the first run warms the file cache
            values.append(t)
    return statistics.median(values)


prompt = median(first_prompt)
new = median(lambda tmp: timed([CHARTSEC, "new", "demo", "--defaults", "-o", "demo"], tmp))
create = median(lambda tmp: timed([HELM, "create", "demo"], tmp))
print(f"runs: {RUNS} (median), JDK: {os.environ.get('CHARTSEC_JAVA_HOME', 'the launcher picks it')}, "
      f"archive: {os.environ.get('CHARTSEC_CDS', 'on')}")
print(f"chartsec new, to the first prompt:      {prompt * 1000:7.0f} ms")
print(f"chartsec new demo --defaults -o DIR:    {new * 1000:7.0f} ms")
print(f"helm create DIR (Helm 4):               {create * 1000:7.0f} ms")
print(f"ratio chartsec new / helm create:       {new / create:7.1f}")
