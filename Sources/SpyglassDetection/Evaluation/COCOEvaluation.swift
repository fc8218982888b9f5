/// The accumulated COCO evaluation: precision[t][r][k][a][m] and recall[t][k][a][m] as in
/// pycocotools' `eval` dictionary (−1 where a category has no counted ground truth), and the
/// summary numbers `COCOeval.summarize` prints.
public struct COCOEvaluation: Sendable {
    public let parameters: COCOParameters
    /// Sorted category ids (the k axis).
    public let categoryIDs: [Int]
    /// Detections whose category is not in the dataset (left out, as pycocotools does).
    public let skippedDetections: Int
    private var precision: [Double]
    private var recall: [Double]

    init(parameters: COCOParameters, categoryIDs: [Int], skippedDetections: Int) {
        self.parameters = parameters; self.categoryIDs = categoryIDs; self.skippedDetections = skippedDetections
        let t = parameters.iouThresholds.count, r = parameters.recallThresholds.count, k = categoryIDs.count
        let a = parameters.areaRanges.count, m = parameters.maxDetections.count
        precision = [Double](repeating: -1, count: t * r * k * a * m)
        recall = [Double](repeating: -1, count: t * k * a * m)
    }

    private var shape: (t: Int, r: Int, k: Int, a: Int, m: Int) {
        (parameters.iouThresholds.count, parameters.recallThresholds.count, categoryIDs.count,
         parameters.areaRanges.count, parameters.maxDetections.count)
    }

    private func recallIndex(t: Int, k: Int, a: Int, m: Int) -> Int { ((t * shape.k + k) * shape.a + a) * shape.m + m }
    private func precisionIndex(t: Int, r: Int, k: Int, a: Int, m: Int) -> Int {
        (((t * shape.r + r) * shape.k + k) * shape.a + a) * shape.m + m
    }

    mutating func setRecall(_ value: Double, t: Int, k: Int, a: Int, m: Int) { recall[recallIndex(t: t, k: k, a: a, m: m)] = value }
    mutating func setPrecision(_ values: [Double], t: Int, k: Int, a: Int, m: Int) {
        for (r, v) in values.enumerated() { precision[precisionIndex(t: t, r: r, k: k, a: a, m: m)] = v }
    }

    public func precision(t: Int, r: Int, k: Int, a: Int, m: Int) -> Double { precision[precisionIndex(t: t, r: r, k: k, a: a, m: m)] }
    public func recall(t: Int, k: Int, a: Int, m: Int) -> Double { recall[recallIndex(t: t, k: k, a: a, m: m)] }

    /// `_summarize(ap=1, …)`: mean precision over the selected thresholds, recall points and
    /// categories, counting only entries > −1; −1 when there are none. `iou` nil means all thresholds.
    public func averagePrecision(iou: Double? = nil, area: String = "all", maxDetections: Int = 100,
                                 categoryID: Int? = nil) -> Double {
        guard let (ts, ks, a, m) = selection(iou: iou, area: area, maxDetections: maxDetections, categoryID: categoryID) else { return -1 }
        var values: [Double] = []
        for t in ts { for r in 0..<shape.r { for k in ks { values.append(precision(t: t, r: r, k: k, a: a, m: m)) } } }
        return meanOfPresent(values)
    }

    /// `_summarize(ap=0, …)`: mean final recall.
    public func averageRecall(iou: Double? = nil, area: String = "all", maxDetections: Int = 100,
                              categoryID: Int? = nil) -> Double {
        guard let (ts, ks, a, m) = selection(iou: iou, area: area, maxDetections: maxDetections, categoryID: categoryID) else { return -1 }
        var values: [Double] = []
        for t in ts { for k in ks { values.append(recall(t: t, k: k, a: a, m: m)) } }
        return meanOfPresent(values)
    }

    /// The twelve numbers `COCOeval.summarize()` prints.
    public var stats: COCOStats {
        let big = parameters.maxDetections.last ?? 100
        let d = parameters.maxDetections
        return COCOStats(
            ap: averagePrecision(maxDetections: big), ap50: averagePrecision(iou: 0.5, maxDetections: big),
            ap75: averagePrecision(iou: 0.75, maxDetections: big),
            apSmall: averagePrecision(area: "small", maxDetections: big), apMedium: averagePrecision(area: "medium", maxDetections: big),
            apLarge: averagePrecision(area: "large", maxDetections: big),
            ar1: averageRecall(maxDetections: d.first ?? 1), ar10: averageRecall(maxDetections: d.count > 1 ? d[1] : big),
            ar100: averageRecall(maxDetections: big),
            arSmall: averageRecall(area: "small", maxDetections: big), arMedium: averageRecall(area: "medium", maxDetections: big),
            arLarge: averageRecall(area: "large", maxDetections: big))
    }

    /// Interpolated precision at each recall threshold for one category (area "all", most detections),
    /// at IoU threshold index `t` — the curve the AP is the mean of. Nil for a category without ground truth.
    public func precisionCurve(categoryID: Int, iouIndex t: Int = 0) -> [Double]? {
        guard let k = categoryIDs.firstIndex(of: categoryID), t < shape.t else { return nil }
        let m = shape.m - 1
        let values = (0..<shape.r).map { precision(t: t, r: $0, k: k, a: 0, m: m) }
        return values.contains { $0 < 0 } ? nil : values
    }

    private func selection(iou: Double?, area: String, maxDetections: Int, categoryID: Int?) -> ([Int], [Int], Int, Int)? {
        let ts: [Int]
        if let iou {
            // pycocotools compares `iouThr == p.iouThrs`; allow for 0.75 typed as a decimal.
            ts = parameters.iouThresholds.indices.filter { abs(parameters.iouThresholds[$0] - iou) < 1e-12 }
        } else {
            ts = Array(parameters.iouThresholds.indices)
        }
        let ks: [Int]
        if let categoryID {
            guard let k = categoryIDs.firstIndex(of: categoryID) else { return nil }
            ks = [k]
        } else {
            ks = Array(categoryIDs.indices)
        }
        guard let a = parameters.areaRanges.firstIndex(where: { $0.label == area }),
              let m = parameters.maxDetections.firstIndex(of: maxDetections), !ts.isEmpty else { return nil }
        return (ts, ks, a, m)
    }

    private func meanOfPresent(_ values: [Double]) -> Double {
        let present = values.filter { $0 > -1 }
        return present.isEmpty ? -1 : present.reduce(0, +) / Double(present.count)
    }
}

/// `COCOeval.stats`: AP and AR summary numbers (−1 where nothing was counted).
public struct COCOStats: Equatable, Sendable, Codable {
    public var ap, ap50, ap75, apSmall, apMedium, apLarge: Double
    public var ar1, ar10, ar100, arSmall, arMedium, arLarge: Double

    /// In `COCOeval.stats` order.
    public var values: [Double] { [ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge] }
    public static let labels = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]
}
