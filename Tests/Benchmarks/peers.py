#!/usr/bin/env python3
"""Peers of `make bench`: times Spyglass, ONNX Runtime (on Spyglass's ONNX export), OpenCV DNN and libdarknet on the same cfg, weights, input
and thread count, each engine in its own process (so peak RSS is its own), and prints one table.

    peers.py --spyglass .build/release/spyglass --model NAME CFG WEIGHTS [--model …]
             [--threads 1 2] [--batch 1 4 8] [--runs 30] [--json OUT.json]

Batch N > 1 (throughput): Spyglass with `bench --batch N`, ONNX Runtime on a batch-N export
(`convert --batch N`), OpenCV DNN on an N-image blob; libdarknet runs batch 1 only.

Spyglass is timed by `spyglass bench --json`; the others by this script re-invoked as a child
(`peers.py --child ENGINE …`). GFLOPS use Spyglass's FLOP count of the model for every engine.
The engines of a row take turns (--rounds, 3 by default: Spyglass, ONNX Runtime, OpenCV DNN, and
again), each running its share of --runs, and each engine's runs are pooled: see `interleaved`.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

DARKNET_LIB = "/usr/lib/darknet/libdarknet.so"


def synthetic_input(shape):
    """x[i] = frac(i * 0.618…): the input `spyglass bench` uses when given none."""
    import numpy as np
    i = np.arange(int(np.prod(shape)), dtype=np.float64)
    v = i * 0.6180339887498949
    return (v - np.floor(v)).astype(np.float32).reshape(shape)


def summarise(seconds):
    samples = [s * 1000 for s in seconds]
    ms = sorted(samples)
    rank = max(0, min(len(ms) - 1, -(-9 * len(ms) // 10) - 1))  # nearest-rank p90, as Spyglass
    return {"runs": len(ms), "minMs": ms[0], "medianMs": statistics.median(ms), "p90Ms": ms[rank], "samplesMs": samples}


def pooled(rounds):
    """One engine's rounds as one result: the runs of all rounds pooled; the rest from the first round,
    peak RSS the largest."""
    rounds = [r for r in rounds if r is not None]
    if not rounds:
        return None
    result = {**rounds[0], **summarise([s / 1000 for r in rounds for s in r["samplesMs"]])}
    if all("peakRSSBytes" in r for r in rounds):
        result["peakRSSBytes"] = max(r["peakRSSBytes"] for r in rounds)
    return result


def interleaved(engines, rounds, runs):
    """Runs every engine of one table row in turn, `rounds` times, each time for its share of `runs`
    (an engine: name → function(runs, first_round) → result), and pools each engine's rounds. The host
    drifts on a scale of minutes (other tenants of its cores and memory); taking turns puts every
    engine through the same drift instead of giving whichever ran in a quiet minute the better ratio."""
    share = -(-runs // rounds)
    results = {name: [] for name in engines}
    for k in range(rounds):
        for name, run in engines.items():
            results[name].append(run(share, k == 0))
    return {name: pooled(rs) for name, rs in results.items()}


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


# --- children: one engine, one model, one thread count ---------------------------------------

def child_opencv(cfg, weights, npy, threads, runs, warmup):
    import cv2
    import numpy as np
    cv2.setNumThreads(threads)
    net = cv2.dnn.readNetFromONNX(cfg) if cfg.endswith(".onnx") else cv2.dnn.readNetFromDarknet(cfg, weights)
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    x = np.load(npy)
    names = net.getUnconnectedOutLayersNames()
    times = []
    for r in range(warmup + runs):
        start = time.perf_counter()
        net.setInput(x)
        net.forward(names)
        if r >= warmup:
            times.append(time.perf_counter() - start)
    return {"engine": "opencv-dnn " + cv2.__version__, **summarise(times), "threads": cv2.getNumThreads()}


def child_darknet(cfg, weights, npy, threads, runs, warmup):
    import ctypes
    import numpy as np
    lib = ctypes.CDLL(DARKNET_LIB)
    lib.load_network.restype = ctypes.c_void_p
    lib.load_network.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
    lib.set_batch_network.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.network_predict.restype = ctypes.POINTER(ctypes.c_float)
    lib.network_predict.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float)]
    net = lib.load_network(cfg.encode(), weights.encode(), 0)
    lib.set_batch_network(net, 1)
    x = np.ascontiguousarray(np.load(npy), dtype=np.float32)
    ptr = x.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
    times = []
    for r in range(warmup + runs):
        start = time.perf_counter()
        lib.network_predict(net, ptr)
        if r >= warmup:
            times.append(time.perf_counter() - start)
    # Debian's libdarknet has no OpenMP and no BLAS: it always runs on one thread.
    return {"engine": "libdarknet", **summarise(times), "threads": 1}


def child_onnxruntime(onnx_path, _weights, npy, threads, runs, warmup):
    """ONNX Runtime on Spyglass's own ONNX export of the same cfg + weights (`spyglass convert -o x.onnx`),
    with ONNX Runtime's default graph optimisations (what its users run)."""
    import numpy as np
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
    x = np.load(npy)
    feed = {session.get_inputs()[0].name: x}
    times = []
    for r in range(warmup + runs):
        start = time.perf_counter()
        session.run(None, feed)
        if r >= warmup:
            times.append(time.perf_counter() - start)
    return {"engine": "onnxruntime " + ort.__version__, **summarise(times), "threads": threads}


