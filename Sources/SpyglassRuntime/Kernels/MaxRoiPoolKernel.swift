import Foundation
import SpyglassIR

/// MaxRoiPool: per roi, the clipped bin bounds are computed once, then the channels are pooled in
/// parallel (row by row within each bin).
final class MaxRoiPoolKernel: Kernel {
    private let a: MaxRoiPoolAttributes
    private let n: Int, channels: Int, height: Int, width: Int, rois: Int
    /// Per bin: h0, h1, w0, w1 (reused across runs).
    private var bounds: [Int]

    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .maxRoiPool(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        return MaxRoiPoolKernel(a, x, rois: ctx.inputShapes[1][0])
    }

    private init(_ a: MaxRoiPoolAttributes, _ x: (n: Int, c: Int, h: Int, w: Int), rois: Int) {
        self.a = a; n = x.n; channels = x.c; height = x.h; width = x.w; self.rois = rois
        bounds = [Int](repeating: 0, count: 4 * a.pooledHeight * a.pooledWidth)
    }

    func run(_ io: KernelIO) {
        let data = io.inputs[0], roi = io.inputs[1], y = io.outputs[0]
        let ph = a.pooledHeight, pw = a.pooledWidth, bins = ph * pw, plane = height * width
        for r in 0..<rois {
            let row = roi + 5 * r, batch = row[0].clampedIndex
            let startW = scaled(row[1]), startH = scaled(row[2]), endW = scaled(row[3]), endH = scaled(row[4])
            let binH = Float(max(endH - startH + 1, 1)) / Float(ph), binW = Float(max(endW - startW + 1, 1)) / Float(pw)
            for i in 0..<ph {
                let h0 = min(max(floorf(Float(i) * binH).clampedIndex + startH, 0), height), h1 = min(max(ceilf(Float(i + 1) * binH).clampedIndex + startH, 0), height)
                for j in 0..<pw {
                    let b = 4 * (i * pw + j)
                    bounds[b] = h0; bounds[b + 1] = h1
                    bounds[b + 2] = min(max(floorf(Float(j) * binW).clampedIndex + startW, 0), width)
                    bounds[b + 3] = min(max(ceilf(Float(j + 1) * binW).clampedIndex + startW, 0), width)
                }
            }
            let out = y + r * channels * bins
            guard batch >= 0, batch < n else { out.update(repeating: 0, count: channels * bins); continue }
            bounds.withUnsafeBufferPointer { bd in
                let state = (data, out, bd, batch, channels, plane, bins, width)
                io.parallel.forEach(channels, grain: max(1, 4096 / max(bins * 4, 1)), state) { state, range in
                    let (data, out, bd, batch, channels, plane, bins, width) = state
                    for c in range {
                        let p = data + (batch * channels + c) * plane, dst = out + c * bins
                        for bin in 0..<bins {
                            let h0 = bd[4 * bin], h1 = bd[4 * bin + 1], w0 = bd[4 * bin + 2], w1 = bd[4 * bin + 3]
                            guard h1 > h0, w1 > w0 else { dst[bin] = 0; continue }
                            var largest = -Float.greatestFiniteMagnitude
                            for h in h0..<h1 {
                                let line = p + h * width
                                for w in w0..<w1 where line[w] > largest { largest = line[w] }
                            }
                            dst[bin] = largest
                        }
                    }
                }
            }
        }
    }

    private func scaled(_ v: Float) -> Int { (v * a.spatialScale).rounded(.toNearestOrAwayFromZero).clampedIndex }
}
