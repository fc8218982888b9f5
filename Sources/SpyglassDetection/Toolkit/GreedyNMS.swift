/// Greedy NMS on raw candidates, keeping their order. Per class k (or, when `classAgnostic`, per box
/// ranked by its best class): highest probability first (ties in input order), every remaining
/// candidate whose IoU with a kept one is ≥ `threshold` is suppressed — its prob[k] set to 0, or
/// all its probs when class-agnostic. A kept box keeps all its classes (Darknet-style multi-label).
/// Candidates with probability 0 neither suppress nor are kept; the caller's score threshold is
/// applied when listing detections (a box can only suppress lower-scored ones, so filtering first
/// or last gives the same result).
public func greedyNMS(_ detections: [RawDetection], classes: Int, threshold: Float, classAgnostic: Bool = false) -> [RawDetection] {
    var dets = detections
    if classAgnostic {
        let order = rankedIndices(dets.map { $0.probs.max() ?? 0 })
        var suppressed = Set<Int>()
        for (n, i) in order.enumerated() where !suppressed.contains(i) {
            for j in order[(n + 1)...] where !suppressed.contains(j) && dets[i].box.iou(dets[j].box) >= threshold {
                suppressed.insert(j)
                for k in dets[j].probs.indices { dets[j].probs[k] = 0 }
            }
        }
        return dets
    }
    // The inner loop reads flat copies of the boxes and of class k's probabilities (not the
    // detections, whose probs arrays cost a retain per access); suppressions go to both.
    let boxes = dets.map(\.box)
    for k in 0..<max(classes, 0) {
        var scores = dets.map { $0.prob(k) }
        let order = rankedIndices(scores)
        for (n, i) in order.enumerated() where scores[i] > 0 {
            let kept = boxes[i]
            for j in order[(n + 1)...] where scores[j] > 0 && kept.iou(boxes[j]) >= threshold {
                scores[j] = 0
                dets[j].probs[k] = 0
            }
        }
    }
    return dets
}

/// Indices of the positive scores, highest first; equal scores keep index order.
func rankedIndices(_ scores: [Float]) -> [Int] {
    scores.indices.filter { scores[$0] > 0 }
        .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
}
