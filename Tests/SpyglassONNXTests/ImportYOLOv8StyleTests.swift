import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime
import TestSupport

/// A YOLOv8-shaped ONNX model (see YOLOv8StyleModel) imported and planned gives ONNX Runtime's outputs.
final class ImportYOLOv8StyleTests: XCTestCase {
    func testYOLOv8StyleModelMatchesONNXRuntime() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-import-v8")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("yolov8-style.onnx")
        try PythonReference.run(YOLOv8StyleModel.script, [url.path], in: dir)

        let graph = try ONNXImporter.load(contentsOf: url, bindings: ["batch": 1])
        XCTAssertEqual(graph.metadata.classNames, ["person", "bicycle", "car"], "Ultralytics 'names' metadata")
        let kinds = Set(graph.nodes.map(\.op.kind))
        for kind in [OpKind.binary, .reshape, .transpose, .upsample, .slice, .concat, .add] {
            XCTAssertTrue(kinds.contains(kind), "expected a \(kind) node")
        }
        XCTAssertTrue(graph.nodes.contains { $0.op == .activation(.swish) }, "Sigmoid·Mul imported as swish")
        XCTAssertEqual(graph.nodes.filter { $0.op == .activation(.logistic) }.count, 1, "only the class-score sigmoid is left")

        let size = YOLOv8StyleModel.inputSize, nc = YOLOv8StyleModel.classes, n = YOLOv8StyleModel.anchors
        let shape = [1, 3, size, size]
        let input = Conformance.randomInput(count: shape.reduce(1, *), seed: 8)
        let plan = try Plan(graph: graph, options: RuntimeOptions(threads: 2))
        let ours = try plan.run(["images": Tensor(shape: shape, data: input)])
        // C2f's split/concat and the head's reshapes are planned as views: same bits as copying, no bigger arena.
        let copying = try Plan(graph: graph, options: RuntimeOptions(threads: 2, zeroCopyViews: false))
        XCTAssertEqual(try copying.run(["images": Tensor(shape: shape, data: input)]), ours)
        print("yolov8-style arena: \(Double(copying.arenaBytes) / 1048576) MiB copying, \(Double(plan.arenaBytes) / 1048576) MiB with views (\(plan.viewNodes.count) view nodes)")
        XCTAssertFalse(plan.viewNodes.isEmpty)
        XCTAssertLessThanOrEqual(plan.arenaBytes, copying.arenaBytes)
        let ort = try PythonReference.checkAndRun(model: url, inputs: ["images": (shape, input)], outputs: ["output0", "output1"], in: dir)

        XCTAssertEqual(ours["output0"]?.shape, [1, 4 + nc, n])
        XCTAssertEqual(ours["output1"]?.shape, [1, n, 4 + nc])
        for (i, name) in ["output0", "output1"].enumerated() {
            let (err, at) = Conformance.maxScaledError(try XCTUnwrap(ours[name]).data, ort[i])
            print("yolov8-style: Spyglass vs ONNX Runtime, \(name): max scaled error \(err)")
            XCTAssertLessThanOrEqual(err, 1e-4, "\(name) at \(at)")
        }
    }

    func testUnboundSymbolicBatchIsAnErrorNamingWhatToBind() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-import-v8")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("yolov8-style.onnx")
        try PythonReference.run(YOLOv8StyleModel.script, [url.path], in: dir)
        XCTAssertThrowsError(try ONNXImporter.load(contentsOf: url)) { error in
            XCTAssertTrue("\(error)".contains("bind the model's symbolic input dims"), "\(error)")
        }
    }
}
