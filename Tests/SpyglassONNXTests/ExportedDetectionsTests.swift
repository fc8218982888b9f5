import Foundation
import XCTest
import SpyglassDarknet
import SpyglassDetection
import SpyglassImage
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime
import TestSupport
import YOLOPlugin

/// A Darknet detector exported to ONNX and run by ONNX Runtime gives the same detections as
/// Spyglass's own pipeline: the same image preprocessed once, ORT's output tensors decoded by the
/// same plugin and suppressed by the same NMS, compared box by box.
final class ExportedDetectionsTests: XCTestCase {
    override func setUp() { YOLOPlugins.registerAll() }

    func testPretrainedYoloV3TinyExportGivesTheSameDetectionsInONNXRuntime() throws {
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        let graph = try darknetGraph(cfg: Fixtures.cfg("yolov3-tiny"), weights: Fixtures.pretrainedYoloV3TinyWeights)
        for image in ["dog.jpg", "person.jpg", "horses.jpg"] {
            try assertSameDetections(graph, image: image, threshold: 0.25, label: "yolov3-tiny (pretrained)")
        }
    }

    func testYoloV2TinyExportGivesTheSameDetectionsInONNXRuntime() throws {
        // Seeded random weights give many low-confidence boxes; 0.2 keeps a few dozen through NMS.
        let graph = try darknetGraph(cfg: Fixtures.cfg("yolov2-tiny"))
        try assertSameDetections(graph, image: "dog.jpg", threshold: 0.2, label: "yolov2-tiny (random)")
    }

    func assertSameDetections(_ graph: Graph, image name: String, threshold: Float, label: String) throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-detections")
        defer { try? FileManager.default.removeItem(at: dir) }
        let detector = try Detector(graph: graph)
        let d = detector.defaults
        let image = try ImageIO.load(path: Fixtures.image(name).path)
        let ours = try detector.detect(image, threshold: threshold)

        let url = dir.appendingPathComponent("model.onnx")
        try ONNXExporter.write(graph, to: url)
        let (input, transform) = preprocess(image, width: d.inputWidth, height: d.inputHeight, mode: d.preprocessing.resizeMode)
        let shape = [1, 3, input.height, input.width]
        let ort = try PythonReference.checkAndRun(model: url, inputs: [graph.inputs[0].name: (shape, input.data)], outputs: graph.outputs, in: dir)
        let plan = try Plan(graph: graph)
        var tensors: [String: Tensor] = [:]
        for (name, values) in zip(graph.outputs, ort) { tensors[name] = Tensor(shape: plan.shapes[name] ?? [], data: values) }
        let raw = try detector.plugin.decode(outputs: tensors, transform: transform, threshold: threshold)
        let classes = d.classNames.isEmpty ? (raw.first?.probs.count ?? 0) : d.classNames.count
        let theirs = suppress(raw, method: d.nms, classes: classes, scoreThreshold: threshold, iouThreshold: d.nmsThreshold,
                              imageWidth: image.width, imageHeight: image.height, classNames: d.classNames)

        print("\(label) on \(name): Spyglass \(ours.count) detections, ONNX Runtime (same decode) \(theirs.count)")
        XCTAssertFalse(ours.isEmpty, "\(label) on \(name): expected some detections")
        XCTAssertEqual(ours.count, theirs.count, "\(label) on \(name)")
        var worstScore: Float = 0, worstIoU: Float = 1
        for (a, b) in zip(ours, theirs) {
            XCTAssertEqual(a.classIndex, b.classIndex, "\(label) on \(name)")
            worstScore = max(worstScore, abs(a.score - b.score))
            worstIoU = min(worstIoU, a.box.iou(b.box))
        }
        print("  max |Δscore| \(worstScore), min IoU \(worstIoU)")
        XCTAssertLessThan(worstScore, 1e-4)
        XCTAssertGreaterThan(worstIoU, 0.999)
    }
}
