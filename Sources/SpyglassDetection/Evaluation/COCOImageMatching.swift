/// pycocotools' `evaluateImg` for one image, one category and one area range: which detections
/// match a ground truth at each IoU threshold, and which are ignored.
struct COCOImageMatching {
    /// Detection scores, highest first (stable for ties), at most maxDets of them.
    var scores: [Double]
    /// [threshold][detection]: matched to a ground truth.
    var matched: [[Bool]]
    /// [threshold][detection]: matched to an ignored ground truth (crowd or outside the area range),
    /// or unmatched and itself outside the area range.
    var ignored: [[Bool]]
    /// Ground truths that count (not crowd, inside the area range).
    var countedGroundTruths: Int

    /// `detections` already sorted by descending score and cut to maxDets; `ious[d][g]` in the
    /// ground truths' original order.
    init(detections: [ScoredDetection], groundTruths: [GroundTruthObject], ious: [[Double]],
         areaRange: COCOAreaRange, iouThresholds: [Double]) {
        let gtIgnore = groundTruths.map { $0.isCrowd || !areaRange.contains($0.area) }
        // Ignored ground truths last (a stable sort, as numpy's mergesort).
        let order = groundTruths.indices.filter { !gtIgnore[$0] } + groundTruths.indices.filter { gtIgnore[$0] }
        let thresholds = iouThresholds.count, d = detections.count
        var matched = [[Bool]](repeating: [Bool](repeating: false, count: d), count: thresholds)
        var ignored = matched
        for t in 0..<thresholds {
            var gtMatched = [Bool](repeating: false, count: groundTruths.count)
            for di in 0..<d {
                var best = min(iouThresholds[t], 1 - 1e-10)
                var m = -1  // position in `order`
                for (position, g) in order.enumerated() {
                    // A matched ground truth is taken, unless it is a crowd region.
                    if gtMatched[g] && !groundTruths[g].isCrowd { continue }
                    // Already matched a counted ground truth: ignored ones (which follow) cannot win.
                    if m > -1 && !gtIgnore[order[m]] && gtIgnore[g] { break }
                    if ious[di][g] < best { continue }
                    best = ious[di][g]  // ties go to the later ground truth, as in pycocotools
                    m = position
                }
                guard m > -1 else { continue }
                let g = order[m]
                ignored[t][di] = gtIgnore[g]
                matched[t][di] = true
                gtMatched[g] = true
            }
        }
        for di in 0..<d where !areaRange.contains(detections[di].box.area) {
            for t in 0..<thresholds where !matched[t][di] { ignored[t][di] = true }
        }
        self.scores = detections.map(\.score)
        self.matched = matched
        self.ignored = ignored
        self.countedGroundTruths = gtIgnore.filter { !$0 }.count
    }
}
