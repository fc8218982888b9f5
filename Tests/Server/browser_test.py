#!/usr/bin/env python3
"""Drives the spyglass serve web page in headless Chromium over the DevTools protocol (through
--remote-debugging-pipe, so no extra Python packages): opens the page, uploads an image through
the page's own file input (as a user picking a file), waits for the run to finish, checks the boxes
drawn on the canvas (read back from its pixels by the page) and the detection list, and saves a
screenshot.

usage: browser_test.py CHROMIUM URL IMAGE SCREENSHOT.png EXPECTED_CLASS...
"""
import base64
import json
import os
import subprocess
import sys
import time

chromium, url, image, screenshot, *expected = sys.argv[1:]
deadline = time.time() + 90

# fd 3: Chromium reads commands; fd 4: Chromium writes responses and events (NUL-separated JSON).
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()


def child_fds():
    os.dup2(to_chrome_r, 3)
    os.dup2(from_chrome_w, 4)


browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
     "--remote-debugging-pipe", "--window-size=1280,900", "about:blank"],
    preexec_fn=child_fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_chrome_r)
os.close(from_chrome_w)
buffer = b""
next_id = 0


def call(method, session=None, **params):
    """Sends one command and returns its result, skipping events."""
    global next_id, buffer
    next_id += 1
    message = {"id": next_id, "method": method, "params": params}
    if session:
        message["sessionId"] = session
    os.write(to_chrome_w, json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in buffer:
            if time.time() > deadline:
                raise SystemExit("FAIL timed out waiting for Chromium")
            chunk = os.read(from_chrome_r, 1 << 20)
            if not chunk:
                raise SystemExit("FAIL Chromium closed the DevTools pipe")
            buffer += chunk
        raw, buffer = buffer.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit(f"FAIL {method}: {reply['error']}")
            return reply["result"]


def evaluate(session, expression):
    result = call("Runtime.evaluate", session, expression=expression, returnByValue=True, awaitPromise=True)
    if "exceptionDetails" in result:
        raise SystemExit(f"FAIL page script error: {result['exceptionDetails']}")
    return result["result"].get("value")


failures = 0


def check(ok, text):
    global failures
    print(("PASS " if ok else "FAIL ") + text)
    failures += 0 if ok else 1


try:
    target = call("Target.createTarget", url=url)["targetId"]
    session = call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    call("Runtime.enable", session)
    # Wait for the page to list the models, then pick the file as a user would.
    while not evaluate(session, "(() => { const m = document.getElementById('model'); return !!m && m.options.length > 0; })()"):
        if time.time() > deadline:
            raise SystemExit("FAIL the page never listed the models: " + str(evaluate(session, "document.getElementById('status') && document.getElementById('status').textContent")))
        time.sleep(0.1)
    root = call("DOM.getDocument", session)["root"]["nodeId"]
    node = call("DOM.querySelector", session, nodeId=root, selector="#file")["nodeId"]
    call("DOM.setFileInputFiles", session, files=[os.path.abspath(image)], nodeId=node)
    state = None
    while time.time() < deadline:
        state = evaluate(session, "document.getElementById('status').dataset.state")
        if state in ("done", "error"):
            break
        time.sleep(0.1)
    status = evaluate(session, "document.getElementById('status').textContent")
    print("status: " + str(status))
    check(state == "done", "upload ran to completion")
    canvas = evaluate(session, """(() => { const c = document.getElementById('canvas');
        return {w: c.width, h: c.height, drawn: +c.dataset.drawnBoxes, labelled: +c.dataset.labelledDetections,
                verified: +c.dataset.verifiedBoxes}; })()""")
    items = evaluate(session, "[...document.querySelectorAll('#detections li')].map(li => li.dataset.class + ' ' + li.dataset.score)")
    print("canvas: %s" % canvas)
    print("listed: %s" % items)
    listed = {i.split(" ")[0] for i in items}
    check(canvas["drawn"] >= len(expected), f"{canvas['drawn']} boxes drawn on the canvas")
    check(canvas["labelled"] == len(items) and len(items) > 0, f"every listed detection labelled on the canvas ({canvas['labelled']}/{len(items)})")
    check(canvas["verified"] == canvas["drawn"], f"every box stroke read back from canvas pixels ({canvas['verified']}/{canvas['drawn']})")
    for c in expected:
        check(c in listed, f"{c} listed")
    png = call("Page.captureScreenshot", session, format="png")["data"]
    with open(screenshot, "wb") as f:
        f.write(base64.b64decode(png))
    print("screenshot: " + screenshot)
finally:
    try:
        call("Browser.close")
    except SystemExit:
        pass
    try:
        browser.wait(timeout=10)
    except subprocess.TimeoutExpired:
        browser.kill()

sys.exit(1 if failures else 0)