def darknet_sections(cfg):
    """[(section, {key: value})] of a Darknet cfg, in order."""
    sections = []
    for line in open(cfg):
        line = line.split("#")[0].strip()
        if line.startswith("["):
            sections.append((line.strip("[]"), {}))
        elif "=" in line and sections:
            k, v = line.split("=", 1)
            sections[-1][1][k.strip()] = v.strip()
    return sections


def child_pipeline(onnx_path, cfg, image, threads, runs, warmup):
    """The end-to-end pipeline built from OpenCV and ONNX Runtime, as their users write it: cv2.imread,
    Darknet's letterbox with cv2.resize, cv2.dnn.blobFromImage, ONNX Runtime on Spyglass's export,
    the [yolo] decode in numpy, cv2.dnn.NMSBoxesBatched. Thresholds as `darknet detector test`."""
    import cv2
    import numpy as np
    import onnxruntime as ort
    cv2.setNumThreads(threads)
    sections = darknet_sections(cfg)
    net = sections[0][1]
    net_w, net_h = int(net["width"]), int(net["height"])
    heads = []
    for name, kv in sections:
        if name == "yolo":
            anchors = [float(a) for a in kv["anchors"].split(",")]
            mask = [int(m) for m in kv["mask"].split(",")]
            heads.append((mask, anchors, int(kv["classes"])))
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    thresh, nms_thresh = 0.5, 0.45
    times, found = [], 0
    for r in range(warmup + runs):
        start = time.perf_counter()
        img = cv2.imread(image)
        h, w = img.shape[:2]
        scale = min(net_w / w, net_h / h)
        nw, nh = int(w * scale), int(h * scale)
        canvas = np.full((net_h, net_w, 3), 127, np.uint8)
        dx, dy = (net_w - nw) // 2, (net_h - nh) // 2
        canvas[dy:dy + nh, dx:dx + nw] = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
        blob = cv2.dnn.blobFromImage(canvas, 1 / 255.0, swapRB=True)
        outs = session.run(None, {input_name: blob})
        boxes, scores, classes = [], [], []
        for out, (mask, anchors, nc) in zip(outs, heads):
            _, _, gh, gw = out.shape
            p = out.reshape(len(mask), 5 + nc, gh, gw)
            gy, gx = np.mgrid[0:gh, 0:gw]
            for k, m in enumerate(mask):
                probs = p[k, 5:] * p[k, 4]
                c, i, j = np.nonzero(probs > thresh)
                if len(c) == 0:
                    continue
                bx = (gx[i, j] + p[k, 0, i, j]) / gw * net_w
                by = (gy[i, j] + p[k, 1, i, j]) / gh * net_h
                bw = np.exp(p[k, 2, i, j]) * anchors[2 * m]
                bh = np.exp(p[k, 3, i, j]) * anchors[2 * m + 1]
                x = (bx - dx) / scale
                y = (by - dy) / scale
                boxes += np.stack([x - bw / scale / 2, y - bh / scale / 2, bw / scale, bh / scale], 1).tolist()
                scores += probs[c, i, j].tolist()
                classes += c.tolist()
        keep = cv2.dnn.NMSBoxesBatched(boxes, scores, classes, thresh, nms_thresh) if boxes else []
        elapsed = time.perf_counter() - start
        found = len(keep)
        if r >= warmup:
            times.append(elapsed)
    return {"engine": "opencv+onnxruntime", **summarise(times), "threads": threads, "detections": found}


