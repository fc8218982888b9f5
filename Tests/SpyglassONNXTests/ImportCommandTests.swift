import Foundation
import XCTest
import SpyglassONNX
import TestSupport

/// The CLI on .onnx models: convert to .spyglass, inspect, and detect with the same detections
/// as the Darknet model the ONNX file was exported from.
final class ImportCommandTests: XCTestCase {
    private func requireExecutable() throws {
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.executable.path) else {
            throw XCTSkip("spyglass executable not built next to the tests (build with --build-tests)")
        }
    }

    func testONNXModelConvertsInspectsAndDetectsLikeTheDarknetOriginal() throws {
        try requireExecutable()
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        let dir = try Fixtures.temporaryDirectory("onnx-import-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = Fixtures.cfg("yolov3-tiny").path, weights = Fixtures.pretrainedYoloV3TinyWeights.path
        let onnx = dir.appendingPathComponent("y3.onnx").path, container = dir.appendingPathComponent("y3.spyglass").path
        XCTAssertEqual(try CLIRunner.run(["convert", cfg, weights, "--names", Fixtures.cocoNames.path, "-o", onnx]).status, 0)

        let convert = try CLIRunner.run(["convert", onnx, "-o", container])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        XCTAssertTrue(convert.stdout.contains("wrote \(container)"), convert.stdout)

        let inspect = try CLIRunner.run(["inspect", onnx])
        XCTAssertEqual(inspect.status, 0, inspect.stderr)
        XCTAssertTrue(inspect.stdout.contains("L16.yolo [1, 255, 13, 13]"), inspect.stdout)

        let image = Fixtures.image("dog.jpg").path
        let reference = try CLIRunner.run(["detect", cfg, weights, image, "--names", Fixtures.cocoNames.path, "--json"])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        for model in [onnx, container] {
            let r = try CLIRunner.run(["detect", model, image, "--json"])
            XCTAssertEqual(r.status, 0, r.stderr)
            assertSameDetections(try detections(r.stdout), try detections(reference.stdout), model)
        }
    }

    func testInspectingAnONNXModelWithUnknownOpsListsThem() throws {
        try requireExecutable()
        let dir = try Fixtures.temporaryDirectory("onnx-import-cli-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = ONNXGraph(name: "bad", nodes: [
            ONNXNode(name: "lstm_0", opType: "LSTM", inputs: ["x"], outputs: ["a"]),
            ONNXNode(name: "gru_0", opType: "GRU", inputs: ["a"], outputs: ["y"]),
        ], inputs: [ONNXValueInfo(name: "x", elementType: .float, shape: [.value(1), .value(3), .value(8), .value(8)])],
           outputs: [ONNXValueInfo(name: "y", elementType: .float, shape: nil)])
        let url = dir.appendingPathComponent("bad.onnx")
        try ONNXWriter.write(ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: 17)], graph: graph), to: url)
        let r = try CLIRunner.run(["inspect", url.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("2 unsupported ONNX op types at opset 17: LSTM (e.g. node 'lstm_0'), GRU (e.g. node 'gru_0')"), r.stderr)
    }

    /// (class, [score, left, top, right, bottom]) of each detection in `detect --json` output.
    private func detections(_ json: String) throws -> [(String, [Double])] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let list = try XCTUnwrap(object?["detections"] as? [[String: Any]], json)
        return try list.map { d in
            let box = try XCTUnwrap(d["box"] as? [String: Double])
            let values = [d["score"] as? Double ?? .nan] + ["left", "top", "right", "bottom"].map { box[$0] ?? .nan }
            return (d["class"] as? String ?? "?", values)
        }
    }

    /// Same classes in the same order; scores and boxes within 1e-3 relative (the import round trip
    /// changes float32 results in their last digits).
    private func assertSameDetections(_ a: [(String, [Double])], _ b: [(String, [Double])], _ label: String,
                                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.map(\.0), b.map(\.0), label, file: file, line: line)
        XCTAssertFalse(b.isEmpty, "the reference finds objects", file: file, line: line)
        for (x, y) in zip(a, b) {
            for (u, v) in zip(x.1, y.1) { XCTAssertEqual(u, v, accuracy: 1e-3 * max(1, abs(v)), "\(label): \(x.0)", file: file, line: line) }
        }
    }
}
