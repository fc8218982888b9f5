import Foundation
import SpyglassDarknet
import SpyglassDetection
import SpyglassImage
import SpyglassRuntime
import TestSupport
import XCTest
import YOLOPlugin

/// The evaluation pipeline on a real model: labels are libdarknet's own yolov3-tiny detections
/// (thresh 0.5, clipped to the image) on Debian's sample pictures; Spyglass running the same
/// model must find every one of them (AP50 = 1), which checks image ids, pixel conversion and the
/// class ↔ category mapping end to end.
final class EvalReferenceModelTests: XCTestCase {
    override class func setUp() { YOLOPlugins.registerAll() }

    func testPretrainedYOLOv3TinyScoresFullAP50OnLibdarknetPseudoLabels() throws {
        let weights = Fixtures.pretrainedYoloV3TinyWeights, cfg = Fixtures.cfg("yolov3-tiny")
        try Conformance.requireFile(weights)
        try Conformance.requireReference()
        let dir = try Fixtures.temporaryDirectory("eval-reference")
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = dir.appendingPathComponent("images"), labels = dir.appendingPathComponent("labels")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)

        let reference = try DarknetReference(cfg: cfg.path, weights: weights.path)
        var objects = 0
        for name in YOLOTest.images {
            try FileManager.default.copyItem(at: Fixtures.image(name), to: images.appendingPathComponent(name))
            let lines = reference.detect(image: Fixtures.image(name).path, thresh: 0.5, nms: 0.45, classes: 80).map { d -> String in
                let l = max(d.x - d.w / 2, 0), t = max(d.y - d.h / 2, 0), r = min(d.x + d.w / 2, 1), b = min(d.y + d.h / 2, 1)
                return "\(d.classIndex) \((l + r) / 2) \((t + b) / 2) \(r - l) \(b - t)"
            }
            objects += lines.count
            try lines.joined(separator: "\n").write(to: labels.appendingPathComponent((name as NSString).deletingPathExtension + ".txt"),
                                                    atomically: true, encoding: .utf8)
        }
        XCTAssertGreaterThanOrEqual(objects, 10, "the pseudo ground truth must have objects to prove anything")

        let model = try DarknetImporter.load(cfg: cfg, weights: weights)
        let detector = try Detector(graph: model.graph, options: RuntimeOptions(threads: 2))
        let set = try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: detector.defaults.classNames)
        let run = try set.run(detectors: [{ image, info in
            try detector.detect(image, threshold: 0.005).map {
                ScoredDetection(imageID: info.id, categoryID: $0.classIndex, box: EvalBox($0.box), score: Double($0.score))
            }
        }])
        XCTAssertEqual(run.warnings, [])
        XCTAssertEqual(run.dataset.groundTruth.count, objects)
        let report = try EvaluationReport.make(run.dataset, detections: run.detections[0])
        XCTAssertEqual(report.coco.ap50, 1, accuracy: 1e-9)
        XCTAssertEqual(report.voc12 ?? 0, 1, accuracy: 1e-12)
        XCTAssertGreaterThan(report.coco.ap, 0.9, "boxes agree closely, not only at IoU 0.5")
    }
}
