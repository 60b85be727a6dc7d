#!/usr/bin/env bash
# Times a whole `reel serve` process on a catalog of SEGMENTS small recordings: from starting the process to the
# first 200 from GET /api/health (every bundle active), and to the first 200 from GET /api/datasets/segments/segments
# (the segment table over HTTP). The catalog is built first by CatalogFixture's main (from the cached recordings)
# in a temporary data folder, deleted at the end. Prints one line per run.
#
# usage: benchmarks/catalog-serve-start.sh SEGMENTS [RUNS]    (after building benchmarks and distribution)
set -euo pipefail
segments=${1:?usage: catalog-serve-start.sh SEGMENTS [RUNS]}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/benchmarks/target/benchmarks.jar
reel=$root/distribution/target/reel/bin/reel
http_port=${REEL_BENCH_HTTP_PORT:-19180}
tcp_port=${REEL_BENCH_TCP_PORT:-19181}
data=$(mktemp -d /tmp/reel-benchmark-serve-start.XXXXXX)
trap 'rm -rf "$data"' EXIT

java --add-opens=java.base/java.nio=ALL-UNNAMED -Darrow.allocation.manager.type=Unsafe -cp "$jar" \
    dev.reel.benchmarks.CatalogFixture "$data/data" "$segments"
recordings=/tmp/reel-benchmark-catalog-v1-10000

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
await_200() {
  local url=$1 deadline=$(( $(date +%s) + 120 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no 200 from $url after 120 s" >&2; return 1; }
    sleep 0.02
  done
}

for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$reel" serve --data "$data/data" --allowed-roots "$recordings" --no-journal \
      --http-port "$http_port" --tcp-port "$tcp_port" > "$data/serve.log" 2>&1 &
  pid=$!
  await_200 "http://127.0.0.1:$http_port/api/health"
  healthy=$(ms_since "$start")
  await_200 "http://127.0.0.1:$http_port/api/datasets/segments/segments"
  table=$(ms_since "$start")
  echo "segments=$segments run=$run healthy_ms=$healthy first_segment_table_ms=$table load=$(cut -d' ' -f1 /proc/loadavg)"
  kill -TERM "$pid"
  wait "$pid" || true
done
