import Foundation

/// One class's line of the report. COCO numbers are −1 and VOC numbers nil for a class without
/// ground truth.
public struct ClassReport: Equatable, Sendable, Codable {
    public var categoryID: Int
    public var name: String
    public var groundTruth: Int
    public var detections: Int
    /// COCO AP averaged over IoU 0.50:0.95 (101 recall points).
    public var ap: Double
    /// COCO AP at IoU 0.5 (101 recall points).
    public var ap50: Double
    public var voc07: Double?
    public var voc12: Double?
}

/// All metrics of one evaluation: COCO summary, VOC07/VOC12 mAP at IoU 0.5, per-class numbers, and
/// what the plots need.
public struct EvaluationReport: Sendable {
    public var images: Int
    public var groundTruth: Int
    public var detections: Int
    public var coco: COCOStats
    public var voc07: Double?
    public var voc12: Double?
    public var classes: [ClassReport]
    public var warnings: [DatasetWarning]
    public var cocoEvaluation: COCOEvaluation

    public static func make(_ dataset: EvaluationDataset, detections: [ScoredDetection], warnings: [DatasetWarning] = [],
                            vocPixelInclusive: Bool = true) throws -> EvaluationReport {
        let coco = try COCOEvaluator.evaluate(dataset, detections: detections)
        let voc07 = VOCEvaluator.evaluate(dataset, detections: detections, interpolation: .elevenPoint, pixelInclusive: vocPixelInclusive)
        let voc12 = VOCEvaluator.evaluate(dataset, detections: detections, interpolation: .allPoint, pixelInclusive: vocPixelInclusive)
        var gtCount: [Int: Int] = [:], detCount: [Int: Int] = [:]
        for g in dataset.groundTruth where !g.isCrowd { gtCount[g.categoryID, default: 0] += 1 }
        for d in detections { detCount[d.categoryID, default: 0] += 1 }
        let v07 = Dictionary(uniqueKeysWithValues: voc07.classes.map { ($0.categoryID, $0.averagePrecision) })
        let v12 = Dictionary(uniqueKeysWithValues: voc12.classes.map { ($0.categoryID, $0.averagePrecision) })
        // Classes that appear at all, in category id order.
        let classes = coco.categoryIDs.filter { gtCount[$0] != nil || detCount[$0] != nil }.map { id in
            ClassReport(categoryID: id, name: dataset.categoryName(id), groundTruth: gtCount[id] ?? 0, detections: detCount[id] ?? 0,
                        ap: coco.averagePrecision(categoryID: id), ap50: coco.averagePrecision(iou: 0.5, categoryID: id),
                        voc07: v07[id] ?? nil, voc12: v12[id] ?? nil)
        }
        return EvaluationReport(images: dataset.images.count, groundTruth: dataset.groundTruth.count, detections: detections.count,
                                coco: coco.stats, voc07: voc07.meanAveragePrecision, voc12: voc12.meanAveragePrecision,
                                classes: classes, warnings: warnings, cocoEvaluation: coco)
    }

    /// The per-class table and the summary, as `spyglass eval` prints them.
    public func table() -> String {
        let nameWidth = max(14, (classes.map(\.name.count).max() ?? 0) + 1)
        var lines = ["class".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "     gt   dets   AP50  AP.5:.95  VOC07  VOC12"]
        for c in classes {
            lines.append(c.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + String(format: "%7d%7d", c.groundTruth, c.detections) + " " + percent(c.ap50) + "    " + percent(c.ap)
                + " " + percent(c.voc07) + " " + percent(c.voc12))
        }
        return (lines + ["", summary()]).joined(separator: "\n")
    }

    /// Counts, mAP and the COCO summary numbers.
    public func summary() -> String {
        var lines: [String] = []
        lines.append("\(images) images, \(groundTruth) objects, \(detections) detections (all numbers in %)")
        lines.append("mAP@0.5 (VOC2010+, all-point): \(percent(voc12))    VOC2007 11-point: \(percent(voc07))")
        lines.append("COCO AP@[.5:.95]: \(percent(coco.ap))  AP50: \(percent(coco.ap50))  AP75: \(percent(coco.ap75))  "
            + "APs: \(percent(coco.apSmall))  APm: \(percent(coco.apMedium))  APl: \(percent(coco.apLarge))")
        lines.append("COCO AR1: \(percent(coco.ar1))  AR10: \(percent(coco.ar10))  AR100: \(percent(coco.ar100))  "
            + "ARs: \(percent(coco.arSmall))  ARm: \(percent(coco.arMedium))  ARl: \(percent(coco.arLarge))")
        return lines.joined(separator: "\n")
    }

    /// The `--json` document (fractions in 0…1; −1 / null where a metric is undefined).
    public func json() throws -> Data { try Self.encoder.encode(document) }

    /// `--json` with `--compare`: both models' documents and their descriptions.
    public static func comparisonJSON(_ a: EvaluationReport, _ b: EvaluationReport, modelA: String, modelB: String) throws -> Data {
        struct Comparison: Encodable { var modelA: String, modelB: String, a: Document, b: Document }
        return try encoder.encode(Comparison(modelA: modelA, modelB: modelB, a: a.document, b: b.document))
    }

    struct Document: Encodable {
        var images: Int, groundTruth: Int, detections: Int
        var voc07: Double?, voc12: Double?
        var coco: COCOStats
        var classes: [ClassReport]
        var warnings: [String]
    }

    var document: Document {
        Document(images: images, groundTruth: groundTruth, detections: detections, voc07: voc07, voc12: voc12,
                 coco: coco, classes: classes, warnings: warnings.map(\.description))
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}

extension EvaluationReport {
    /// Per-class COCO precision at IoU 0.5 over the 101 recall points (the curves AP50 averages),
    /// and their mean over classes with ground truth.
    public func precisionRecallCurves() -> (classes: [PRCurve], mean: PRCurve?) {
        let recall = cocoEvaluation.parameters.recallThresholds
        let curves = classes.compactMap { c in
            cocoEvaluation.precisionCurve(categoryID: c.categoryID, iouIndex: 0).map {
                PRCurve(name: String(format: "%@ %.1f", c.name, c.ap50 * 100), recall: recall, precision: $0)
            }
        }
        guard !curves.isEmpty else { return ([], nil) }
        let mean = recall.indices.map { r in curves.reduce(0) { $0 + $1.precision[r] } / Double(curves.count) }
        return (curves, PRCurve(name: String(format: "mean %.1f", coco.ap50 * 100), recall: recall, precision: mean))
    }
}

/// A fraction as a 6-wide percentage; "-" where the metric is undefined (nil or −1).
func percent(_ v: Double?) -> String {
    guard let v, v >= 0 else { return "     -" }
    return String(format: "%6.2f", v * 100)
}
