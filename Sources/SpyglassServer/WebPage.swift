import Hummingbird

/// `GET /`: one self-contained page (inline HTML, CSS and JS, nothing fetched from elsewhere).
/// Pick or drop an image, choose a model, and see the boxes drawn on a canvas from the detect
/// JSON plus the detection list. `?sample=NAME&model=M` runs a `--samples` image at load (handy
/// for links), `?token=T` fills in the token; `#status[data-state]` reads "done" when a run has
/// finished and the canvas records how many boxes it drew (the headless-browser test reads both).
enum WebPage {
    static func response() -> Response {
        JSONBody.bytesResponse(Array(html.utf8), contentType: "text/html; charset=utf-8")
    }

    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spyglass</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f23; }
  header { background: #1d2b3a; color: #fff; padding: 10px 20px; font-size: 18px; }
  main { display: flex; gap: 20px; padding: 20px; flex-wrap: wrap; }
  #left { flex: 1 1 560px; }
  #right { flex: 0 1 340px; }
  .row { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; flex-wrap: wrap; }
  #drop { border: 2px dashed #8a94a3; border-radius: 8px; padding: 14px; text-align: center; background: #fff; cursor: pointer; }
  #drop.over { border-color: #2b7de9; background: #eaf2fd; }
  canvas { width: auto; height: auto; max-width: 100%; max-height: 78vh; background: #fff; border: 1px solid #ccd; margin-top: 10px; }
  #status { margin: 8px 0; min-height: 1.4em; }
  #status[data-state=error] { color: #b00020; }
  ol { padding-left: 22px; }
  li { margin: 3px 0; }
  .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
  #token-row { display: none; }
  button.sample { font-size: 12px; }
</style>
</head>
<body>
<header>Spyglass — object detection</header>
<main>
  <section id="left">
    <div class="row">
      <label>Model <select id="model"></select></label>
      <label>Threshold <input id="threshold" type="number" min="0" max="1" step="0.05" placeholder="model's" style="width:6em"></label>
      <span id="token-row"><label>Token <input id="token" type="password" size="16"></label></span>
    </div>
    <div id="drop">Drop a JPEG or PNG here, or <input id="file" type="file" accept="image/jpeg,image/png"></div>
    <div class="row" id="samples"></div>
    <div id="status" data-state="idle"></div>
    <canvas id="canvas" width="640" height="480" data-drawn-boxes="0" data-labelled-detections="0"></canvas>
  </section>
  <section id="right">
    <h3>Detections</h3>
    <ol id="detections"></ol>
  </section>
</main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
if (params.get("token")) { $("token").value = params.get("token"); }

function headers() {
  const t = $("token").value;
  return t ? { "Authorization": "Bearer " + t } : {};
}

function setStatus(state, text) {
  $("status").dataset.state = state;
  $("status").textContent = text;
}

function colorFor(classId) {
  const hue = (classId * 137) % 360;
  return "hsl(" + hue + ", 85%, 45%)";
}

async function loadModels() {
  const r = await fetch("/v1/models", { headers: headers() });
  if (r.status === 401) {
    $("token-row").style.display = "inline";
    setStatus("error", "This server needs a token: enter it above, then pick an image.");
    return false;
  }
  const body = await r.json();
  const select = $("model");
  select.innerHTML = "";
  for (const m of body.models) {
    const o = document.createElement("option");
    o.value = m.name;
    o.textContent = m.name + " (" + m.plugin + ", " + m.classes + " classes)";
    select.appendChild(o);
  }
  if (params.get("model")) { select.value = params.get("model"); }
  return true;
}

async function loadSamples() {
  const r = await fetch("/samples", { headers: headers() });
  if (!r.ok) { return; }
  const body = await r.json();
  for (const name of body.samples) {
    const b = document.createElement("button");
    b.className = "sample";
    b.textContent = name;
    b.onclick = () => runSample(name);
    $("samples").appendChild(b);
  }
}

async function runSample(name) {
  const r = await fetch("/samples/" + encodeURIComponent(name), { headers: headers() });
  if (!r.ok) { setStatus("error", "sample " + name + ": HTTP " + r.status); return; }
  await detect(await r.blob(), name);
}

async function detect(blob, label) {
  const model = $("model").value;
  if (!model) { setStatus("error", "no model to run"); return; }
  setStatus("running", "Detecting objects in " + label + " with " + model + "…");
  const t = $("threshold").value;
  const q = t === "" ? "" : "?threshold=" + encodeURIComponent(t);
  let image;
  try {
    image = await createImageBitmap(blob);
  } catch (e) {
    image = null;  // the server will say what is wrong with the file
  }
  const r = await fetch("/v1/models/" + encodeURIComponent(model) + "/detect" + q,
                        { method: "POST", headers: headers(), body: blob });
  const body = await r.json();
  if (!r.ok) { setStatus("error", "HTTP " + r.status + ": " + body.error); return; }
  if (!image) { setStatus("error", "the browser cannot display this image"); return; }
  draw(image, body.detections);
  list(body.detections);
  setStatus("done", body.detections.length + " detection" + (body.detections.length === 1 ? "" : "s") +
            " in " + label + " (" + body.width + "×" + body.height + ", " + body.ms + " ms)");
}

function draw(image, detections) {
  const canvas = $("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const line = Math.max(2, Math.round(image.height * 0.006));
  const fontSize = Math.max(14, Math.round(image.height * 0.03));
  ctx.font = "bold " + fontSize + "px sans-serif";
  ctx.textBaseline = "top";
  // One rectangle per box; a box with several classes (Darknet reports each class above the
  // threshold) gets one label listing them, strongest first.
  const groups = new Map();
  for (const d of detections) {
    const b = d.box, key = [b.left, b.top, b.right, b.bottom].map((v) => v.toFixed(1)).join(",");
    if (!groups.has(key)) { groups.set(key, []); }
    groups.get(key).push(d);
  }
  let drawn = 0, labelled = 0, verified = 0;
  for (const group of groups.values()) {
    group.sort((a, b) => b.score - a.score);
    const b = group[0].box, color = colorFor(group[0].class_id);
    const x = Math.max(0, b.left), y = Math.max(0, b.top);
    const w = Math.min(image.width, b.right) - x, h = Math.min(image.height, b.bottom) - y;
    ctx.strokeStyle = color;
    ctx.lineWidth = line;
    ctx.strokeRect(x, y, w, h);
    const text = group.map((d) => d.class + " " + Math.round(d.score * 100) + "%").join(", ");
    const tw = ctx.measureText(text).width + 8, th = fontSize + 6;
    const ty = y - th >= 0 ? y - th : y;
    ctx.fillStyle = color;
    ctx.fillRect(x, ty, tw, th);
    ctx.fillStyle = "#fff";
    ctx.fillText(text, x + 4, ty + 3);
    drawn += 1;
    labelled += group.length;
    // Read back a pixel on the box's left edge, below the label, to confirm the stroke landed.
    const px = ctx.getImageData(Math.round(x), Math.round(y + h / 2), 1, 1).data;
    const probe = document.createElement("canvas").getContext("2d");
    probe.fillStyle = color; probe.fillRect(0, 0, 1, 1);
    const want = probe.getImageData(0, 0, 1, 1).data;
    if (Math.abs(px[0] - want[0]) < 8 && Math.abs(px[1] - want[1]) < 8 && Math.abs(px[2] - want[2]) < 8) { verified += 1; }
  }
  canvas.dataset.drawnBoxes = String(drawn);
  canvas.dataset.labelledDetections = String(labelled);
  canvas.dataset.verifiedBoxes = String(verified);
}

function list(detections) {
  const ol = $("detections");
  ol.innerHTML = "";
  for (const d of detections) {
    const li = document.createElement("li");
    li.dataset.class = d.class;
    li.dataset.score = d.score.toFixed(3);
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = colorFor(d.class_id);
    li.appendChild(sw);
    const b = d.box;
    li.appendChild(document.createTextNode(d.class + " " + Math.round(d.score * 100) + "% — [" +
      Math.round(b.left) + ", " + Math.round(b.top) + ", " + Math.round(b.right) + ", " + Math.round(b.bottom) + "]"));
    ol.appendChild(li);
  }
}

$("file").addEventListener("change", (e) => { if (e.target.files[0]) { detect(e.target.files[0], e.target.files[0].name); } });
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const f = e.dataTransfer.files[0];
  if (f) { detect(f, f.name); }
});

async function start() {
  try {
    if (await loadModels()) {
      setStatus("idle", "");
      $("samples").innerHTML = "";
      await loadSamples();
      if (params.get("sample")) { await runSample(params.get("sample")); }
    }
  } catch (e) {
    setStatus("error", String(e));
  }
}
$("token").addEventListener("change", start);
start();
</script>
</body>
</html>
"""#
}
