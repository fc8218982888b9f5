import Foundation
import XCTest
import SpyglassDarknet
import SpyglassONNX
import TestSupport

/// `spyglass convert … -o model.onnx`, from cfg + weights and from a .spyglass file.
final class ConvertCommandTests: XCTestCase {
    func testConvertWritesONNXFromDarknetAndFromSpyglassFiles() throws {
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.executable.path) else {
            throw XCTSkip("spyglass executable not built next to the tests (build with --build-tests)")
        }
        let dir = try Fixtures.temporaryDirectory("onnx-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = Fixtures.cfg("yolov2-tiny")
        let weights = dir.appendingPathComponent("random.weights")
        try randomDarknetWeights(for: try DarknetImporter.load(cfg: cfg, weights: nil), seed: 3).write(to: weights)

        let direct = dir.appendingPathComponent("direct.onnx")
        let r1 = try CLIRunner.run(["convert", cfg.path, weights.path, "--names", Fixtures.cocoNames.path, "-o", direct.path])
        XCTAssertEqual(r1.status, 0, r1.stderr)
        XCTAssertTrue(r1.stdout.contains("wrote \(direct.path)"), r1.stdout)

        let container = dir.appendingPathComponent("model.spyglass")
        XCTAssertEqual(try CLIRunner.run(["convert", cfg.path, weights.path, "-o", container.path]).status, 0)
        let viaContainer = dir.appendingPathComponent("via.onnx")
        let r2 = try CLIRunner.run(["convert", container.path, "-o", viaContainer.path, "--opset", "13"])
        XCTAssertEqual(r2.status, 0, r2.stderr)

        let a = try ONNXReader.read(contentsOf: direct), b = try ONNXReader.read(contentsOf: viaContainer)
        XCTAssertEqual(a.graph.nodes.map(\.opType), b.graph.nodes.map(\.opType))
        XCTAssertEqual(a.graph.initializers, b.graph.initializers)
        XCTAssertEqual(a.opsetVersion(), 17)
        XCTAssertEqual(b.opsetVersion(), 13)
        XCTAssertTrue(a.graph.nodes.contains { $0.opType == "Softmax" }, "the region head is decomposed")
        XCTAssertTrue(a.metadataValue(ONNXMetadataKeys.classNames)?.contains("\"person\"") ?? false)
    }

    func testConvertRejectsAnUnsupportedOpsetNamingIt() throws {
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.executable.path) else {
            throw XCTSkip("spyglass executable not built next to the tests (build with --build-tests)")
        }
        let dir = try Fixtures.temporaryDirectory("onnx-cli-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        let r = try CLIRunner.run(["convert", Fixtures.cfg("yolov3-tiny").path, Fixtures.pretrainedYoloV3TinyWeights.path,
                                   "-o", dir.appendingPathComponent("m.onnx").path, "--opset", "9"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("opset 9 is not supported"), r.stderr)
    }
}
