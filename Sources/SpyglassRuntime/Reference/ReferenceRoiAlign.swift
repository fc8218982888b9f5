import Foundation
import SpyglassIR

/// RoiAlign as ONNX defines it: the roi (scaled, shifted by −0.5 for half_pixel, at least 1×1
/// otherwise) is cut into output bins; each bin samples a grid of points (sampling_ratio per axis,
/// or ceil(bin size)), each point bilinear between its four neighbours (points more than one
/// pixel outside count 0). avg averages the samples; max takes, per sample, the largest of the four
/// weighted neighbours, then the largest over the samples (ONNX's reference and ONNX Runtime).
enum ReferenceRoiAlign {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .roiAlign(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), rois = ctx.inputShapes[1][0]
        let oh = a.outputHeight, ow = a.outputWidth
        return ReferenceKernel { inputs, y in
            let data = inputs[0], roi = inputs[1]
            let batchIndices = UnsafeRawPointer(inputs[2]).assumingMemoryBound(to: Int64.self)
            for r in 0..<rois {
                let shift = a.halfPixel ? 0.5 : 0, scale = Double(a.spatialScale)
                let startW = Double(roi[4 * r]) * scale - shift, startH = Double(roi[4 * r + 1]) * scale - shift
                var width = Double(roi[4 * r + 2]) * scale - shift - startW, height = Double(roi[4 * r + 3]) * scale - shift - startH
                if !a.halfPixel { width = max(width, 1); height = max(height, 1) }
                let binH = height / Double(oh), binW = width / Double(ow)
                let gridH = a.samplingRatio > 0 ? a.samplingRatio : ceil(height / Double(oh)).clampedIndex
                let gridW = a.samplingRatio > 0 ? a.samplingRatio : ceil(width / Double(ow)).clampedIndex
                let batch = Int(batchIndices[r])
                guard batch >= 0, batch < x.n else {
                    for i in 0..<(x.c * oh * ow) { y[r * x.c * oh * ow + i] = 0 }
                    continue
                }
                for c in 0..<x.c {
                    let plane = data + (batch * x.c + c) * x.h * x.w
                    for ph in 0..<oh {
                        for pw in 0..<ow {
                            var sum = 0.0, largest: Double? = nil
                            for iy in 0..<max(gridH, 0) {
                                let sy = startH + Double(ph) * binH + (Double(iy) + 0.5) * binH / Double(gridH)
                                for ix in 0..<max(gridW, 0) {
                                    let sx = startW + Double(pw) * binW + (Double(ix) + 0.5) * binW / Double(gridW)
                                    let taps = bilinear(sy, sx, height: x.h, width: x.w).map { Double(plane[$0.index]) * $0.weight }
                                    sum += taps.reduce(0, +)
                                    let m = taps.max() ?? 0
                                    largest = max(largest ?? m, m)
                                }
                            }
                            let out = ((r * x.c + c) * oh + ph) * ow + pw
                            y[out] = Float(a.mode == .avg ? sum / Double(max(gridH * gridW, 1)) : largest ?? 0)
                        }
                    }
                }
            }
        }
    }

    /// The four neighbours of (y, x) with their bilinear weights (all weight 0 outside the border band).
    static func bilinear(_ y: Double, _ x: Double, height: Int, width: Int) -> [(index: Int, weight: Double)] {
        if !(y >= -1 && y <= Double(height) && x >= -1 && x <= Double(width)) { return [(0, 0), (0, 0), (0, 0), (0, 0)] }
        var y = max(y, 0), x = max(x, 0)
        var y0 = y.clampedIndex, x0 = x.clampedIndex, y1 = y0 + 1, x1 = x0 + 1
        if y0 >= height - 1 { y0 = height - 1; y1 = y0; y = Double(y0) }
        if x0 >= width - 1 { x0 = width - 1; x1 = x0; x = Double(x0) }
        let ly = y - Double(y0), lx = x - Double(x0), hy = 1 - ly, hx = 1 - lx
        return [(y0 * width + x0, hy * hx), (y0 * width + x1, hy * lx), (y1 * width + x0, ly * hx), (y1 * width + x1, ly * lx)]
    }
}
