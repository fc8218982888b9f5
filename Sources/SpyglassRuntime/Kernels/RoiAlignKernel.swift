import Foundation
import SpyglassIR

/// RoiAlign: per roi, the sample positions and bilinear weights of every bin are computed once
/// (they are the same for every channel), then the channels are pooled in parallel from that table.
final class RoiAlignKernel: Kernel {
    private let a: RoiAlignAttributes
    private let n: Int, channels: Int, height: Int, width: Int, rois: Int
    /// Per sample: four plane offsets and four weights (reused across runs).
    private var offsets: [Int] = [], weights: [Float] = []

    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .roiAlign(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        return RoiAlignKernel(a, x, rois: ctx.inputShapes[1][0])
    }

    private init(_ a: RoiAlignAttributes, _ x: (n: Int, c: Int, h: Int, w: Int), rois: Int) {
        self.a = a; n = x.n; channels = x.c; height = x.h; width = x.w; self.rois = rois
    }

    func run(_ io: KernelIO) {
        let data = io.inputs[0], roi = io.inputs[1], batchIndices = io.input(2, as: Int64.self), y = io.outputs[0]
        let oh = a.outputHeight, ow = a.outputWidth, bins = oh * ow, plane = height * width
        for r in 0..<rois {
            let shift: Float = a.halfPixel ? 0.5 : 0, scale = a.spatialScale
            let startW = roi[4 * r] * scale - shift, startH = roi[4 * r + 1] * scale - shift
            var roiW = roi[4 * r + 2] * scale - shift - startW, roiH = roi[4 * r + 3] * scale - shift - startH
            if !a.halfPixel { roiW = max(roiW, 1); roiH = max(roiH, 1) }
            let binH = roiH / Float(oh), binW = roiW / Float(ow)
            let gridH = max(a.samplingRatio > 0 ? a.samplingRatio : ceilf(roiH / Float(oh)).clampedIndex, 0)
            let gridW = max(a.samplingRatio > 0 ? a.samplingRatio : ceilf(roiW / Float(ow)).clampedIndex, 0)
            let samples = gridH * gridW, perBin = 4 * samples
            tabulate(startH: startH, startW: startW, binH: binH, binW: binW, gridH: gridH, gridW: gridW)
            let out = y + r * channels * bins
            let batch = Int(batchIndices[r])
            guard batch >= 0, batch < n, samples > 0 else {
                out.update(repeating: 0, count: channels * bins)
                continue
            }
            let count = Float(samples), isAvg = a.mode == .avg
            offsets.withUnsafeBufferPointer { offs in
                weights.withUnsafeBufferPointer { wts in
                    let state = (data, out, offs, wts, batch, channels, plane, bins, samples, perBin, count, isAvg)
                    io.parallel.forEach(channels, grain: max(1, 2048 / max(bins * perBin, 1)), state) { state, range in
                        let (data, out, offs, wts, batch, channels, plane, bins, samples, perBin, count, isAvg) = state
                        for c in range {
                            let p = data + (batch * channels + c) * plane, dst = out + c * bins
                            for bin in 0..<bins {
                                var sum: Float = 0, largest = -Float.greatestFiniteMagnitude
                                var k = bin * perBin
                                for _ in 0..<samples {
                                    let v0 = wts[k] * p[offs[k]], v1 = wts[k + 1] * p[offs[k + 1]]
                                    let v2 = wts[k + 2] * p[offs[k + 2]], v3 = wts[k + 3] * p[offs[k + 3]]
                                    if isAvg { sum += v0 + v1 + v2 + v3 } else { largest = max(largest, max(max(v0, v1), max(v2, v3))) }
                                    k += 4
                                }
                                dst[bin] = isAvg ? sum / count : largest
                            }
                        }
                    }
                }
            }
        }
    }

    /// Fills `offsets`/`weights` for one roi, bin by bin, sample by sample.
    private func tabulate(startH: Float, startW: Float, binH: Float, binW: Float, gridH: Int, gridW: Int) {
        offsets.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        for ph in 0..<a.outputHeight {
            for pw in 0..<a.outputWidth {
                for iy in 0..<gridH {
                    let rowY = startH + Float(ph) * binH + (Float(iy) + 0.5) * binH / Float(gridH)
                    for ix in 0..<gridW {
                        var sy = rowY, sx = startW + Float(pw) * binW + (Float(ix) + 0.5) * binW / Float(gridW)
                        if !(sy >= -1 && sy <= Float(height) && sx >= -1 && sx <= Float(width)) {  // NaN too
                            append(0, 0, 0, 0, 0, 0, 0, 0)
                            continue
                        }
                        sy = max(sy, 0); sx = max(sx, 0)
                        var y0 = sy.clampedIndex, x0 = sx.clampedIndex, y1 = y0 + 1, x1 = x0 + 1
                        if y0 >= height - 1 { y0 = height - 1; y1 = y0; sy = Float(y0) }
                        if x0 >= width - 1 { x0 = width - 1; x1 = x0; sx = Float(x0) }
                        let ly = sy - Float(y0), lx = sx - Float(x0), hy = 1 - ly, hx = 1 - lx
                        append(y0 * width + x0, y0 * width + x1, y1 * width + x0, y1 * width + x1, hy * hx, hy * lx, ly * hx, ly * lx)
                    }
                }
            }
        }
    }

    @inline(__always) private func append(_ o0: Int, _ o1: Int, _ o2: Int, _ o3: Int, _ w0: Float, _ w1: Float, _ w2: Float, _ w3: Float) {
        offsets.append(o0); offsets.append(o1); offsets.append(o2); offsets.append(o3)
        weights.append(w0); weights.append(w1); weights.append(w2); weights.append(w3)
    }
}
