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
        var probs = [Float](repeating: 0, count: classes)
        if d.classIndex >= 0 { probs[d.classIndex] = d.score }
        return RawDetection(box: d.box, objectness: d.score, probs: probs)
    }
    let kept = method.apply(raw, classes: classes, threshold: iouThreshold)
    var out: [Detection] = []
    for r in kept {
        // Find the source detection through its (unique) class slot; the box is unchanged.
        guard let k = r.probs.firstIndex(where: { $0 > scoreThreshold }) else { continue }
        if let source = detections.first(where: { $0.classIndex == k && $0.box == r.box }) {
            var d = source
            d.score = r.probs[k]
            out.append(d)
        }
    }
    return out.enumerated()
        .sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
        .map(\.element)
}
