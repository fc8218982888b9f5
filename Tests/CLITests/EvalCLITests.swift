import Foundation
import SpyglassDarknet
import TestSupport
import XCTest

/// `spyglass eval` as a user runs it: saved detections against YOLO labels, outputs, and errors.
final class EvalCLITests: XCTestCase {
    var dir: URL!
    var images: URL { dir.appendingPathComponent("images") }
    var labels: URL { dir.appendingPathComponent("labels") }

    override func setUpWithError() throws {
        dir = try Fixtures.temporaryDirectory("eval-cli")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.executable.path) else {
            XCTFail("spyglass executable not built at \(CLIRunner.executable.path)"); return
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// dog.jpg (768×576) with one "dog" (class 1) at centre (0.5, 0.5), 0.25 × 0.5 → pixels [288, 144, 192, 288].
    private func oneDogSet() throws -> String {
        try Conformance.requireFile(Fixtures.image("dog.jpg"))
        try FileManager.default.copyItem(at: Fixtures.image("dog.jpg"), to: images.appendingPathComponent("dog.jpg"))
        try "1 0.5 0.5 0.25 0.5\n".write(to: labels.appendingPathComponent("dog.txt"), atomically: true, encoding: .utf8)
        let names = dir.appendingPathComponent("names.txt")
        try "cat\ndog\n".write(to: names, atomically: true, encoding: .utf8)
        return names.path
    }

    func testSavedDetectionsAreEvaluatedWithTableJSONAndPlot() throws {
        let names = try oneDogSet()
        // A confident miss ranked above the hit: precision 1/2 at recall 1 → AP50 = 0.5.
        let dets = dir.appendingPathComponent("dets.json")
        try """
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 50, 50], "score": 0.95},
             {"image_id": 1, "category_id": 1, "bbox": [288, 144, 192, 288], "score": 0.9}]
            """.write(to: dets, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("m.json"), plot = dir.appendingPathComponent("pr.png")
        let r = try CLIRunner.run(["eval", "--detections", dets.path, "--images", images.path, "--labels", labels.path,
                                   "--names", names, "--json", json.path, "--plot", plot.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("dog                 1      2  50.00     50.00"), r.stdout)
        XCTAssertTrue(r.stdout.contains("mAP@0.5 (VOC2010+, all-point):  50.00"), r.stdout)
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        XCTAssertEqual((metrics?["coco"] as? [String: Any])?["ap50"] as? Double ?? -1, 0.5, accuracy: 1e-9)
        XCTAssertEqual(try Data(contentsOf: plot).prefix(4), Data([0x89, 0x50, 0x4E, 0x47]), "a PNG")
    }

    func testBadLabelFailsNamingFileAndLine() throws {
        let names = try oneDogSet()
        try "1 0.5 0.5 0.25 0.5\n1 0.5 0.5 1.5 0.5\n".write(to: labels.appendingPathComponent("dog.txt"), atomically: true, encoding: .utf8)
        let dets = dir.appendingPathComponent("dets.json")
        try "[]".write(to: dets, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["eval", "--detections", dets.path, "--images", images.path, "--labels", labels.path, "--names", names])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("dog.txt:2: w = 1.5 is outside [0, 1]"), r.stderr)
    }

    func testEmptyImageFolderAndMissingGroundTruthAreClearErrors() throws {
        let dets = dir.appendingPathComponent("dets.json")
        try "[]".write(to: dets, atomically: true, encoding: .utf8)
        let empty = try CLIRunner.run(["eval", "--detections", dets.path, "--images", images.path, "--labels", labels.path, "--names", dets.path])
        XCTAssertNotEqual(empty.status, 0)
        XCTAssertTrue(empty.stderr.contains("\(images.path): no images"), empty.stderr)
        let none = try CLIRunner.run(["eval", "--detections", dets.path])
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("no ground truth"), none.stderr)
    }

    func testCompareSameModelShowsNoChange() throws {
        let names = try oneDogSet()
        let cfg = Fixtures.cfg("yolov3-tiny")
        let skeleton = try DarknetImporter.load(cfg: cfg, weights: nil)
        let weights = dir.appendingPathComponent("random.weights")
        try randomDarknetWeights(for: skeleton, seed: 5).write(to: weights)
        // A high threshold keeps random weights from flooding NMS with boxes (slow in debug builds).
        let json = dir.appendingPathComponent("compare.json")
        let r = try CLIRunner.run(["eval", cfg.path, weights.path, "--compare", cfg.path, weights.path, "--thresh", "0.6",
                                   "--images", images.path, "--labels", labels.path, "--names", names, "--json", json.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let both = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        XCTAssertEqual(Set(both?.keys.map { $0 } ?? []), ["modelA", "modelB", "a", "b"])
        XCTAssertTrue(r.stdout.contains("A = yolov3-tiny.cfg + random.weights"), r.stdout)
        let dogRow = r.stdout.split(separator: "\n").first { $0.hasPrefix("dog ") }.map(String.init) ?? ""
        XCTAssertEqual(dogRow.components(separatedBy: "+0.00").count - 1, 2, "ΔAP50 and ΔAP are zero: \(r.stdout)")
    }
}
