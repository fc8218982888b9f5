import Foundation
import XCTest
import SpyglassDetection
import SpyglassImage
import SpyglassONNX
import SpyglassRuntime
import TestSupport
import YOLOv8Plugin

/// The YOLOv8-style ONNX model (YOLOv8StyleModel, random weights) run through `Detector` on dog.jpg
/// gives the detections a numpy reference computes from ONNX Runtime's output on the same input:
/// Ultralytics' decode (best class > conf), class-aware greedy NMS (IoU > 0.7 suppresses) in
/// network pixels, then `scale_boxes` (one gain, rounded padding); boxes compared unclipped (random weights put many
/// wholly outside the image, where clipped boxes have no area and no IoU).
final class YOLOv8PluginDetectorTests: XCTestCase {
    /// Random weights: class scores on dog.jpg stay near 0.5 (best ≈ 0.555); 0.548 leaves a handful of
    /// boxes, 0.01 keeps hundreds of candidates for NMS to sort out.
    static let handfulThreshold: Float = 0.548
    static let lowThreshold: Float = 0.01

    override func setUp() { YOLOv8Plugins.registerAll() }

    func testDetectionsMatchONNXRuntimeWithUltralyticsDecodeAt320() throws {
        try assertMatchesReference(size: 320, thresholds: [Self.handfulThreshold, Self.lowThreshold])
    }

    func testDetectionsMatchONNXRuntimeWithUltralyticsDecodeAt256() throws {
        try assertMatchesReference(size: 256, thresholds: [Self.handfulThreshold, Self.lowThreshold])
    }

    func testPluginIsChosenFromTheOutputShapeWithUltralyticsDefaults() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("yolov8-plugin")
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try ONNXImporter.load(contentsOf: try Self.model(size: 256, in: dir), bindings: ["batch": 1])
        let detector = try Detector(graph: graph, options: .init(threads: 2))
        XCTAssertEqual(detector.plugin.pluginName, "yolov8")
        let d = detector.defaults
        XCTAssertEqual([d.inputWidth, d.inputHeight], [256, 256])
        XCTAssertEqual(d.threshold, 0.25)
        XCTAssertEqual(d.nmsThreshold, 0.7)
        XCTAssertEqual(d.nms, .perClass)
        XCTAssertEqual(d.preprocessing, .ultralyticsLetterbox)
        XCTAssertEqual(d.classNames, ["person", "bicycle", "car"])
        let parts = detector.plugin.parts(of: graph)
        XCTAssertEqual((parts.backbone + parts.neck + parts.head).sorted(), graph.nodes.map(\.name).sorted())
        // The test model: backbone up to the SPPF-like block, neck from the upsample, head = the
        // 3×3 + 1×1 prediction branches, the box decoding and the transposed output. (Its branches have
        // two convs, Ultralytics' three, so on the unbranched P3 path the head also takes the neck's
        // last conv, conv_92.)
        XCTAssertEqual(parts.backbone.last, "mul_87", "SPPF-like conv ends the backbone")
        XCTAssertEqual(parts.neck.first, "resize_89")
        for name in ["conv_101", "conv_111", "conv_122", "conv_132", "output0", "output1"] {
            XCTAssertTrue(parts.head.contains(name), name)
        }
        XCTAssertFalse(parts.head.contains("conv_80"), "P5's neck conv feeds the upsample too: the walk stops there")

