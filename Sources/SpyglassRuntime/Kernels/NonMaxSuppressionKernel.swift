import SpyglassIR

/// NonMaxSuppression: each batch's boxes are converted once to corners and areas (in the plan's
/// scratch), then per class the candidates are sorted and selected greedily, stopping as soon as
/// max boxes per class are kept. The arithmetic is the reference's, so the selection is identical.
final class NonMaxSuppressionKernel: Kernel {
    private let a: NonMaxSuppressionAttributes
    private let batches: Int, classes: Int, boxes: Int
    /// Per box of one batch: xMin, xMax, yMin, yMax, area.
    var workspaceCount: Int { 5 * boxes }
    /// Candidate indices and kept indices of one class (sized once; runs reuse them).
    private var order: [Int], kept: [Int]

    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .nonMaxSuppression(let a) = ctx.node.op else { throw ctx.wrongOp }
        return NonMaxSuppressionKernel(a, batches: ctx.inputShapes[0][0], classes: ctx.inputShapes[1][1], boxes: ctx.inputShapes[0][1])
    }

    private init(_ a: NonMaxSuppressionAttributes, batches: Int, classes: Int, boxes: Int) {
        self.a = a; self.batches = batches; self.classes = classes; self.boxes = boxes
        order = []; order.reserveCapacity(boxes)
        kept = []; kept.reserveCapacity(boxes)
    }

    func run(_ io: KernelIO) {
        let scores = io.inputs[1], y = io.output(0, as: Int64.self), geometry = io.workspace
        let limit = a.maxOutputBoxesPerClass
        var count = 0
        guard limit > 0 else { io.dynamicLeadingDim?.pointee = 0; return }
        for b in 0..<batches {
            let boxData = io.inputs[0] + b * boxes * 4
            for i in 0..<boxes {
                let p = boxData + 4 * i, g = geometry + 5 * i
                if a.centerPointBox {
                    let hw = p[2] / 2, hh = p[3] / 2
                    g[0] = p[0] - hw; g[1] = p[0] + hw; g[2] = p[1] - hh; g[3] = p[1] + hh
                } else {
                    g[0] = min(p[1], p[3]); g[1] = max(p[1], p[3]); g[2] = min(p[0], p[2]); g[3] = max(p[0], p[2])
                }
                g[4] = (g[1] - g[0]) * (g[3] - g[2])
            }
            for c in 0..<classes {
                let s = scores + (b * classes + c) * boxes
                order.removeAll(keepingCapacity: true)
                if let t = a.scoreThreshold {
                    for i in 0..<boxes where s[i] > t { order.append(i) }
                } else {
                    order.append(contentsOf: 0..<boxes)
                }
                order.sort { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
                kept.removeAll(keepingCapacity: true)
                for i in order {
                    if suppressed(i, geometry) { continue }
                    kept.append(i)
                    y[3 * count] = Int64(b); y[3 * count + 1] = Int64(c); y[3 * count + 2] = Int64(i)
                    count += 1
                    if kept.count == limit { break }
                }
            }
        }
        io.dynamicLeadingDim?.pointee = count
    }

    private func suppressed(_ i: Int, _ geometry: UnsafeMutablePointer<Float>) -> Bool {
        let g = geometry + 5 * i
        for j in kept {
            let h = geometry + 5 * j
            let ix = min(g[1], h[1]) - max(g[0], h[0])
            guard ix > 0 else { continue }
            let iy = min(g[3], h[3]) - max(g[2], h[2])
            guard iy > 0 else { continue }
            let intersection = ix * iy, union = g[4] + h[4] - intersection
            guard g[4] > 0, h[4] > 0, union > 0 else { continue }
            if intersection / union > a.iouThreshold { return true }
        }
        return false
    }
}
