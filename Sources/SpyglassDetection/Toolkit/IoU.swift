/// Overlap and IoU with Darknet's `box_iou` semantics: edges are computed from centre and size,
/// a negative overlap in either axis means no intersection, and the union is w·h + w·h − ∩.
extension Box {
    /// Length of the overlap of two 1-D segments given by centre and size (negative if apart).
    static func overlap(_ c1: Float, _ s1: Float, _ c2: Float, _ s2: Float) -> Float {
        let left = max(c1 - s1 / 2, c2 - s2 / 2)
        let right = min(c1 + s1 / 2, c2 + s2 / 2)
        return right - left
    }

    public func intersection(with other: Box) -> Float {
        let w = Box.overlap(x, self.w, other.x, other.w)
        let h = Box.overlap(y, self.h, other.y, other.h)
        if w < 0 || h < 0 { return 0 }
        return w * h
    }

    public func union(with other: Box) -> Float {
        w * h + other.w * other.h - intersection(with: other)
    }

    /// Intersection over union. Like Darknet, two empty boxes give NaN (0/0), which never exceeds a threshold.
    public func iou(_ other: Box) -> Float {
        intersection(with: other) / union(with: other)
    }
}
