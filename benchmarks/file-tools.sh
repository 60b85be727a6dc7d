#!/usr/bin/env bash
# Whole-process file tools, as a user runs them: `reel rrd stats` of one small Rerun recording (start-up is the
# point: measured against `java -version` in the same run, the floor of any JVM process here) and of a large
# file of small chunks (RUNS runs each, wall time and peak resident memory). The large file is COPIES
# concatenated copies of Rerun's fixture `file1.rrd` (16 LZ4 chunks of about 2.6 KB and a footer per copy),
# written to a temporary folder and deleted afterwards. The limit of the large run is `cat` of the same file from
# the page cache, in the same run.
#
# usage: benchmarks/file-tools.sh [RUNS] [COPIES]    (after mvn package; RUNS 5, COPIES 4800 = 199 MB)
#   REEL_FIXTURES=<dir>  where Rerun's fixtures are (default ../shared/fixtures/rerun-rrd next to the checkout)
set -euo pipefail
runs=${1:-5}
copies=${2:-4800}
root=$(cd "$(dirname "$0")/.." && pwd)
reel=$root/distribution/target/reel/bin/reel
fixtures=${REEL_FIXTURES:-$root/../shared/fixtures/rerun-rrd}
small=$fixtures/v0.28.0-alpha.1+dev_2025-12-12/file1.rrd
if [ ! -f "$small" ]; then
  echo "skipped: Rerun's fixture file1.rrd is not at $small (set REEL_FIXTURES)" >&2
  exit 0
fi
work=$(mktemp -d /tmp/reel-benchmark-file-tools.XXXXXX)
trap 'rm -rf "$work"' EXIT
large=$work/small-chunks.rrd
for _ in $(seq "$copies"); do cat "$small"; done >"$large"
size=$(stat -c %s "$large")

# wall seconds and peak RSS (MB) of one command, from GNU time when installed
measure() {
  local start end rss=""
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1
    rss=$(tail -1 "$work/rss")
  else
    "$@" >/dev/null 2>&1
  fi
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) ${rss:+$(( rss / 1024 ))}"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

"$reel" rrd stats "$small" >/dev/null 2>&1 # writes the class-data-sharing archive on a first run
for _ in $(seq "$runs"); do
  measure java -version | awk '{print "java", $1}'
  measure "$reel" rrd stats "$small" | awk '{print "small", $1, $2}'
  measure "$reel" rrd stats --json "$large" | awk '{print "large", $1, $2}'
  measure cat "$large" | awk '{print "read", $1}'
done >"$work/runs"

java_ms=$(awk '$1 == "java" {print $2}' "$work/runs" | median)
small_ms=$(awk '$1 == "small" {print $2}' "$work/runs" | median)
large_ms=$(awk '$1 == "large" {print $2}' "$work/runs" | median)
read_ms=$(awk '$1 == "read" {print $2}' "$work/runs" | median)
echo "JDK: $(java -version 2>&1 | head -1); $runs runs each; $copies copies of file1.rrd = $(( size / 1000000 )) MB"
echo
echo "| what | runs, ms | median ms | peak RSS MB | rate |"
echo "|---|---|---:|---:|---|"
echo "| \`java -version\` | $(awk '$1 == "java" {printf "%s ", $2}' "$work/runs")| $java_ms | | |"
echo "| \`reel rrd stats file1.rrd\` (41 KB) | $(awk '$1 == "small" {printf "%s ", $2}' "$work/runs")| $small_ms |" \
  "$(awk '$1 == "small" {print $3}' "$work/runs" | sort -n | tail -1) | $(echo "scale=1; $small_ms / $java_ms" | bc)× \`java -version\` (target ≤ 4×) |"
echo "| \`reel rrd stats --json\`, $(( size / 1000000 )) MB of small chunks | $(awk '$1 == "large" {printf "%s ", $2}' "$work/runs")| $large_ms |" \
  "$(awk '$1 == "large" {print $3}' "$work/runs" | sort -n | tail -1) | $(echo "scale=1; $size / 1000 / $large_ms" | bc) MB/s (target ≥ 150) |"
echo "| limit: \`cat\` of the same file (page cache) | $(awk '$1 == "read" {printf "%s ", $2}' "$work/runs")| $read_ms | |" \
  "$(echo "scale=1; $size / 1000 / ($read_ms + 0.5)" | bc) MB/s; stats / read: $(echo "scale=3; ($read_ms + 0.5) / $large_ms" | bc) |"
