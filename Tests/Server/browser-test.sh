#!/usr/bin/env bash
# `make test-browser`: the web page in headless Chromium, driven over the DevTools protocol
# (browser_test.py): dog.jpg is uploaded through the page's file input, and the run must finish
# with boxes drawn on the canvas (read back from its pixels) and dog, bicycle and car listed.
# A screenshot is written to $OUT/browser-test.png.
# Env: SPYGLASS (binary), MODEL (.spyglass), IMAGE (dog.jpg), SAMPLES (folder the page offers), OUT.
set -euo pipefail
: "${SPYGLASS:?}" "${MODEL:?}" "${IMAGE:?}" "${SAMPLES:?}" "${OUT:?}"
PORT="${PORT:-18081}"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$OUT"
CHROMIUM="$(command -v chromium || command -v chromium-browser)"
"$SPYGLASS" serve --model "yolo=$MODEL" --port "$PORT" --samples "$SAMPLES" --log-level warning &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/v2/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done

python3 "$(dirname "$0")/browser_test.py" "$CHROMIUM" "$BASE/" "$IMAGE" "$OUT/browser-test.png" dog bicycle car