        // Only the class scores [1, 3, N] as output: not a YOLOv8 head (4 + nc rows needed).
        var scoresOnly = graph
        scoresOnly.outputs = try XCTUnwrap(graph.node(named: "sigmoid_151")?.outputs)
        XCTAssertFalse(YOLOv8Plugin.matches(scoresOnly))
        XCTAssertThrowsError(try YOLOv8Plugin(graph: scoresOnly)) { error in
            XCTAssertTrue("\(error)".contains("no output is [1, 4+nc, N]"), "\(error)")
        }
    }

    /// The test model at `size` × `size`.
    static func model(size: Int, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("yolov8-style-\(size).onnx")
        try PythonReference.run(YOLOv8StyleModel.script, [url.path, "--size", "\(size)"], in: dir)
        return url
    }

    func assertMatchesReference(size: Int, thresholds: [Float]) throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("yolov8-plugin")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.model(size: size, in: dir)
        let graph = try ONNXImporter.load(contentsOf: url, bindings: ["batch": 1])
        let detector = try Detector(graph: graph, options: .init(threads: 2))
        let image = try ImageIO.load(path: Fixtures.image("dog.jpg").path)
        let (input, _) = preprocess(image, width: size, height: size, mode: .ultralyticsLetterbox)
        let inputURL = dir.appendingPathComponent("input.npy")
        try NPYFile.write(input.data, shape: [1, 3, size, size], to: inputURL)

        for threshold in thresholds {
            let ours = try detector.detect(image, threshold: threshold).sorted { $0.score > $1.score }
            let out = try PythonReference.run(Self.referenceScript, [url.path, inputURL.path, "\(image.width)", "\(image.height)",
                                                                     "\(threshold)", "0.7"], in: dir)
            let reference = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[Double]])
            print("yolov8 plugin at \(size), threshold \(threshold): \(ours.count) detections, reference \(reference.count)")
            if threshold == Self.handfulThreshold {
                XCTAssertTrue((2...30).contains(reference.count), "threshold should leave a handful of boxes, got \(reference.count)")
            }
            XCTAssertEqual(ours.count, reference.count)
            var worstCorner: Float = 0, worstScore: Float = 0
            // Scores that tie to float precision (hundreds of boxes at a low threshold) may come in
            // either order: each of ours is paired with the nearest-cornered unpaired reference box
            // among its rank neighbours (±3).
            var paired = Set<Int>()
            for (i, d) in ours.enumerated() {
                func expectedBox(_ r: [Double]) -> Box { Box(left: Float(r[2]), top: Float(r[3]), right: Float(r[4]), bottom: Float(r[5])) }
                func cornerError(_ e: Box) -> Float {
                    [d.box.left - e.left, d.box.top - e.top, d.box.right - e.right, d.box.bottom - e.bottom].map(abs).max() ?? 0
                }
                let neighbours = max(0, i - 3)..<min(reference.count, i + 4)
                guard let j = neighbours.filter({ !paired.contains($0) })
                    .min(by: { cornerError(expectedBox(reference[$0])) < cornerError(expectedBox(reference[$1])) }) else { continue }
                paired.insert(j)
                let r = reference[j]
                XCTAssertEqual(d.classIndex, Int(r[0]))
                worstScore = max(worstScore, abs(d.score - Float(r[1])))
                let expected = expectedBox(r)
                // Random weights also give negative widths/heights, where IoU means nothing: corners too.
                let corners = cornerError(expected)
                worstCorner = max(worstCorner, corners)
                if expected.w > 0, expected.h > 0 {
                    XCTAssertGreaterThan(d.box.iou(expected), 0.98, "\(d.box) vs \(expected)")
                }
            }
            print("  max |Δscore| \(worstScore), max |Δcorner| \(worstCorner) px")
            XCTAssertLessThan(worstScore, 1e-3)
            XCTAssertLessThan(worstCorner, 0.05, "box corners in pixels")
        }
    }

    /// argv: model, input.npy, image width, image height, conf, iou → JSON [[class, score, x1, y1, x2, y2]],
    /// highest score first.
    static let referenceScript = """
    import json, sys
    import numpy as np
    import onnxruntime as ort

    model, inp, ow, oh, conf, iou_thres = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
    x = np.load(inp).astype(np.float32)
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    p = session.run(["output0"], {"images": x})[0][0].T          # [N, 4 + nc]
    scores = p[:, 4:]
    best, cls = scores.max(1), scores.argmax(1)
    keep = best > conf
    p, best, cls = p[keep], best[keep], cls[keep]
    cx, cy, w, h = p[:, 0], p[:, 1], p[:, 2], p[:, 3]
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], 1).astype(np.float64)

    def iou(a, b):
        iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
        ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        inter = iw * ih
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
        return inter / union if union > 0 else 0.0

    kept = []
    for i in np.argsort(-best, kind="stable"):
        if all(cls[j] != cls[i] or iou(boxes[i], boxes[j]) <= iou_thres for j in kept):
            kept.append(i)

    h1, w1 = x.shape[2], x.shape[3]
    gain = min(h1 / oh, w1 / ow)
    padx = round((w1 - ow * gain) / 2 - 0.1)
    pady = round((h1 - oh * gain) / 2 - 0.1)
    out = []
    for i in kept:
        b = boxes[i].copy()
        b[[0, 2]] = (b[[0, 2]] - padx) / gain
        b[[1, 3]] = (b[[1, 3]] - pady) / gain
        out.append([int(cls[i]), float(best[i])] + [float(v) for v in b])
    print(json.dumps(out))
    """
}
