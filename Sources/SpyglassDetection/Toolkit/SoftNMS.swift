import Foundation

/// How soft-NMS lowers the scores of overlapping boxes.
public enum SoftNMSDecay: Equatable, Sendable {
    /// s ← s·(1 − IoU) when IoU ≥ the threshold, else unchanged.
    case linear
    /// s ← s·exp(−IoU² / sigma), whatever the IoU.
    case gaussian(sigma: Float)
}

/// Soft-NMS (Bodla et al., 2017) on raw candidates, per class, keeping their order: repeatedly take
/// the remaining candidate with the highest prob[k] (first one on ties) and decay prob[k] of the
/// others still remaining by their IoU with it. Scores only drop; the caller's score threshold then
/// removes the ones decayed below it when listing detections.
public func softNMS(_ detections: [RawDetection], classes: Int, threshold: Float, decay: SoftNMSDecay) -> [RawDetection] {
    var dets = detections
    for k in 0..<max(classes, 0) {
        var remaining = dets.indices.filter { dets[$0].prob(k) > 0 }
        while !remaining.isEmpty {
            var best = 0
            for n in remaining.indices where dets[remaining[n]].probs[k] > dets[remaining[best]].probs[k] { best = n }
            let chosen = remaining.remove(at: best)
            for j in remaining {
                let iou = dets[chosen].box.iou(dets[j].box)
                switch decay {
                case .linear:
                    if iou >= threshold { dets[j].probs[k] *= 1 - iou }
                case .gaussian(let sigma):
                    dets[j].probs[k] *= Float(exp(-Double(iou) * Double(iou) / Double(sigma)))
                }
            }
        }
    }
    return dets
}
