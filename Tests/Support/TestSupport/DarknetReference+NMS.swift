import CDarknetReference

extension DarknetReference {
    /// One `detection` as libdarknet's NMS sees it: centre/size box, objectness, per-class probs.
    public struct RawDetection: Equatable {
        public var x: Float, y: Float, w: Float, h: Float
        public var objectness: Float
        public var probs: [Float]
        public init(x: Float, y: Float, w: Float, h: Float, objectness: Float, probs: [Float]) {
            self.x = x; self.y = y; self.w = w; self.h = h; self.objectness = objectness; self.probs = probs
        }
    }

    /// libdarknet's do_nms_sort: the detections in the order it leaves them (with suppressed probs
    /// zeroed), and each slot's index in the input.
    public static func doNMSSort(_ detections: [RawDetection], classes: Int, threshold: Float) throws
        -> (detections: [RawDetection], order: [Int]) {
        if let r = unavailableReason() { throw ReferenceError(message: r) }
        let n = detections.count
        var boxes = detections.flatMap { [$0.x, $0.y, $0.w, $0.h] }
        var objectness = detections.map(\.objectness)
        var probs = detections.flatMap { d in (0..<classes).map { $0 < d.probs.count ? d.probs[$0] : 0 } }
        var order = [Int32](repeating: 0, count: n)
        guard dnref_do_nms_sort(&boxes, &objectness, &probs, Int32(n), Int32(classes), threshold, &order) == 0 else {
            throw ReferenceError(message: "do_nms_sort failed")
        }
        let out = (0..<n).map { i in
            RawDetection(x: boxes[4 * i], y: boxes[4 * i + 1], w: boxes[4 * i + 2], h: boxes[4 * i + 3],
                         objectness: objectness[i], probs: Array(probs[(i * classes)..<((i + 1) * classes)]))
        }
        return (out, order.map(Int.init))
    }

    /// libdarknet's box_iou (centre/size boxes).
    public static func boxIoU(_ a: (x: Float, y: Float, w: Float, h: Float), _ b: (x: Float, y: Float, w: Float, h: Float)) throws -> Float {
        if let r = unavailableReason() { throw ReferenceError(message: r) }
        return dnref_box_iou(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h)
    }
}
