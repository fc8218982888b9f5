#!/usr/bin/env bash
# `make test-browser`: the web page in headless Chromium. The page is opened with
# ?sample=dog.jpg&model=yolo, which makes it fetch the server's sample image and send it through
# the same code path as a picked/dropped file (POST to detect, draw on the canvas, list). The
# rendered DOM must show the run finished, boxes drawn (and read back from canvas pixels) and
# dog, bicycle and car listed. A screenshot is written to $OUT/browser-test.png.
# Env: SPYGLASS (binary), MODEL (.spyglass), SAMPLES (folder with dog.jpg), OUT.
set -euo pipefail
: "${SPYGLASS:?}" "${MODEL:?}" "${SAMPLES:?}" "${OUT:?}"
PORT="${PORT:-18081}"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$OUT"
CHROMIUM="$(command -v chromium || command -v chromium-browser)"
"$SPYGLASS" serve --model "yolo=$MODEL" --port "$PORT" --samples "$SAMPLES" --log-level warning &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/v2/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done

URL="$BASE/?sample=dog.jpg&model=yolo"
# Root in a container needs --no-sandbox; virtual time waits for the page's fetches and rendering.
FLAGS=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --virtual-time-budget=30000)
DOM="$OUT/browser-test.html"
timeout 90 "$CHROMIUM" "${FLAGS[@]}" --dump-dom "$URL" 2>/dev/null >"$DOM"
timeout 90 "$CHROMIUM" "${FLAGS[@]}" --window-size=1280,820 --screenshot="$OUT/browser-test.png" "$URL" 2>/dev/null >/dev/null

fail=0
check() {  # description, grep -E pattern
  if grep -qE "$2" "$DOM"; then echo "PASS $1"; else echo "FAIL $1 (no /$2/ in $DOM)"; fail=1; fi
}
check "run finished"                'id="status" data-state="done"'
check "boxes drawn on the canvas"   'data-drawn-boxes="[3-9]"'
for c in dog bicycle car; do check "$c listed" "<li data-class=\"$c\""; done
drawn=$(grep -oE 'data-drawn-boxes="[0-9]+"' "$DOM" | grep -oE '[0-9]+' || echo 0)
verified=$(grep -oE 'data-verified-boxes="[0-9]+"' "$DOM" | grep -oE '[0-9]+' || echo -1)
if [ "$drawn" = "$verified" ]; then echo "PASS every box's stroke read back from canvas pixels ($verified/$drawn)"; else echo "FAIL only $verified of $drawn box strokes found in canvas pixels"; fail=1; fi
grep -oE '<div id="status"[^>]*>[^<]*' "$DOM" | sed 's/<[^>]*>//' | sed 's/^/status: /'
echo "screenshot: $OUT/browser-test.png"
exit $fail
