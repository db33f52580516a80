#!/usr/bin/env bash
# Two replicas of the REST service behind a round-robin proxy on loopback (bench/roundrobin, each request to the
# next replica), against one replica alone, with wrk and distinct requests (each generated and zipped). Per
# replica throughput is counted by each replica itself (its request metric on the management port); one replica
# behind the same proxy shows what the extra hop costs. Errors are wrk's connect/read/write/timeout/status counts
# (a read error or two through the proxy are the requests wrk abandons when its run ends). Runs with
# one connection per replica (latency-bound: on a 2-core machine the only load two replicas can each get
# without sharing a core with the other) and with eight; then open loop (bench/rateload) at the same offered
# load per replica (RATES, default 100 and 200 req/s), alone and as a pair. DURATION seconds a run (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20}"
PORT="${PORT:-18281}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
PATH="$(bash tools/install-go.sh):$PATH"

work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
(cd bench/roundrobin && GOFLAGS=-mod=mod go build -o "$work/roundrobin" main.go)
(cd bench/rateload && GOFLAGS=-mod=mod go build -o "$work/rateload" main.go)
cp bench/distinct.lua "$work/distinct.lua"
cat >> "$work/distinct.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("%.0f %.2f %.2f c%d/r%d/w%d/t%d/s%d\n", summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
LUA

for i in 0 1; do
  bin/chartsec serve --port "$((PORT + 2 * i))" --management-port "$((PORT + 2 * i + 1))" > "$work/serve-$i.log" 2>&1 &
  pids+=($!)
done
for i in 0 1; do
  for _ in $(seq 150); do curl -fs "http://127.0.0.1:$((PORT + 2 * i + 1))/q/health/ready" >/dev/null && break; sleep 0.2; done
done
"$work/roundrobin" -listen "127.0.0.1:$((PORT + 4))" -backends "http://127.0.0.1:$PORT,http://127.0.0.1:$((PORT + 2))" 2>/dev/null &
pids+=($!)
# the same proxy in front of one replica: what the extra hop costs on the same cores
"$work/roundrobin" -listen "127.0.0.1:$((PORT + 5))" -backends "http://127.0.0.1:$PORT" 2>/dev/null &
pids+=($!)
sleep 0.5
count() { # replica: requests it has answered on /api/v1/charts
  curl -fs "http://127.0.0.1:$((PORT + 2 * $1 + 1))/q/metrics" \
    | awk '/^http_server_requests_seconds_count/ && /uri="\/api\/v1\/charts"/ && /method="POST"/ {s += $NF} END {printf "%d", s}'
}
run() { # url connections: prints "rps p50 p99 errors"
  wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"${DURATION}s" --timeout 5s -s "$work/distinct.lua" "$1" | tail -1
}
echo "$(nproc) cores; ${DURATION}s a run; distinct requests (each generated and zipped)"
wrk -t2 -c8 -d5s -s "$work/distinct.lua" "http://127.0.0.1:$PORT/api/v1/charts" >/dev/null          # warm-up, replica 0
wrk -t2 -c8 -d5s -s "$work/distinct.lua" "http://127.0.0.1:$((PORT + 2))/api/v1/charts" >/dev/null  # and replica 1
for per in 1 8; do
  read -r rps p50 p99 errors < <(run "http://127.0.0.1:$PORT/api/v1/charts" "$per")
  printf "one replica alone, %2d connection(s):         %6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %s\n" "$per" "$rps" "$p50" "$p99" "$errors"
  read -r rps p50 p99 errors < <(run "http://127.0.0.1:$((PORT + 5))/api/v1/charts" "$per")
  printf "one replica behind the proxy, %2d connection(s): %6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %s\n" "$per" "$rps" "$p50" "$p99" "$errors"
  before0=$(count 0); before1=$(count 1)
  read -r rps p50 p99 errors < <(run "http://127.0.0.1:$((PORT + 4))/api/v1/charts" "$((2 * per))")
  a=$(( $(count 0) - before0 )); b=$(( $(count 1) - before1 ))
  printf "two replicas behind it, %2d connections:      %6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %s; per replica %.0f and %.0f req/s\n" \
    "$((2 * per))" "$rps" "$p50" "$p99" "$errors" "$(awk "BEGIN {print $a / $DURATION}")" "$(awk "BEGIN {print $b / $DURATION}")"
done
# Open loop: the same offered load per replica, below what two replicas, the proxy and the load generator can
# take together on this machine's cores: does each replica of the pair serve what one alone serves?
for rate in ${RATES:-100 200}; do
  read -r rps p50 p99 errors < <("$work/rateload" -url "http://127.0.0.1:$((PORT + 5))/api/v1/charts" -rate "$rate" -duration "${DURATION}s")
  printf "offered %3d req/s to one replica (proxy):          served %6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d\n" "$rate" "$rps" "$p50" "$p99" "$errors"
  before0=$(count 0); before1=$(count 1)
  read -r rps p50 p99 errors < <("$work/rateload" -url "http://127.0.0.1:$((PORT + 4))/api/v1/charts" -rate "$((2 * rate))" -duration "${DURATION}s")
  a=$(( $(count 0) - before0 )); b=$(( $(count 1) - before1 ))
  printf "offered %3d req/s to two replicas (round-robin):  served %6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d; per replica %.0f and %.0f req/s\n" \
    "$((2 * rate))" "$rps" "$p50" "$p99" "$errors" "$(awk "BEGIN {print $a / $DURATION}")" "$(awk "BEGIN {print $b / $DURATION}")"
done
