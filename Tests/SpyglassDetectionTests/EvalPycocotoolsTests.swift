import Foundation
import SpyglassDetection
import TestSupport
import XCTest

/// COCO AP against pycocotools, and VOC07/VOC12 against an independent Python implementation, on
/// 600 images of seeded synthetic ground truth and noisy detections. The Python environment is
/// the venv `make test` creates (.cache/venv with pycocotools from PyPI).
final class EvalPycocotoolsTests: XCTestCase {
    static var python: URL { Fixtures.cacheDir.appendingPathComponent("venv/bin/python") }

    /// Runs the reference script on the files `dataset` and `detections` are written to; returns its JSON.
    /// The script's output. Decoded with JSONDecoder: Foundation's JSONSerialization on Linux rounds
    /// some doubles (0.35000000000000003 → 0.35000000000000014).
    struct ReferenceOutput: Decodable {
        var stats: [Double]
        var per_class: [String: Double]
        var iouThrs: [Double]
        var recThrs: [Double]
        var voc07: [String: Double?]
        var voc12: [String: Double?]
    }

    private func reference(_ dataset: EvaluationDataset, _ detections: [ScoredDetection]) throws -> (ReferenceOutput, URL) {
        guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
            let message = "no Python venv with pycocotools at \(Self.python.path): run `make test` (or `make venv`)"
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail(message) }
            throw XCTSkip(message)
        }
        let dir = try Fixtures.temporaryDirectory("eval-pycocotools")
        let gt = dir.appendingPathComponent("gt.json"), dt = dir.appendingPathComponent("dt.json")
        let script = dir.appendingPathComponent("reference.py")
        try COCOJSON.encodeAnnotations(dataset).write(to: gt)
        try COCOJSON.encodeResults(detections).write(to: dt)
        try EvalReferenceScript.source.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Self.python
        process.arguments = [script.path, gt.path, dt.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out; process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw XCTSkip("reference script failed (\(process.terminationStatus)): \(String(decoding: stderr, as: UTF8.self))")
        }
        return (try JSONDecoder().decode(ReferenceOutput.self, from: stdout), dir)
    }

    func testCOCOAndVOCMetricsMatchPycocotoolsAndIndependentVOCOnSyntheticSet() throws {
        try assertMatchesReference(EvalSyntheticData.make(images: 600, seed: 20_261_126))
    }

    func testCOCOAndVOCMetricsMatchOnGriddedBoxesWithTiedOverlapsAndDoubleAnnotations() throws {
        try assertMatchesReference(EvalSyntheticData.make(images: 500, seed: 77, coarse: true))
    }

    private func assertMatchesReference(_ generatedSet: (EvaluationDataset, [ScoredDetection])) throws {
        let (generated, generatedDetections) = generatedSet
        let (ref, dir) = try reference(generated, generatedDetections)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Evaluate what was written, so the JSON reader is part of the check.
        let dataset = try COCOJSON.readAnnotations(dir.appendingPathComponent("gt.json"))
        let detections = try COCOJSON.readResults(dir.appendingPathComponent("dt.json"))
        XCTAssertEqual(dataset.images.count, generated.images.count)
        XCTAssertGreaterThan(detections.count, 2000)
        let (stats, perClass, iouThrs, recThrs) = (ref.stats, ref.per_class, ref.iouThrs, ref.recThrs)

        XCTAssertEqual(COCOParameters.standard.iouThresholds, iouThrs, "IoU thresholds bit for bit")
        XCTAssertEqual(COCOParameters.standard.recallThresholds, recThrs, "recall thresholds bit for bit")

        let coco = try COCOEvaluator.evaluate(dataset, detections: detections)
        var worst = 0.0
        for (label, (ours, theirs)) in zip(COCOStats.labels, zip(coco.stats.values, stats)) {
            XCTAssertEqual(ours, theirs, accuracy: 1e-4, label)
            worst = max(worst, abs(ours - theirs))
        }
        XCTAssertGreaterThan(stats[0], 0.05, "a set where AP is not trivially 0")
        XCTAssertLessThan(stats[0], 0.95, "a set where AP is not trivially 1")
        for category in EvalSyntheticData.categoryIDs {
            let theirs = perClass[String(category)] ?? .nan
            XCTAssertEqual(coco.averagePrecision(categoryID: category), theirs, accuracy: 1e-4, "AP of category \(category)")
            worst = max(worst, abs(coco.averagePrecision(categoryID: category) - theirs))
        }
        XCTAssertEqual(perClass["25"], -1, "a category without ground truth is absent")
        print("\(dataset.images.count) images, \(dataset.groundTruth.count) objects (\(dataset.groundTruth.filter(\.isCrowd).count) crowd, \(dataset.groundTruth.filter(\.isDifficult).count) difficult), \(detections.count) detections")
        print("COCO vs pycocotools: max |Δ| over 12 stats and \(perClass.count) per-class APs = \(worst); AP \(stats[0]), AP50 \(stats[1])")

        var worstVOC = 0.0
        for (interpolation, expected) in [(VOCInterpolation.elevenPoint, ref.voc07), (.allPoint, ref.voc12)] {
            let voc = VOCEvaluator.evaluate(dataset, detections: detections, interpolation: interpolation)
            for result in voc.classes {
                let theirs = expected[String(result.categoryID)] ?? nil
                if let theirs, let ours = result.averagePrecision {
                    XCTAssertEqual(ours, theirs, accuracy: 1e-9, "\(interpolation) AP of category \(result.categoryID)")
                    worstVOC = max(worstVOC, abs(ours - theirs))
                } else {
                    XCTAssertNil(result.averagePrecision, "category \(result.categoryID) has no ground truth")
                    XCTAssertNil(theirs, "reference has no AP for category \(result.categoryID) either")
                }
            }
        }
        print("VOC07/VOC12 vs independent Python: max |Δ| = \(worstVOC)")
    }
}