CHILDREN = {"opencv": child_opencv, "darknet": child_darknet, "onnxruntime": child_onnxruntime, "pipeline": child_pipeline}


def run_child(engine, cfg, weights, npy, threads, runs, warmup):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    cmd = [sys.executable, __file__, "--child", engine, cfg, weights, npy, str(threads), str(runs), str(warmup)]
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print(f"  {engine} failed ({proc.returncode}): {proc.stderr.strip().splitlines()[-1:] }", file=sys.stderr)
        return None
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- parent -----------------------------------------------------------------------------------

def run_spyglass(spyglass, model_paths, npy, threads, runs, warmup, batch=1, sgemm=True):
    cmd = [spyglass, "bench", *model_paths, "--threads", str(threads), "--runs", str(runs),
           "--warmup", str(warmup), "--input", npy, "--batch", str(batch), "--json"] + ([] if sgemm else ["--no-sgemm"])
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"spyglass bench failed: {proc.stderr.strip()}")
    r = json.loads(proc.stdout)
    return {**r["timing"], "engine": "spyglass", "threads": threads, "peakRSSBytes": r["peakRSSBytes"],
            "flops": r["flops"], "sgemm": r["sgemm"], "batch": r["batch"], "input": r["input"],
            "layers": r["layers"], "parts": r["parts"], "openToReadyMs": r["openToReadyMs"],
            "weightBytes": r["weightBytes"], "arenaBytes": r["arenaBytes"], "workspaceBytes": r["workspaceBytes"],
            "baselineRSSBytes": r.get("baselineRSSBytes", 0)}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        engine, cfg, weights, npy, threads, runs, warmup = sys.argv[2:9]
        result = CHILDREN[engine](cfg, weights, npy, int(threads), int(runs), int(warmup))
        if result is not None:
            result["peakRSSBytes"] = peak_rss_bytes()
        print(json.dumps(result))
        return

    ap = argparse.ArgumentParser()
    ap.add_argument("--spyglass", required=True)
    ap.add_argument("--model", nargs=3, action="append", metavar=("NAME", "CFG", "WEIGHTS"), default=[])
    ap.add_argument("--onnx-model", nargs=2, action="append", metavar=("NAME", "ONNX"), default=[],
                    help="an ONNX model: Spyglass imports it, ONNX Runtime and OpenCV DNN read it (batch 1)")
    ap.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--batch", nargs="+", type=int, default=[1], help="batch sizes for the first --model")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3,
                    help="engines of a row take turns this many times, each running its share of --runs (see interleaved)")
    ap.add_argument("--darknet-runs", type=int, default=3, help="libdarknet is ~100x slower: fewer runs")
    ap.add_argument("--engines", nargs="+", default=["opencv", "darknet", "onnxruntime"],
                    choices=["opencv", "darknet", "onnxruntime"], help="the peers to run (Spyglass always runs)")
    ap.add_argument("--workdir", default=".cache/bench")
    ap.add_argument("--json", help="also write all results here")
    ap.add_argument("--image", help="also time the end-to-end pipeline on this image (Spyglass vs OpenCV + ONNX Runtime)")
    args = ap.parse_args()

    import numpy as np
    os.makedirs(args.workdir, exist_ok=True)
    rows = []
    for name, cfg, weights in args.model:
        print(f"==> {name}", file=sys.stderr)
        # Spyglass runs its deployment format, as ONNX Runtime runs .onnx: the optimised .spyglass
        # (batch-norm folded, activations fused), memory-mapped.
        spy_model = os.path.join(args.workdir, f"{name}.spyglass")
        subprocess.run([args.spyglass, "optimize", cfg, weights, "-o", spy_model], stdout=subprocess.DEVNULL, check=True)
        # Throughput at batch > 1 for the first model only (the others would take minutes per row).
        for batch in (args.batch if name == args.model[0][0] else [1]):
            spy = {}
            onnx = os.path.join(args.workdir, f"{name}-b{batch}.onnx")
            if "onnxruntime" in args.engines:
                subprocess.run([args.spyglass, "convert", cfg, weights, "-o", onnx, "--batch", str(batch)],
                               stdout=subprocess.DEVNULL, check=True)
            # The input shape comes from Spyglass's own plan of the cfg (batch 1), repeated per image.
            npy = os.path.join(args.workdir, f"{name}-input-b{batch}.npy")
            if not os.path.exists(npy):
                first = subprocess.run([args.spyglass, "inspect", cfg, "--json"], stdout=subprocess.PIPE, text=True, check=True)
                shape = list(json.loads(first.stdout)["inputs"].values())[0]
                np.save(npy, np.repeat(synthetic_input(shape), batch, axis=0))
            for t in args.threads:
                turns = {"spyglass": lambda n, first: run_spyglass(args.spyglass, [spy_model], npy, t, n, args.warmup, batch, sgemm=first)}
                for engine in args.engines:
                    if engine != "darknet":
                        model_file = onnx if engine == "onnxruntime" else cfg
                        turns[engine] = (lambda e, f: lambda n, _: run_child(e, f, weights, npy, t, n, args.warmup))(engine, model_file)
                print(f"  {t} thread(s), batch {batch}: {', '.join(turns)} in turn, {args.rounds} round(s)", file=sys.stderr)
                results = interleaved(turns, args.rounds, args.runs)
                spy[t] = results["spyglass"]
                rows.append({"model": name, **spy[t]})
                for engine in args.engines:
                    if engine == "darknet":
                        if t != min(args.threads) or batch != 1:
                            continue  # single-threaded library, batch 1: one row is the whole story
                        print(f"  darknet, {t} thread(s), batch {batch}", file=sys.stderr)
                        r = run_child("darknet", cfg, weights, npy, t, args.darknet_runs, 1)
                    else:
                        r = results[engine]
                    if r is not None:
                        rows.append({"model": name, **r, "flops": spy[t]["flops"], "batch": batch})
    for name, onnx in args.onnx_model:
        print(f"==> {name}", file=sys.stderr)
        npy = os.path.join(args.workdir, f"{name}-input.npy")
        first = subprocess.run([args.spyglass, "inspect", onnx, "--json"], stdout=subprocess.PIPE, text=True, check=True)
        shape = list(json.loads(first.stdout)["inputs"].values())[0]
        np.save(npy, synthetic_input(shape))
        # Spyglass runs its deployment format, as for the Darknet models: the optimised .spyglass.
        spy_model = os.path.join(args.workdir, f"{name}.spyglass")
        subprocess.run([args.spyglass, "optimize", onnx, "-o", spy_model], stdout=subprocess.DEVNULL, check=True)
        for t in args.threads:
            turns = {"spyglass": lambda n, first: run_spyglass(args.spyglass, [spy_model], npy, t, n, args.warmup, sgemm=first)}
            for engine in [e for e in args.engines if e in ("onnxruntime", "opencv")]:
                turns[engine] = (lambda e: lambda n, _: run_child(e, onnx, onnx, npy, t, n, args.warmup))(engine)
            print(f"  {t} thread(s): {', '.join(turns)} in turn, {args.rounds} round(s)", file=sys.stderr)
            results = interleaved(turns, args.rounds, args.runs)
            spy = results.pop("spyglass")
            rows.append({"model": name, **spy})
            for engine, r in results.items():
                if r is not None:
                    rows.append({"model": name, **r, "flops": spy["flops"], "batch": 1})
    print_table(rows)
    if args.image:
        pipelines = []
        # The first model only: it has real weights (random weights flood NMS with boxes).
        for name, cfg, weights in args.model[:1]:
            onnx = os.path.join(args.workdir, f"{name}-b1.onnx")
            spy_model = os.path.join(args.workdir, f"{name}.spyglass")
            for t in args.threads:
                print(f"  end to end on {os.path.basename(args.image)}: {name}, {t} thread(s), {args.rounds} round(s)", file=sys.stderr)

                def spyglass_pipeline(n, _):
                    cmd = [args.spyglass, "bench", spy_model, "--threads", str(t), "--runs", str(n), "--warmup",
                           str(args.warmup), "--image", args.image, "--no-sgemm", "--json"]
                    r = json.loads(subprocess.run(cmd, stdout=subprocess.PIPE, check=True, text=True).stdout)["pipeline"]
                    return {"model": name, "engine": "spyglass", "threads": t, **r["total"], "detections": r["detections"]}

                turns = {"spyglass": spyglass_pipeline,
                         "pipeline": lambda n, _: run_child("pipeline", onnx, cfg, args.image, t, n, args.warmup)}
                for r in interleaved(turns, args.rounds, args.runs).values():
                    if r is not None:
                        pipelines.append({"model": name, **r})
        print()
        print(f"End to end per image ({os.path.basename(args.image)}: read, decode, letterbox, forward, decode, NMS)")
        spy = {(p["model"], p["threads"]): p for p in pipelines if p["engine"] == "spyglass"}
        print(f"{'model':<16} {'engine':<20} {'thr':>3} {'min ms':>9} {'median ms':>9} {'p90 ms':>9} {'dets':>5} {'×Spyglass':>9}")
        for p in pipelines:
            ref = spy.get((p["model"], p["threads"]))
            print(f"{p['model']:<16} {p['engine']:<20} {p['threads']:>3} {p['minMs']:>9.2f} {p['medianMs']:>9.2f} {p['p90Ms']:>9.2f} "
                  f"{p['detections']:>5} {p['medianMs'] / ref['medianMs']:>9.2f}")
        rows += [{**p, "pipeline": True} for p in pipelines]
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


