/// COCO-style bounding-box evaluation with pycocotools' semantics (`COCOeval` with iouType "bbox"):
/// per image and category, detections sorted by score (stable) and cut to maxDets, greedily
/// matched to the best still-free ground truth at each IoU threshold; crowd regions and objects
/// outside the area range are ignored; then precision at 101 recall points from the detections of
/// all images concatenated in image-id order and stably sorted by score.
public enum COCOEvaluator {
    public static func evaluate(_ dataset: EvaluationDataset, detections: [ScoredDetection],
                                parameters p: COCOParameters = .standard) throws -> COCOEvaluation {
        let imageIDs = Array(Set(dataset.images.map(\.id))).sorted()
        let categoryIDs = Array(Set(dataset.categories.map(\.id))).sorted()
        let knownImages = Set(imageIDs), knownCategories = Set(categoryIDs)
        for (index, d) in detections.enumerated() {
            guard knownImages.contains(d.imageID) else { throw EvaluationError.detectionForUnknownImage(index: index, imageID: d.imageID) }
            guard d.score.isFinite else { throw EvaluationError.invalidDetection(index: index, reason: "score \(d.score) is not a finite number") }
        }
        // Per (image, category), in file order; detections of unknown categories are left out, as pycocotools does.
        var gts: [ImageCategory: [GroundTruthObject]] = [:]
        var dts: [ImageCategory: [ScoredDetection]] = [:]
        for g in dataset.groundTruth where knownImages.contains(g.imageID) && knownCategories.contains(g.categoryID) {
            gts[ImageCategory(image: g.imageID, category: g.categoryID), default: []].append(g)
        }
        var skipped = 0
        for d in detections {
            guard knownCategories.contains(d.categoryID) else { skipped += 1; continue }
            dts[ImageCategory(image: d.imageID, category: d.categoryID), default: []].append(d)
        }
        let maxDet = p.maxDetections.last ?? 100
        // matchings[k][a][i]: nil when the image has neither ground truth nor detections of category k.
        var matchings: [[[COCOImageMatching?]]] = []
        for k in categoryIDs {
            var perArea = [[COCOImageMatching?]](repeating: [COCOImageMatching?](repeating: nil, count: imageIDs.count),
                                                 count: p.areaRanges.count)
            for (i, image) in imageIDs.enumerated() {
                let key = ImageCategory(image: image, category: k)
                let g = gts[key] ?? [], d = Array(sortedByScore(dts[key] ?? []).prefix(maxDet))
                if g.isEmpty && d.isEmpty { continue }
                let ious = d.map { det in g.map { det.box.cocoIoU(groundTruth: $0.box, crowd: $0.isCrowd) } }
                for (a, range) in p.areaRanges.enumerated() {
                    perArea[a][i] = COCOImageMatching(detections: d, groundTruths: g, ious: ious,
                                                      areaRange: range, iouThresholds: p.iouThresholds)
                }
            }
            matchings.append(perArea)
        }
        return accumulate(matchings, categoryIDs: categoryIDs, parameters: p, skippedDetections: skipped)
    }

    /// Stable sort by descending score (numpy's mergesort of −score).
    static func sortedByScore(_ detections: [ScoredDetection]) -> [ScoredDetection] {
        detections.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.map(\.element)
    }

    /// pycocotools' `accumulate`: precision (−1 for a category without counted ground truth) at each
    /// recall threshold, from the interpolated (monotone) precision curve.
    static func accumulate(_ matchings: [[[COCOImageMatching?]]], categoryIDs: [Int], parameters p: COCOParameters,
                           skippedDetections: Int) -> COCOEvaluation {
        var result = COCOEvaluation(parameters: p, categoryIDs: categoryIDs, skippedDetections: skippedDetections)
        for k in categoryIDs.indices {
            for a in p.areaRanges.indices {
                let images = matchings[k][a].compactMap { $0 }
                if images.isEmpty { continue }
                for (m, maxDet) in p.maxDetections.enumerated() {
                    var scores: [Double] = []
                    var matched = [[Bool]](repeating: [], count: p.iouThresholds.count)
                    var ignored = matched
                    var counted = 0
                    for e in images {
                        let n = min(maxDet, e.scores.count)
                        scores += e.scores[0..<n]
                        for t in p.iouThresholds.indices {
                            matched[t] += e.matched[t][0..<n]
                            ignored[t] += e.ignored[t][0..<n]
                        }
                        counted += e.countedGroundTruths
                    }
                    if counted == 0 { continue }
                    let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
                    for t in p.iouThresholds.indices {
                        var tp = 0.0, fp = 0.0
                        var recall: [Double] = [], precision: [Double] = []
                        recall.reserveCapacity(order.count); precision.reserveCapacity(order.count)
                        for i in order where !ignored[t][i] {
                            if matched[t][i] { tp += 1 } else { fp += 1 }
                            recall.append(tp / Double(counted))
                            precision.append(tp / (fp + tp + Double.ulpOfOne))
                        }
                        // Ignored detections still occupy a place in pycocotools' cumulative sums, adding
                        // repeated (recall, precision) points that change nothing after interpolation.
                        result.setRecall(recall.last ?? 0, t: t, k: k, a: a, m: m)
                        result.setPrecision(interpolatedPrecision(recall: recall, precision: precision,
                                                                  at: p.recallThresholds), t: t, k: k, a: a, m: m)
                    }
                }
            }
        }
        return result
    }

    /// Precision made monotone (each point the maximum to its right), read at the first point whose
    /// recall reaches each threshold (numpy `searchsorted`, side "left"); 0 beyond the last recall.
    static func interpolatedPrecision(recall: [Double], precision: [Double], at thresholds: [Double]) -> [Double] {
        var envelope = precision
        if envelope.count > 1 {
            for i in stride(from: envelope.count - 1, to: 0, by: -1) where envelope[i] > envelope[i - 1] {
                envelope[i - 1] = envelope[i]
            }
        }
        var q = [Double](repeating: 0, count: thresholds.count)
        var i = 0
        for (r, threshold) in thresholds.enumerated() {
            while i < recall.count && recall[i] < threshold { i += 1 }
            if i == recall.count { break }
            q[r] = envelope[i]
        }
        return q
    }
}

struct ImageCategory: Hashable {
    var image: Int
    var category: Int
}
