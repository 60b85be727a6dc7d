#!/usr/bin/env bash
# Whole-process start-up of the assembled distributions: for each of reel (reel-server) and reel-ingest, RUNS
# starts of `bin/reel serve` on a fresh data folder, each measured from launching the process to the first 200
# from GET /api/health; the resident memory (VmRSS) of the idle server 5 s after that; and the time from copying
# the hello-transport example extension into extensions/ to its transport answering on its port. The first
# start of each distribution writes its class-data-sharing archive and is reported apart (cold). `java -version`
# is timed in the same run as the floor a JVM process has on this machine. Loopback only; every server stops.
#
# usage: benchmarks/distribution-start.sh [RUNS]    (after mvn package; RUNS defaults to 5)
#   REEL_BENCH_ROOT=<checkout>  measure another checkout's build (e.g. an older commit, in the same run)
#   REEL_BENCH_DISTS="reel"     only these distributions; REEL_BENCH_EXTENSION=off skips the extension timing
set -euo pipefail
runs=${1:-5}
root=${REEL_BENCH_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
dists=${REEL_BENCH_DISTS:-reel reel-ingest}
extension=$(ls "$root"/examples/hello-transport/target/reel-example-hello-transport-*.jar | head -1)
http_port=${REEL_BENCH_HTTP_PORT:-19280}
tcp_port=${REEL_BENCH_TCP_PORT:-19281}
hello_port=${REEL_BENCH_HELLO_PORT:-19282}
work=$(mktemp -d /tmp/reel-benchmark-distribution-start.XXXXXX)
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work" "$root"/distribution/target/reel*/extensions/hello.jar
}
trap cleanup EXIT

now_ns() { date +%s%N; }
await_200() {
  local url=$1 deadline=$(( $(date +%s) + 60 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no 200 from $url after 60 s" >&2; return 1; }
    sleep 0.005
  done
}

java_ms=()
for i in $(seq 1 5); do
  start=$(now_ns); java -version 2>/dev/null; java_ms+=( $(( ($(now_ns) - start) / 1000000 )) )
done
echo "java -version: ${java_ms[*]} ms"

for dist in $dists; do
  home=$root/distribution/target/$dist
  rm -rf "$home"/lib/cds "$home"/extensions/*.jar "$home"/extensions/*.cfg
  printf 'reel.transport.hello.port = %s\n' "$hello_port" > "$work/reel.properties"
  for run in $(seq 0 "$runs"); do
    data=$work/data-$dist-$run
    start=$(now_ns)
    "$home/bin/reel" serve --config "$work/reel.properties" --data "$data" --http-port "$http_port" \
        --tcp-port "$tcp_port" > "$work/serve.log" 2>&1 &
    pid=$!
    await_200 "http://127.0.0.1:$http_port/api/health"
    healthy=$(( ($(now_ns) - start) / 1000000 ))
    sleep 5
    rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    extension_ms=-
    if [ "${REEL_BENCH_EXTENSION:-on}" != off ]; then
      dropped=$(now_ns)
      cp "$extension" "$home/extensions/hello.jar"
      await_200 "http://127.0.0.1:$hello_port/"
      extension_ms=$(( ($(now_ns) - dropped) / 1000000 ))
      rm -f "$home/extensions/hello.jar"
    fi
    label=$([ "$run" = 0 ] && echo cold || echo "run=$run")
    echo "$dist $label healthy_ms=$healthy idle_rss_mb=$(( rss_kb / 1024 )) extension_up_ms=$extension_ms load=$(cut -d' ' -f1 /proc/loadavg)"
    kill -TERM "$pid"; wait "$pid" || true; pid=
  done
done
