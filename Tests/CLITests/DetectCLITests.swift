import Foundation
import XCTest
import TestSupport
import SpyglassDarknet

/// `spyglass detect`, `plugins` and `anchors` as a user runs them.
final class DetectCLITests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try Fixtures.temporaryDirectory("detect-cli")
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.executable.path) else {
            XCTFail("spyglass executable not built at \(CLIRunner.executable.path)")
            throw CLIRunnerError.notBuilt
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testDetectOnDogPrintsJSONAndWritesAnAnnotatedPNG() throws {
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        let out = dir.appendingPathComponent("dog.png").path
        let r = try CLIRunner.run(["detect", Fixtures.cfg("yolov3-tiny").path, Fixtures.pretrainedYoloV3TinyWeights.path,
                                   Fixtures.image("dog.jpg").path, "--names", Fixtures.cocoNames.path,
                                   "--thresh", "0.25", "--json", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let dets = obj?["detections"] as? [[String: Any]] ?? []
        // libdarknet's own detector path finds these six on dog.jpg at 0.25 (the YOLO pipeline tests check the numbers).
        XCTAssertEqual(dets.compactMap { $0["class"] as? String }.sorted(), ["bicycle", "car", "car", "dog", "truck", "truck"])
        XCTAssertEqual(obj?["width"] as? Int, 768)
        let png = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "annotated output is a PNG")
    }

    func testDetectRejectsANonImageFile() throws {
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        let fake = dir.appendingPathComponent("notes.jpg")
        try "these are not pixels".write(to: fake, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["detect", Fixtures.cfg("yolov3-tiny").path, Fixtures.pretrainedYoloV3TinyWeights.path, fake.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertLessThan(r.status, 128, "crashed: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("notes.jpg"), r.stderr)
    }

    func testDetectWithAModelThatHasNoDetectionHeadIsAClearError() throws {
        let cfg = Fixtures.cfg("darknet19")
        let skeleton = try DarknetImporter.load(cfg: cfg, weights: nil)
        let weights = dir.appendingPathComponent("darknet19.weights")
        try randomDarknetWeights(for: skeleton, seed: 1).write(to: weights)
        let r = try CLIRunner.run(["detect", cfg.path, weights.path, Fixtures.image("dog.jpg").path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertLessThan(r.status, 128, "crashed: \(r.stderr)")
        XCTAssertTrue(r.stderr.lowercased().contains("detection head"), r.stderr)
    }

    func testDetectNeedsWeightsNotJustACfg() throws {
        let r = try CLIRunner.run(["detect", Fixtures.cfg("yolov3-tiny").path, Fixtures.image("dog.jpg").path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("weights"), r.stderr)
    }

    func testPluginsListsTheYOLOFamilies() throws {
        let r = try CLIRunner.run(["plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["yolov1", "yolov2", "yolov3", "yolov8"] { XCTAssertTrue(r.stdout.contains(name), r.stdout) }
    }

    func testAnchorsRecoverTwoClustersFromLabelFiles() throws {
        // Two tight clusters of box sizes: 0.1×0.2 and 0.5×0.4 of a 416 input → about 42,83 and 208,166.
        let labels = dir.appendingPathComponent("labels")
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)
        for i in 0..<20 {
            let d = Float(i % 5) * 0.002
            let text = "0 0.5 0.5 \(0.1 + d) \(0.2 - d)\n1 0.5 0.5 \(0.5 - d) \(0.4 + d)\n"
            try text.write(to: labels.appendingPathComponent("img\(i).txt"), atomically: true, encoding: .utf8)
        }
        let r = try CLIRunner.run(["anchors", labels.path, "-k", "2", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let anchors = obj?["anchors"] as? [[Int]] ?? []
        XCTAssertEqual(anchors.count, 2)
        if anchors.count == 2 {
            XCTAssertEqual(Double(anchors[0][0]), 0.104 * 416, accuracy: 3)
            XCTAssertEqual(Double(anchors[0][1]), 0.196 * 416, accuracy: 3)
            XCTAssertEqual(Double(anchors[1][0]), 0.496 * 416, accuracy: 3)
            XCTAssertEqual(Double(anchors[1][1]), 0.404 * 416, accuracy: 3)
        }
    }

    func testAnchorsNameTheFileAndLineOfABadLabel() throws {
        let labels = dir.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)
        try "0 0.5 0.5 0.1 0.2\n0 0.5 0.5 1.7 0.2\n".write(to: labels.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["anchors", labels.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("a.txt") && r.stderr.contains("2"), r.stderr)
    }
}
