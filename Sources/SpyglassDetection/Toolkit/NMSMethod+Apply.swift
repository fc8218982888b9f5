extension NMSMethod {
    /// Suppression on raw candidates (`classes` = the model's class count; Darknet takes it from the cfg).
    /// `.darknet` reorders the array as do_nms_sort does; the others keep the input order.
    public func apply(_ raw: [RawDetection], classes: Int, threshold: Float) -> [RawDetection] {
        switch self {
        case .darknet: return darknetNMSSort(raw, classes: classes, threshold: threshold)
        case .perClass: return greedyNMS(raw, classes: classes, threshold: threshold)
        case .agnostic: return greedyNMS(raw, classes: classes, threshold: threshold, classAgnostic: true)
        case .softLinear: return softNMS(raw, classes: classes, threshold: threshold, decay: .linear)
        case .softGaussian(let sigma): return softNMS(raw, classes: classes, threshold: threshold, decay: .gaussian(sigma: sigma))
        }
    }
}

/// NMS on already-listed detections (one class each): keeps those scoring above `scoreThreshold`
/// after suppression (with soft-NMS, after decay), highest score first (ties in input order).
/// Each detection is treated as a one-class raw candidate, so the methods are the same code as `apply`.
public func suppress(_ detections: [Detection], method: NMSMethod, scoreThreshold: Float, iouThreshold: Float) -> [Detection] {
    let classes = (detections.map(\.classIndex).max() ?? -1) + 1
    let raw = detections.map { d -> RawDetection in
        var probs = [Float](repeating: 0, count: max(classes, 0))
        if d.classIndex >= 0 { probs[d.classIndex] = d.score }
        return RawDetection(box: d.box, objectness: d.score, probs: probs)
    }
    let kept: [RawDetection], source: [Int]
    if method == .darknet {
        (kept, source) = darknetNMSSortTracked(raw, classes: classes, threshold: iouThreshold)
    } else {
        (kept, source) = (method.apply(raw, classes: classes, threshold: iouThreshold), Array(raw.indices))
    }
    var out: [(order: Int, detection: Detection)] = []
    for (slot, r) in kept.enumerated() {
        var d = detections[source[slot]]
        let score = r.prob(d.classIndex)
        guard score > scoreThreshold else { continue }
        d.score = score
        out.append((slot, d))
    }
    return out.sorted { $0.detection.score != $1.detection.score ? $0.detection.score > $1.detection.score : $0.order < $1.order }
        .map(\.detection)
}
