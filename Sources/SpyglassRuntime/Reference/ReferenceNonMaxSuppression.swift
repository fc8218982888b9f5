import SpyglassIR

/// NonMaxSuppression as ONNX defines it: per batch and class, the candidates (score > threshold)
/// in descending score (ties: lower box index first); a candidate is kept unless its IoU with an
/// already kept box is greater than the IoU threshold, until max boxes per class are kept.
final class ReferenceNonMaxSuppression: Kernel {
    private let a: NonMaxSuppressionAttributes
    private let batches: Int, classes: Int, boxes: Int

    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .nonMaxSuppression(let a) = ctx.node.op else { throw ctx.wrongOp }
        return ReferenceNonMaxSuppression(a, batches: ctx.inputShapes[0][0], classes: ctx.inputShapes[1][1], boxes: ctx.inputShapes[0][1])
    }

    private init(_ a: NonMaxSuppressionAttributes, batches: Int, classes: Int, boxes: Int) {
        self.a = a; self.batches = batches; self.classes = classes; self.boxes = boxes
    }

    func run(_ io: KernelIO) {
        let boxData = io.inputs[0], scores = io.inputs[1], y = io.output(0, as: Int64.self)
        var count = 0
        for b in 0..<batches {
            for c in 0..<classes {
                let classScores = scores + (b * classes + c) * boxes
                var candidates = (0..<boxes).filter { i in a.scoreThreshold.map { classScores[i] > $0 } ?? true }
                candidates.sort { classScores[$0] > classScores[$1] || (classScores[$0] == classScores[$1] && $0 < $1) }
                var kept: [Int] = []
                for i in candidates where kept.count < a.maxOutputBoxesPerClass {
                    let box = boxData + (b * boxes + i) * 4
                    if kept.contains(where: { iou(box, boxData + (b * boxes + $0) * 4) > a.iouThreshold }) { continue }
                    kept.append(i)
                    y[3 * count] = Int64(b); y[3 * count + 1] = Int64(c); y[3 * count + 2] = Int64(i)
                    count += 1
                }
            }
        }
        io.dynamicLeadingDim?.pointee = count
    }

    /// Intersection over union; 0 when the boxes do not overlap or one has no area.
    private func iou(_ p: UnsafePointer<Float>, _ q: UnsafePointer<Float>) -> Float {
        func extent(_ box: UnsafePointer<Float>) -> (xMin: Float, xMax: Float, yMin: Float, yMax: Float) {
            if a.centerPointBox {
                return (box[0] - box[2] / 2, box[0] + box[2] / 2, box[1] - box[3] / 2, box[1] + box[3] / 2)
            }
            return (min(box[1], box[3]), max(box[1], box[3]), min(box[0], box[2]), max(box[0], box[2]))
        }
        let e1 = extent(p), e2 = extent(q)
        let ix = min(e1.xMax, e2.xMax) - max(e1.xMin, e2.xMin), iy = min(e1.yMax, e2.yMax) - max(e1.yMin, e2.yMin)
        guard ix > 0, iy > 0 else { return 0 }
        let intersection = ix * iy
        let area1 = (e1.xMax - e1.xMin) * (e1.yMax - e1.yMin), area2 = (e2.xMax - e2.xMin) * (e2.yMax - e2.yMin)
        let union = area1 + area2 - intersection
        guard area1 > 0, area2 > 0, union > 0 else { return 0 }
        return intersection / union
    }
}
