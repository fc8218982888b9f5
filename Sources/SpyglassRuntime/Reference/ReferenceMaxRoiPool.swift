import Foundation
import SpyglassIR

/// MaxRoiPool (Caffe's ROIPooling, as ONNX Runtime runs it): the roi's corners are scaled and
/// rounded, the roi (at least 1×1, both ends inclusive) is cut into pooled bins [floor, ceil),
/// clipped to the input, and each bin is its maximum (0 for an empty bin).
enum ReferenceMaxRoiPool {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .maxRoiPool(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), rois = ctx.inputShapes[1][0], ph = a.pooledHeight, pw = a.pooledWidth
        return ReferenceKernel { inputs, y in
            let data = inputs[0], roi = inputs[1]
            for r in 0..<rois {
                let row = roi + 5 * r
                let batch = row[0].clampedIndex
                func scaled(_ v: Float) -> Int { (v * a.spatialScale).rounded(.toNearestOrAwayFromZero).clampedIndex }
                let startW = scaled(row[1]), startH = scaled(row[2]), endW = scaled(row[3]), endH = scaled(row[4])
                let binH = Float(max(endH - startH + 1, 1)) / Float(ph), binW = Float(max(endW - startW + 1, 1)) / Float(pw)
                for c in 0..<x.c {
                    for i in 0..<ph {
                        for j in 0..<pw {
                            let h0 = min(max(floorf(Float(i) * binH).clampedIndex + startH, 0), x.h)
                            let h1 = min(max(ceilf(Float(i + 1) * binH).clampedIndex + startH, 0), x.h)
                            let w0 = min(max(floorf(Float(j) * binW).clampedIndex + startW, 0), x.w)
                            let w1 = min(max(ceilf(Float(j + 1) * binW).clampedIndex + startW, 0), x.w)
                            var largest: Float = h1 <= h0 || w1 <= w0 || batch < 0 || batch >= x.n ? 0 : -Float.greatestFiniteMagnitude
                            if largest != 0 {
                                for h in h0..<h1 {
                                    for w in w0..<w1 { largest = max(largest, data[nchwIndex(batch, c, h, w, channels: x.c, height: x.h, width: x.w)]) }
                                }
                            }
                            y[((r * x.c + c) * ph + i) * pw + j] = largest
                        }
                    }
                }
            }
        }
    }
}