def print_table(rows):
    spy = {(r["model"], r["threads"], r["batch"]): r for r in rows if r["engine"] == "spyglass"}
    header = (f"{'model':<16} {'engine':<18} {'thr':>3} {'batch':>5} {'runs':>4} {'min ms':>9} {'median ms':>9} {'p90 ms':>9} "
              f"{'img/s':>7} {'GFLOPS':>7} {'×Spyglass':>9} {'peak RSS':>9}")
    print(header)
    print("-" * len(header))
    for r in rows:
        ref = spy.get((r["model"], r["threads"], r["batch"])) or spy.get((r["model"], 1, r["batch"]))
        ratio = r["medianMs"] / ref["medianMs"] if ref else float("nan")
        gflops = r["flops"] / r["medianMs"] / 1e6
        images = r["batch"] * 1000 / r["medianMs"]
        print(f"{r['model']:<16} {r['engine']:<18} {r['threads']:>3} {r['batch']:>5} {r['runs']:>4} {r['minMs']:>9.2f} "
              f"{r['medianMs']:>9.2f} {r['p90Ms']:>9.2f} {images:>7.1f} {gflops:>7.1f} {ratio:>9.2f} {r['peakRSSBytes'] / 2**20:>7.0f}MiB")
    print("×Spyglass = engine median / Spyglass median at the same thread count (> 1: Spyglass is faster).")
    for (model, t, batch), r in sorted(spy.items()):
        if batch != 1:
            continue
        # Budget: 1.3 × weights + the planned activation memory (arena + kernels' scratch workspace).
        # The model's share is the peak minus what the process held before opening it (Swift runtime,
        # libraries, OpenBLAS); both are printed.
        mib = 2 ** 20
        budget = 1.3 * r["weightBytes"] + r["arenaBytes"] + r["workspaceBytes"]
        share = r["peakRSSBytes"] - r["baselineRSSBytes"]
        print(f"{model}, {t} thread(s): open to ready {r['openToReadyMs']:.1f} ms; peak RSS {r['peakRSSBytes'] / mib:.0f} MiB, "
              f"model's share {share / mib:.0f} MiB (process before opening {r['baselineRSSBytes'] / mib:.0f} MiB) = "
              f"{share / budget:.2f}× the budget {budget / mib:.0f} MiB (1.3 × weights {r['weightBytes'] / mib:.1f} + arena "
              f"{r['arenaBytes'] / mib:.1f} + workspace {r['workspaceBytes'] / mib:.1f} MiB); total = {r['peakRSSBytes'] / budget:.2f}×")
        for s in r["sgemm"]:
            print(f"{model}, {t} thread(s): OpenBLAS sgemm n={s['n']} {s['gflops']:.1f} GFLOPS; "
                  f"Spyglass conv stack at {100 * r['flops'] / r['medianMs'] / 1e6 / s['gflops']:.0f}% of it")


if __name__ == "__main__":
    main()
