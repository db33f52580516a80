#!/usr/bin/env bash
# Load test of the REST service on loopback with wrk: 1, 8 and 64 connections, each for DURATION seconds
# (default 30), for identical requests (answered from the cache) and for distinct ones (each generated and
# zipped), then a SOAK-second run (default 300) at 8 connections sampling the server's resident memory.
# Prints requests per second, p50/p99 latency, errors, and memory before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-30}"
SOAK="${SOAK:-300}"
PORT="${PORT:-18181}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests

work="$(mktemp -d)"
cat > "$work/same.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/zip"
wrk.body = '{"chart.name": "shop", "image.repository": "ghcr.io/acme/shop", "image.tag": "1.4.2", "networkPolicy.egress.postgresql.enabled": true}'
LUA
cp bench/distinct.lua "$work/distinct.lua"
cat > "$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("  %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   errors %d (non-2xx %d)   requests %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.requests))
end
LUA
cat "$work/report.lua" >> "$work/same.lua"
cat "$work/report.lua" >> "$work/distinct.lua"

bin/chartsec serve --port "$PORT" --host 127.0.0.1 --management-port "$((PORT + 1))" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$((PORT + 1))/q/health/ready" >/dev/null && break; sleep 0.2; done
pid="$(pgrep -f "quarkus-run.jar serve --port $PORT" | head -1)"
rss() { echo "$(( $(ps -o rss= -p "$pid") / 1024 )) MiB"; }
url="http://127.0.0.1:$PORT/api/v1/charts"
echo "server pid $pid, resident memory at start: $(rss); $(nproc) cores; wrk threads 2; ${DURATION}s per run"
wrk -t2 -c8 -d5s -s "$work/same.lua" "$url" >/dev/null   # warm-up
for kind in same distinct; do
  echo "$kind requests ($( [ $kind = same ] && echo 'answered from the cache' || echo 'each generated and zipped')):"
  for c in 1 8 64; do
    printf "  %2d connection(s):" "$c"
    wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${DURATION}s" --timeout 5s -s "$work/$kind.lua" "$url" | tail -1
  done
done
echo "resident memory after the runs: $(rss)"
echo "soak: ${SOAK}s of distinct requests at 8 connections, memory every 30s:"
wrk -t2 -c8 -d"${SOAK}s" --timeout 5s -s "$work/distinct.lua" "$url" > "$work/soak.txt" &
soak=$!
while kill -0 $soak 2>/dev/null; do sleep 30; kill -0 $soak 2>/dev/null && echo "  $(rss)"; done
tail -1 "$work/soak.txt"
echo "resident memory at the end: $(rss)"
