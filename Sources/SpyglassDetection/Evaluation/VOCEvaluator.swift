/// One category's VOC result: the precision/recall curve over its detections (highest score first,
/// detections on difficult objects left out) and the AP.
public struct VOCClassResult: Equatable, Sendable {
    public var categoryID: Int
    /// Ground truths that count (not difficult).
    public var positives: Int
    public var truePositives: Int
    public var falsePositives: Int
    public var recall: [Double]
    public var precision: [Double]
    /// Nil when the category has no counted ground truth (recall is undefined; left out of the mAP).
    public var averagePrecision: Double?
}

public struct VOCEvaluation: Equatable, Sendable {
    public var interpolation: VOCInterpolation
    public var iouThreshold: Double
    public var classes: [VOCClassResult]
    /// Mean AP over categories that have ground truth (nil when none has).
    public var meanAveragePrecision: Double? {
        let aps = classes.compactMap(\.averagePrecision)
        return aps.isEmpty ? nil : aps.reduce(0, +) / Double(aps.count)
    }
}

/// PASCAL VOC evaluation as the devkit's VOCevaldet.m does it, per category: detections of all
/// images sorted by descending confidence (stable: ties keep input order); each takes the ground
/// truth of its image with the highest overlap (the first on ties); overlap ≥ threshold on a
/// difficult object → ignored, on an object not yet detected → true positive, on one already
/// detected → false positive (duplicate); below threshold → false positive.
public enum VOCEvaluator {
    public static func evaluate(_ dataset: EvaluationDataset, detections: [ScoredDetection],
                                interpolation: VOCInterpolation, iouThreshold: Double = 0.5,
                                pixelInclusive: Bool = true) -> VOCEvaluation {
        let categoryIDs = Array(Set(dataset.categories.map(\.id))).sorted()
        var classes: [VOCClassResult] = []
        for category in categoryIDs {
            var byImage: [Int: [GroundTruthObject]] = [:]
            for g in dataset.groundTruth where g.categoryID == category { byImage[g.imageID, default: []].append(g) }
            let positives = byImage.values.reduce(0) { $0 + $1.filter { !$0.isDifficult }.count }
            let dets = detections.enumerated().filter { $0.element.categoryID == category }
                .sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
                .map(\.element)
            var detected: [Int: [Bool]] = byImage.mapValues { [Bool](repeating: false, count: $0.count) }
            var tp = 0, fp = 0
            var recall: [Double] = [], precision: [Double] = []
            for d in dets {
                let objects = byImage[d.imageID] ?? []
                var best = -Double.infinity, bestIndex = -1
                for (j, g) in objects.enumerated() {
                    if let overlap = d.box.vocOverlap(g.box, pixelInclusive: pixelInclusive), overlap > best {
                        best = overlap; bestIndex = j
                    }
                }
                if bestIndex >= 0 && best >= iouThreshold {
                    if objects[bestIndex].isDifficult { continue }
                    if detected[d.imageID]?[bestIndex] == false {
                        detected[d.imageID]?[bestIndex] = true
                        tp += 1
                    } else {
                        fp += 1
                    }
                } else {
                    fp += 1
                }
                recall.append(positives > 0 ? Double(tp) / Double(positives) : 0)
                precision.append(Double(tp) / Double(tp + fp))
            }
            let ap = positives > 0 ? interpolation.averagePrecision(recall: recall, precision: precision) : nil
            classes.append(VOCClassResult(categoryID: category, positives: positives, truePositives: tp, falsePositives: fp,
                                          recall: recall, precision: precision, averagePrecision: ap))
        }
        return VOCEvaluation(interpolation: interpolation, iouThreshold: iouThreshold, classes: classes)
    }
}
