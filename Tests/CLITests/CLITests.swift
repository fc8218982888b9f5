import Foundation
import XCTest
import TestSupport
import SpyglassDarknet

/// The `spyglass` executable on real files: exit codes, output, and clear errors on bad input.
enum CLIRunnerError: Error { case notBuilt }

final class CLITests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try Fixtures.temporaryDirectory("cli")
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.executable.path) else {
            XCTFail("spyglass executable not built at \(CLIRunner.executable.path)")
            throw CLIRunnerError.notBuilt
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// yolov3-tiny with seeded random weights, written to the test folder.
    func tinyModel() throws -> (cfg: String, weights: String) {
        let cfg = Fixtures.cfg("yolov3-tiny")
        let skeleton = try DarknetImporter.load(cfg: cfg, weights: nil)
        let w = dir.appendingPathComponent("yolov3-tiny.weights")
        try randomDarknetWeights(for: skeleton, seed: 3).write(to: w)
        return (cfg.path, w.path)
    }

    func testConvertToSpyglassAndBackGivesByteIdenticalWeights() throws {
        let m = try tinyModel()
        let sg = dir.appendingPathComponent("m.spyglass").path
        let r1 = try CLIRunner.run(["convert", m.cfg, m.weights, "-o", sg])
        XCTAssertEqual(r1.status, 0, r1.stderr)
        let back = dir.appendingPathComponent("back.cfg").path
        let r2 = try CLIRunner.run(["convert", sg, "-o", back])
        XCTAssertEqual(r2.status, 0, r2.stderr)
        let original = try Data(contentsOf: URL(fileURLWithPath: m.weights))
        let roundTrip = try Data(contentsOf: dir.appendingPathComponent("back.weights"))
        XCTAssertEqual(original, roundTrip)
    }

    func testInspectPrintsDarknetBFLOPsAndPartsForYoloV3Tiny() throws {
        let r = try CLIRunner.run(["inspect", Fixtures.cfg("yolov3-tiny").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Darknet prints 0.150 BFLOPs for layer 0 (16 3x3 filters on 416x416x3) and 5.571 in total.
        XCTAssertTrue(r.stdout.contains("0.150"), r.stdout)
        XCTAssertTrue(r.stdout.contains("backbone"), r.stdout)
        XCTAssertTrue(r.stdout.contains("head"), r.stdout)
    }

    func testInspectJSONIsMachineReadable() throws {
        let r = try CLIRunner.run(["inspect", Fixtures.cfg("yolov3-tiny").path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let layers = obj?["layers"] as? [[String: Any]]
        XCTAssertEqual(layers?.count, 24, "yolov3-tiny has 24 darknet layers")
        XCTAssertEqual((layers?.first?["outputShape"] as? [Int]), [1, 16, 416, 416])
    }

    func testInspectDotDrawsEveryNode() throws {
        let r = try CLIRunner.run(["inspect", Fixtures.cfg("yolov2-tiny").path, "--dot"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("digraph"))
        XCTAssertTrue(r.stdout.contains("->"))
    }

    func testOptimizeReportsFoldedBatchNormsAndDiffFindsNoDivergence() throws {
        let m = try tinyModel()
        let opt = dir.appendingPathComponent("opt.spyglass").path
        let r = try CLIRunner.run(["optimize", m.cfg, m.weights, "-o", opt])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.lowercased().contains("batch"), r.stdout)
        let d = try CLIRunner.run(["diff", m.cfg, m.weights, opt, "--tolerance", "1e-4"])
        XCTAssertEqual(d.status, 0, d.stdout + d.stderr)
        XCTAssertTrue(d.stdout.contains("agree"), d.stdout)
    }

    func testRunWritesOneNpyPerOutput() throws {
        let m = try tinyModel()
        let x = dir.appendingPathComponent("x.npy")
        // A float32 .npy of shape (1, 3, 416, 416), written by hand so the test does not trust our writer.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 416, 416), }"
        header += String(repeating: " ", count: (64 - (10 + header.count + 1) % 64) % 64) + "\n"
        var bytes = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xff), UInt8(header.count >> 8)])
        bytes.append(Data(header.utf8))
        let values = Conformance.randomInput(count: 3 * 416 * 416, seed: 5)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        try bytes.write(to: x)
        let out = dir.appendingPathComponent("out").path
        let r = try CLIRunner.run(["run", m.cfg, m.weights, "--input", x.path, "--output-dir", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".npy") }
        XCTAssertEqual(files.count, 2, "yolov3-tiny has two [yolo] outputs: \(files)")
    }

    // MARK: bad input: a specific message, a non-zero exit, no crash

    func assertFails(_ args: [String], mentioning needles: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLIRunner.run(args)
        XCTAssertNotEqual(r.status, 0, "expected failure for \(args)", file: file, line: line)
        XCTAssertLessThan(r.status, 128, "crashed (signal) for \(args): \(r.stderr)", file: file, line: line)
        for n in needles {
            XCTAssertTrue(r.stderr.contains(n), "stderr should mention '\(n)': \(r.stderr)", file: file, line: line)
        }
    }

    func testTruncatedWeightsNameTheLayerAndByteCounts() throws {
        let m = try tinyModel()
        let data = try Data(contentsOf: URL(fileURLWithPath: m.weights))
        let cut = dir.appendingPathComponent("cut.weights")
        try data.prefix(data.count / 2).write(to: cut)
        try assertFails(["convert", m.cfg, cut.path, "-o", dir.appendingPathComponent("x.spyglass").path], mentioning: ["layer", "bytes"])
    }

    func testUnknownSectionIsReportedWithItsLine() throws {
        let cfg = dir.appendingPathComponent("bad.cfg")
        try "[net]\nwidth=32\nheight=32\nchannels=3\n\n[convolutional]\nfilters=4\nsize=3\nactivation=leaky\n\n[frobnicate]\nsize=2\n".write(to: cfg, atomically: true, encoding: .utf8)
        try assertFails(["inspect", cfg.path], mentioning: ["frobnicate", "11"])
    }

    func testEmptyCfgIsAnError() throws {
        let cfg = dir.appendingPathComponent("empty.cfg")
        try "".write(to: cfg, atomically: true, encoding: .utf8)
        try assertFails(["inspect", cfg.path], mentioning: ["empty.cfg"])
    }

    func testRouteOutOfRangeNamesTheLine() throws {
        let cfg = dir.appendingPathComponent("route.cfg")
        try "[net]\nwidth=32\nheight=32\nchannels=3\n\n[convolutional]\nfilters=4\nsize=3\nactivation=leaky\n\n[route]\nlayers=-5\n".write(to: cfg, atomically: true, encoding: .utf8)
        try assertFails(["inspect", cfg.path], mentioning: ["route", "12"])
    }

    func testMissingFileIsAnError() throws {
        try assertFails(["inspect", dir.appendingPathComponent("nope.cfg").path], mentioning: ["nope.cfg"])
    }
}
