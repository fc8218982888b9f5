import Foundation
import XCTest
import SpyglassDetection
import SpyglassImage
import SpyglassIR
import SpyglassKit
import SpyglassONNX
import SpyglassRuntime
import TestSupport
import YOLOv8Plugin

/// One YOLOv8-style ONNX model with symbolic batch, height and width whose head generates its
/// anchor grid from the feature maps' shapes (Range/Expand, as Ultralytics' dynamic export does):
/// run at two input sizes, each planned (and imported) once and cached, it gives ONNX Runtime's
/// outputs and, decoded, ONNX Runtime's detections.
final class DynamicInputSizeTests: XCTestCase {
    static let sizes = [(height: 320, width: 320), (height: 256, width: 384)]

    override func setUp() { YOLOv8Plugins.registerAll() }

    func dynamicModel(in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("yolov8-style-dynamic.onnx")
        try PythonReference.run(YOLOv8StyleModel.script, [url.path, "--dynamic"], in: dir)
        return url
    }

    func testOneModelRunsAtTwoInputSizesLikeONNXRuntimePlanningEachSizeOnce() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-dynamic")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try dynamicModel(in: dir)
        let model = try ONNXReader.read(contentsOf: url)
        XCTAssertEqual(model.graph.inputs.first?.shape, [.param("batch"), .value(3), .param("height"), .param("width")])

        let runner = ModelRunner(.onnx(model), options: RuntimeOptions(threads: 2))
        for (round, size) in (Self.sizes + Self.sizes).enumerated() {
            let shape = [1, 3, size.height, size.width]
            let input = Conformance.randomInput(count: shape.reduce(1, *), seed: UInt64(size.width))
            let ours = try runner.run(["images": Tensor(shape: shape, data: input)])
            XCTAssertEqual(runner.plansMade, min(round + 1, Self.sizes.count), "a size seen before is not planned again")
            guard round < Self.sizes.count else { continue }
            let ort = try PythonReference.checkAndRun(model: url, inputs: ["images": (shape, input)], outputs: ["output0", "output1"], in: dir)
            let anchors = (size.height / 8) * (size.width / 8) + (size.height / 16) * (size.width / 16)
            XCTAssertEqual(ours["output0"]?.shape, [1, 4 + YOLOv8StyleModel.classes, anchors])
            for (i, name) in ["output0", "output1"].enumerated() {
                let (err, at) = Conformance.maxScaledError(try XCTUnwrap(ours[name]).data, ort[i])
                print("dynamic yolov8-style at \(size.height)x\(size.width): Spyglass vs ONNX Runtime, \(name): max scaled error \(err)")
                XCTAssertLessThanOrEqual(err, 1e-4, "\(name) at \(at)")
            }
        }
        // The anchor grid was folded at import (no Range/Expand left to run).
        let graph = try ONNXImporter.importModel(model, bindings: ["batch": 1, "height": 256, "width": 384], evaluator: RuntimeEvaluator())
        XCTAssertFalse(graph.nodes.contains { ($0.origin ?? "").contains("Range") || ($0.origin ?? "").contains("Expand") })
    }

    func testDetectionsAtTwoInputSizesMatchONNXRuntimeDecodedTheUltralyticsWay() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-dynamic-detect")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try dynamicModel(in: dir)
        let image = try ImageIO.load(path: Fixtures.image("dog.jpg").path)
        let threshold = YOLOv8PluginDetectorTests.handfulThreshold
        for size in Self.sizes {
            let graph = try ONNXImporter.load(contentsOf: url, bindings: ["batch": 1, "height": size.height, "width": size.width],
                                              evaluator: RuntimeEvaluator())
            let detector = try Detector(graph: graph, options: .init(threads: 2))
            XCTAssertEqual([detector.defaults.inputHeight, detector.defaults.inputWidth], [size.height, size.width])
            let ours = try detector.detect(image, threshold: threshold).sorted { $0.score > $1.score }
            let (input, _) = preprocess(image, width: size.width, height: size.height, mode: .ultralyticsLetterbox)
            let inputURL = dir.appendingPathComponent("input.npy")
            try NPYFile.write(input.data, shape: [1, 3, size.height, size.width], to: inputURL)
            let out = try PythonReference.run(YOLOv8PluginDetectorTests.referenceScript,
                                              [url.path, inputURL.path, "\(image.width)", "\(image.height)", "\(threshold)", "0.7"], in: dir)
            let reference = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[Double]])
            print("dynamic yolov8-style at \(size.height)x\(size.width): \(ours.count) detections, ONNX Runtime \(reference.count)")
            XCTAssertFalse(reference.isEmpty, "the threshold should leave some boxes")
            XCTAssertEqual(ours.count, reference.count)
            for (d, r) in zip(ours, reference) {
                XCTAssertEqual(d.classIndex, Int(r[0]))
                XCTAssertEqual(d.score, Float(r[1]), accuracy: 1e-3)
                let expected = Box(left: Float(r[2]), top: Float(r[3]), right: Float(r[4]), bottom: Float(r[5]))
                XCTAssertGreaterThan(d.box.iou(expected), 0.98, "\(d.box) vs \(expected)")
            }
        }
    }
}
