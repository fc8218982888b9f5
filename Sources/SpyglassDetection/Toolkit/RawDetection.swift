/// A candidate box before NMS, as Darknet's `detection`: box relative to the image, objectness and
/// per-class probabilities (already multiplied by objectness for YOLO heads).
public struct RawDetection: Equatable, Sendable {
    public var box: Box
    public var objectness: Float
    public var probs: [Float]

    public init(box: Box, objectness: Float, probs: [Float]) {
        self.box = box; self.objectness = objectness; self.probs = probs
    }

    /// Probability of class `k`, 0 for classes beyond `probs`.
    @inlinable public func prob(_ k: Int) -> Float { k >= 0 && k < probs.count ? probs[k] : 0 }
}

/// One `Detection` per (raw detection, class) with probability above `threshold`, in Darknet's
/// order (detections in array order, classes ascending, as `draw_detections` lists them). Boxes
/// are scaled from relative to pixels of an `imageWidth`×`imageHeight` image.
public func enumerateDetections(_ raw: [RawDetection], threshold: Float, imageWidth: Int, imageHeight: Int,
                                classNames: [String] = []) -> [Detection] {
    var out: [Detection] = []
    for det in raw {
        for (k, p) in det.probs.enumerated() where p > threshold {
            out.append(Detection(classIndex: k, className: k < classNames.count ? classNames[k] : "class \(k)",
                                 score: p, box: det.box.toPixels(imageWidth: imageWidth, imageHeight: imageHeight)))
        }
    }
    return out
}
