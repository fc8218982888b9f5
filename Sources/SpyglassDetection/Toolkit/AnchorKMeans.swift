/// YOLO-style anchor clustering (YOLOv2 "dimension clusters"): k-means on box sizes with the
/// distance 1 − IoU of two (w, h) boxes aligned at a corner, seeded k-means++ initialisation,
/// centroids updated to the mean size of their members.
public enum AnchorKMeans {
    /// IoU of two boxes with a shared corner: only their sizes matter.
    public static func sizeIoU(_ a: (w: Float, h: Float), _ b: (w: Float, h: Float)) -> Float {
        let inter = min(a.w, b.w) * min(a.h, b.h)
        let union = a.w * a.h + b.w * b.h - inter
        return union > 0 ? inter / union : 0
    }

    /// `k` anchors sorted by area (ascending) and the mean over all sizes of the best IoU with an anchor.
    /// Sizes that are not finite and positive are ignored; fewer sizes than `k` give fewer anchors.
    public static func fit(sizes: [(w: Float, h: Float)], k: Int, seed: UInt64, iterations: Int)
        -> (anchors: [(w: Float, h: Float)], meanIoU: Float) {
        let points = sizes.filter { $0.w.isFinite && $0.h.isFinite && $0.w > 0 && $0.h > 0 }
        guard k > 0, !points.isEmpty else { return ([], 0) }
        var rng = SeededGenerator(seed: seed)
        var centroids = initialCentroids(points, k: min(k, points.count), rng: &rng)
        var assignment = [Int](repeating: -1, count: points.count)
        for _ in 0..<max(iterations, 1) {
            let next = points.map { nearest($0, centroids).index }
            if next == assignment { break }
            assignment = next
            var sums = [(w: Double, h: Double, n: Int)](repeating: (0, 0, 0), count: centroids.count)
            for (p, c) in zip(points, assignment) {
                sums[c].w += Double(p.w); sums[c].h += Double(p.h); sums[c].n += 1
            }
            for c in centroids.indices where sums[c].n > 0 {  // an empty cluster keeps its centroid
                centroids[c] = (Float(sums[c].w / Double(sums[c].n)), Float(sums[c].h / Double(sums[c].n)))
            }
        }
        let meanIoU = points.reduce(Float(0)) { $0 + nearest($1, centroids).iou } / Float(points.count)
        return (centroids.sorted { $0.w * $0.h < $1.w * $1.h }, meanIoU)
    }

    private static func nearest(_ p: (w: Float, h: Float), _ centroids: [(w: Float, h: Float)]) -> (index: Int, iou: Float) {
        var best = (index: 0, iou: -Float.infinity)
        for (i, c) in centroids.enumerated() {
            let iou = sizeIoU(p, c)
            if iou > best.iou { best = (i, iou) }
        }
        return best
    }

    /// k-means++: the first centre uniformly at random, each next one with probability ∝ d², d = 1 − IoU.
    private static func initialCentroids(_ points: [(w: Float, h: Float)], k: Int, rng: inout SeededGenerator)
        -> [(w: Float, h: Float)] {
        var centroids = [points[Int.random(in: 0..<points.count, using: &rng)]]
        while centroids.count < k {
            let weights = points.map { p -> Double in
                let d = Double(1 - nearest(p, centroids).iou)
                return d * d
            }
            let total = weights.reduce(0, +)
            guard total > 0 else {  // every point already coincides with a centre
                centroids.append(points[Int.random(in: 0..<points.count, using: &rng)])
                continue
            }
            var target = Double.random(in: 0..<total, using: &rng)
            var chosen = points.count - 1
            for (i, w) in weights.enumerated() {
                if target < w { chosen = i; break }
                target -= w
            }
            centroids.append(points[chosen])
        }
        return centroids
    }
}
