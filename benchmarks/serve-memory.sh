#!/usr/bin/env bash
# Whole-process memory of `reel serve --memory-limit LIMIT` under over-ingest: sends FILE (by default the
# uncompressed benchmark recording, 333 MB of distinct lidar, camera and signal chunks) with `reel send` over
# loopback TCP, samples the server's resident memory (VmRSS) every 50 ms, and prints per run the idle RSS, the
# peak, the RSS 15 s after the send (an idle server hands back what the burst grew), what the store counts
# against its limit, and the peak against the target the performance issue sets: the limit plus 250 MB of
# baseline. Loopback only; every server stops.
#
# usage: benchmarks/serve-memory.sh [RUNS] [LIMIT]    (after mvn package of distribution and benchmarks)
#   REEL_BENCH_FILE=<file.rrd>  send this instead; REEL_JAVA_OPTS passes through to the server (e.g. -Xmx2g to
#   compare with the heap the limit would give)
set -euo pipefail
runs=${1:-3}
limit=${2:-100000000}
root=$(cd "$(dirname "$0")/.." && pwd)
reel=$root/distribution/target/reel/bin/reel
http_port=${REEL_BENCH_HTTP_PORT:-19380}
tcp_port=${REEL_BENCH_TCP_PORT:-19381}
file=${REEL_BENCH_FILE:-}
if [ -z "$file" ]; then
  file=$(java --add-opens=java.base/java.nio=ALL-UNNAMED -Darrow.allocation.manager.type=Unsafe \
    -cp "$root/benchmarks/target/benchmarks.jar" dev.reel.benchmarks.BenchmarkRecording | awk '/-none.rrd/ {print $1}')
fi
work=$(mktemp -d /tmp/reel-benchmark-serve-memory.XXXXXX)
pid=
sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

rss_mb() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }
metric() { curl -sf "http://127.0.0.1:$http_port/api/metrics" | awk -v m="$1" '$1 == m {printf "%d", $2 / 1e6}'; }

echo "file: $file ($(( $(stat -c %s "$file") / 1000000 )) MB), --memory-limit $limit, REEL_JAVA_OPTS='${REEL_JAVA_OPTS:-}'"
echo
echo "| run | idle RSS MB | peak RSS MB | RSS 15 s after MB | store MB | target (limit + 250 MB) | peak / target | send s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for run in $(seq "$runs"); do
  rm -rf "$work/data"
  "$reel" serve --data "$work/data" --http-port "$http_port" --tcp-port "$tcp_port" --memory-limit "$limit" \
    >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$http_port/api/health" >/dev/null && break; sleep 0.1; done
  sleep 2
  java_pid=$(pgrep -P "$pid" java || echo "$pid")
  idle=$(rss_mb "$java_pid")
  (while kill -0 "$java_pid" 2>/dev/null; do rss_mb "$java_pid"; sleep 0.05; done) >"$work/rss" &
  sampler=$!
  start=$(date +%s%N)
  "$reel" send --json --to "127.0.0.1:$tcp_port" "$file" >"$work/send.json"
  end=$(date +%s%N)
  sleep 15
  kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=
  peak=$(sort -n "$work/rss" | tail -1)
  after=$(rss_mb "$java_pid")
  store=$(metric reel_store_memory_used_bytes)
  target=$(( limit / 1000000 + 250 ))
  printf '| %d | %d | %d | %d | %s | %d | %.2f | %.2f |\n' "$run" "$idle" "$peak" "$after" "$store" "$target" \
    "$(echo "$peak / $target" | bc -l)" "$(echo "($end - $start) / 1000000000" | bc -l)"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
