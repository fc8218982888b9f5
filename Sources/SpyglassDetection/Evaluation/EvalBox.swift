/// A box as the evaluation tools hold one: top-left corner and size in pixels (COCO's `[x, y, w, h]`),
/// in Double so IoUs match pycocotools' and the VOC devkit's double-precision arithmetic.
public struct EvalBox: Hashable, Sendable, Codable {
    public var x: Double, y: Double, width: Double, height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// From a centre-size `Box` (e.g. a `Detection`'s box in pixels).
    public init(_ box: Box) {
        self.init(x: Double(box.left), y: Double(box.top), width: Double(box.w), height: Double(box.h))
    }

    public var right: Double { x + width }
    public var bottom: Double { y + height }
    public var area: Double { width * height }

    /// COCO's bounding-box IoU (pycocotools `bbIou`): no overlap when the intersection width or
    /// height is ≤ 0; against a crowd region the union is the detection's own area.
    public func cocoIoU(groundTruth g: EvalBox, crowd: Bool) -> Double {
        let w = min(right, g.right) - max(x, g.x)
        if w <= 0 { return 0 }
        let h = min(bottom, g.bottom) - max(y, g.y)
        if h <= 0 { return 0 }
        let intersection = w * h
        let union = crowd ? area : area + g.area - intersection
        return intersection / union
    }

    /// The PASCAL VOC devkit's overlap: with `pixelInclusive` (the devkit's convention) a box covers
    /// x…x+w as whole pixels, so widths and heights count one pixel more. Returns nil when the boxes
    /// do not overlap (the devkit then skips the pair).
    public func vocOverlap(_ g: EvalBox, pixelInclusive: Bool) -> Double? {
        let one = pixelInclusive ? 1.0 : 0.0
        // Corner form x1, y1, x2, y2 as the devkit stores boxes (x2 = x + w − 1 when inclusive).
        let (ax1, ay1, ax2, ay2) = (x, y, right - one, bottom - one)
        let (bx1, by1, bx2, by2) = (g.x, g.y, g.right - one, g.bottom - one)
        let iw = min(ax2, bx2) - max(ax1, bx1) + one
        let ih = min(ay2, by2) - max(ay1, by1) + one
        guard iw > 0, ih > 0 else { return nil }
        let union = (ax2 - ax1 + one) * (ay2 - ay1 + one) + (bx2 - bx1 + one) * (by2 - by1 + one) - iw * ih
        return iw * ih / union
    }
}
