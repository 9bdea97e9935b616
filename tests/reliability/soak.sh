#!/usr/bin/env bash
# Soak: accord-searchd under wrk at 64 connections for a long while (default 10 minutes, run as
# one-minute slices so that latency can be compared over time) while accord-index keeps
# changing the index underneath it (incremental updates, and a --rebuild every fifth round).
# Fails on any non-2xx answer, any socket error, a server that dies, server memory that keeps
# growing (RSS at the end more than 1.5x + 64 MiB its value after the first minute), or latency
# that drifts (p99 of the last minute more than 3x that of the first, plus 10 ms).
#
#   tests/reliability/soak.sh                 10 minutes, build/release (else build/dev)
#   tests/reliability/soak.sh --minutes 60 --bin build/asan/bin
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

minutes=10
bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then
  bin="$root/build/release/bin"
  [ -x "$bin/accord-searchd" ] || bin="$root/build/dev/bin"
fi
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "soak: $tool not found (apt-get install $tool)" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/accord-soak.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A feed: the sample corpus plus generated records that the loop below keeps rewriting.
mkdir -p "$work/feed"
cp -r data/sample "$work/feed/sample"
write_feed() {  # write_feed ROUND
  python3 - "$work/feed" "$1" <<'EOF'
import json, random, sys
directory, round_ = sys.argv[1], int(sys.argv[2])
rng = random.Random(round_)
words = ("ceasefire guarantees framework Donetsk Zaporizhzhia Kyiv Washington Brussels "
         "reconstruction sanctions negotiators memorandum corridor observers").split()
for part in range(4):
    with open(f"{directory}/generated-{part}.jsonl", "w") as out:
        for i in range(500):
            version = round_ if rng.random() < 0.2 else 0  # a fifth of the records change
            body = " ".join(rng.choice(words) for _ in range(120))
            out.write(json.dumps({"id": f"gen-{part}-{i}", "title": f"Item {i} v{version}",
                                  "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                  "body": body}) + "\n")
EOF
}
write_feed 0
"$bin/accord-index" --db "$work/db" --quiet "$work/feed"

${SOAK_WRAP:-} "$bin/accord-searchd" --db "$work/db" --listen 127.0.0.1:0 --threads 2 --log-level info \
  >"$work/searchd.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's/.*on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/searchd.log" | head -n 1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "soak: accord-searchd did not start" >&2; cat "$work/searchd.log" >&2; exit 1; }
echo "soak: accord-searchd pid $server_pid on port $port; $minutes minute(s) of wrk while re-indexing"

cat >"$work/mix.lua" <<'EOF'
local paths = {
  "/api/search?q=ceasefire", "/api/search?q=security+guarantees&party=ua",
  "/api/search?q=%22nuclear+plant%22", "/api/search?q=&sort=date&party=us&party=ua",
  "/api/search?q=Kiev&region=ua-14", "/api/search?q=reconstr*&facets=0",
  "/api/search?q=donetsk+OR+luhansk&from=2025-01-01&to=2025-06-30",
  "/api/doc/gen-1-7", "/api/entities?type=party&prefix=u", "/api/health"}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
rss_start="$(rss_kb)"
(
  for minute in $(seq 1 "$minutes"); do
    wrk -t2 -c64 -d60s --timeout 10s --latency -s "$work/mix.lua" "http://127.0.0.1:$port" \
      >"$work/wrk-$minute.txt" 2>&1
  done
) &
wrk_pid=$!

round=0
rss_first=""
rss_samples=()
started=$SECONDS
while kill -0 "$wrk_pid" 2>/dev/null; do
  round=$((round + 1))
  write_feed "$round"
  if [ $((round % 5)) -eq 0 ]; then
    "$bin/accord-index" --db "$work/db" --quiet --rebuild "$work/feed" || { echo "soak: rebuild failed" >&2; exit 1; }
  else
    "$bin/accord-index" --db "$work/db" --quiet "$work/feed" || { echo "soak: update failed" >&2; exit 1; }
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "soak: accord-searchd died" >&2; grep -v " info client=" "$work/searchd.log" | tail -n 120 >&2; exit 1; }
  rss="$(rss_kb)"
  rss_samples+=("$rss")
  if [ -z "$rss_first" ] && [ $((SECONDS - started)) -ge 60 ]; then
    rss_first="$rss"
  fi
  sleep 2
done
wait "$wrk_pid" || true
rss_end="$(rss_kb)"
[ -n "$rss_first" ] || rss_first="${rss_samples[0]}"

failed=0
to_ms() {  # wrk's "12.34ms" / "1.20s" / "850.00us" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
                         else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
printf 'soak: %-6s %10s %9s %9s %9s\n' minute requests "req/s" "p50 ms" "p99 ms"
first_p99=""
last_p99=""
total=0
for minute in $(seq 1 "$minutes"); do
  out="$work/wrk-$minute.txt"
  requests="$(awk '/requests in/ {print $1}' "$out")"
  rate="$(awk '/^Requests\/sec/ {print $2}' "$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  printf 'soak: %-6s %10s %9s %9s %9s\n' "$minute" "${requests:-?}" "${rate:-?}" "$p50" "$p99"
  total=$((total + ${requests:-0}))
  [ -n "$first_p99" ] || first_p99="$p99"
  last_p99="$p99"
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    echo "soak: FAILED: minute $minute had answers that were not 2xx" >&2
    grep "Non-2xx" "$out" >&2
    failed=1
  fi
  if grep -q "Socket errors" "$out"; then
    echo "soak: FAILED: minute $minute had socket errors" >&2
    grep "Socket errors" "$out" >&2
    failed=1
  fi
done
echo "soak: $total requests in $minutes minute(s); p99 first minute $first_p99 ms, last $last_p99 ms"
if awk -v a="$first_p99" -v b="$last_p99" 'BEGIN { exit !(b > 3 * a + 10) }'; then
  echo "soak: FAILED: latency drifted" >&2
  failed=1
fi
if ! curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null; then
  echo "soak: FAILED: the server does not answer after the run" >&2
  failed=1
fi
limit=$((rss_first * 3 / 2 + 65536))
echo "soak: $round indexing rounds; server RSS $((rss_start / 1024)) MiB at the start, $((rss_first / 1024)) MiB after the first minute, $((rss_end / 1024)) MiB at the end (limit $((limit / 1024)) MiB)"
if [ "$rss_end" -gt "$limit" ]; then
  echo "soak: FAILED: server memory kept growing" >&2
  failed=1
fi
[ "$failed" = 0 ] && echo "soak: passed"
exit "$failed"
