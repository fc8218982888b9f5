#!/usr/bin/env bash
# `make load`: spyglass serve under wrk on loopback, bounded in time.
#  1. 64 connections for 30 s against detect (yolov3-tiny, dog.jpg): expect 0 errors; throughput,
#     p50/p99 and RSS before/after (after a 5 s warm-up at the same concurrency; growth ≤ 10%).
#  2. Overload: 256 connections for 15 s against 1 worker + queue 4: only 200 and 503, no crash,
#     and a normal request succeeds afterwards. Then SIGTERM: the server exits 0.
# Env: SPYGLASS (binary), MODEL (.spyglass), IMAGE (dog.jpg).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
: "${SPYGLASS:?}" "${MODEL:?}" "${IMAGE:?}"
export IMAGE
PORT="${PORT:-18080}"
WORKERS="${WORKERS:-$(nproc)}"
BASE="http://127.0.0.1:$PORT"
LOG="$(mktemp -d)/serve.log"
fail=0

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

start_server() {  # args: extra serve flags
  "$SPYGLASS" serve --model "yolo=$MODEL" --host 127.0.0.1 --port "$PORT" --log-level warning "$@" >>"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do
    curl -sf "$BASE/v2/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || { echo "server died at start:"; cat "$LOG"; exit 1; }
    sleep 0.1
  done
  echo "server not ready after 10 s"; cat "$LOG"; exit 1
}

stop_server() {
  kill -TERM "$PID"
  local status=0
  timeout 20 tail --pid="$PID" -f /dev/null || { echo "server did not stop within 20 s of SIGTERM"; fail=1; }
  wait "$PID" || status=$?
  echo "SIGTERM → exit status $status"
  [ "$status" = 0 ] || fail=1
}

detect_once() { curl -s -o /dev/null -w '%{http_code}' --data-binary "@$IMAGE" "$BASE/v1/models/yolo/detect"; }

echo "== 1. steady load: 64 connections, 30 s, $WORKERS workers, queue 64"
start_server --workers "$WORKERS" --queue 64
echo "RSS at start (idle)     $(rss_kb "$PID") kB"
# Warm up at the same concurrency so every worker's plan, NIO's buffers and malloc's arenas reach
# their working size; growth is then measured across the 30 s run.
timeout 30 wrk -t2 -c64 -d5s --timeout 30s -s "$HERE/detect.lua" "$BASE/v1/models/yolo/detect" >/dev/null
while [ "$(curl -s "$BASE/metrics" | awk '/^spyglass_queue_(waiting|running) / { n += $2 } END { print n + 0 }')" != 0 ]; do sleep 0.2; done
before=$(rss_kb "$PID")
echo "RSS after 5 s warm-up   $before kB"
out=$(timeout 60 wrk -t2 -c64 -d30s --timeout 30s -s "$HERE/detect.lua" "$BASE/v1/models/yolo/detect")
echo "$out" | grep -v '^RESULT'
after=$(rss_kb "$PID")
echo "RSS after 30 s          $after kB ($(awk -v a="$after" -v b="$before" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }'))"
result=$(echo "$out" | grep '^RESULT')
eval "$(echo "$result" | sed 's/^RESULT //; s/ /; /g')"
if [ "$ok" -gt 0 ] && [ "$unavailable" = 0 ] && [ "$other" = 0 ] && [ "$socket" = 0 ]; then
  echo "PASS steady load: $ok requests, 0 errors"
else
  echo "FAIL steady load: $result"; fail=1
fi
if awk -v a="$after" -v b="$before" 'BEGIN { exit !(a <= b * 1.10) }'; then
  echo "PASS RSS growth within 10%"
else
  echo "FAIL RSS grew more than 10%"; fail=1
fi
curl -s "$BASE/metrics" | grep -E '^spyglass_(inference_duration_seconds_(count|sum)|queue_(waiting|running)|queue_rejected_total)' || true
stop_server

echo
echo "== 2. overload: 256 connections, 15 s, 1 worker, queue 4"
start_server --workers 1 --queue 4
before=$(rss_kb "$PID")
out=$(timeout 45 wrk -t2 -c256 -d15s --timeout 30s -s "$HERE/detect.lua" "$BASE/v1/models/yolo/detect")
echo "$out" | grep -v '^RESULT'
echo "RSS before / after      $before kB / $(rss_kb "$PID") kB"
result=$(echo "$out" | grep '^RESULT')
eval "$(echo "$result" | sed 's/^RESULT //; s/ /; /g')"
if kill -0 "$PID" 2>/dev/null; then echo "PASS server alive after overload"; else echo "FAIL server crashed"; fail=1; fi
if [ "$other" = 0 ] && [ "$unavailable" -gt 0 ] && [ "$ok" -gt 0 ]; then
  echo "PASS overload: only 200 ($ok) and 503 ($unavailable), no other status"
else
  echo "FAIL overload: $result"; fail=1
fi
[ "$socket" = 0 ] || echo "note: $socket socket-level errors under overload"
# Requests admitted before the burst ended still finish first; a client honouring Retry-After: 1
# must get through within a few retries.
code=000
for attempt in $(seq 1 15); do
  code=$(detect_once)
  [ "$code" = 200 ] && break
  sleep 1
done
if [ "$code" = 200 ]; then echo "PASS recovered: a normal detect request after the burst → 200 (attempt $attempt, Retry-After 1 s)"; else echo "FAIL after overload: HTTP $code after 15 attempts"; fail=1; fi
stop_server

exit $fail
