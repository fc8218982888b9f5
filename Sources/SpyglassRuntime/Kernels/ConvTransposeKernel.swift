import CKernels
import SpyglassIR

/// convTranspose: per image and group, one sgemm gives every input cell's contribution at every
/// kernel offset (`col = Wᵀ·X`, [outC/g · k, inSpatial]); col2im then adds each into the output cell
/// it lands on, through a table built at plan time (any spatial rank).
enum ConvTransposeKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .convTranspose(let a) = ctx.node.op else { throw ctx.wrongOp }
        let xs = ctx.inputShapes[0], out = ctx.outputShape
        let batch = xs[0], channels = xs[1]
        let inSpatial = Array(xs[2...]), outSpatial = Array(out[2...])
        let inCount = inSpatial.reduce(1, *), outCount = outSpatial.reduce(1, *), taps = a.kernel.reduce(1, *)
        let cg = channels / a.groups, og = a.outChannels / a.groups, rows = og * taps
        let weights = AlignedFloats(copying: try ctx.constantValues(1, role: "weight"))
        let bias = ctx.hasInput(2) ? try ctx.constantValues(2, role: "bias") : nil
        let target = landingTable(a, inSpatial: inSpatial, outSpatial: outSpatial)
        return ClosureKernel(workspace: rows * inCount) { io in
            let col = io.workspace
            for image in 0..<batch {
                let y = io.outputs[0] + image * a.outChannels * outCount
                y.update(repeating: 0, count: a.outChannels * outCount)
                for group in 0..<a.groups {
                    let x = io.inputs[0] + (image * channels + group * cg) * inCount
                    sg_sgemm(1, 0, Int32(rows), Int32(inCount), Int32(cg), 1, weights.pointer + group * cg * rows, Int32(rows),
                             x, Int32(inCount), 0, col, Int32(inCount))
                    let yg = y + group * og * outCount
                    let state = (target, col, yg, taps, inCount, outCount)
                    io.parallel.forEach(og, grain: max(1, 16384 / max(taps * inCount, 1)), state) { state, range in
                        let (target, col, yg, taps, inCount, outCount) = state
                        target.withUnsafeBufferPointer { t in
                            for o in range {
                                let plane = yg + o * outCount
                                for tap in 0..<taps {
                                    let src = col + (o * taps + tap) * inCount, base = tap * inCount
                                    for p in 0..<inCount where t[base + p] >= 0 { plane[Int(t[base + p])] += src[p] }
                                }
                            }
                        }
                    }
                }
                if let bias {
                    for o in 0..<a.outChannels {
                        let plane = y + o * outCount
                        for p in 0..<outCount { plane[p] += bias[o] }
                    }
                }
            }
        }
    }

    /// For each kernel tap and input cell, the output cell it lands on (row-major), or -1 if outside.
    static func landingTable(_ a: ConvTransposeAttributes, inSpatial: [Int], outSpatial: [Int]) -> [Int32] {
        let rank = inSpatial.count, inCount = inSpatial.reduce(1, *), taps = a.kernel.reduce(1, *)
        var table = [Int32](repeating: -1, count: taps * inCount)
        var tapCoord = [Int](repeating: 0, count: rank), cell = [Int](repeating: 0, count: rank)
        for tap in 0..<taps {
            var rest = tap
            for d in stride(from: rank - 1, through: 0, by: -1) { tapCoord[d] = rest % a.kernel[d]; rest /= a.kernel[d] }
            for p in 0..<inCount {
                var r = p
                for d in stride(from: rank - 1, through: 0, by: -1) { cell[d] = r % inSpatial[d]; r /= inSpatial[d] }
                var offset = 0, inside = true
                for d in 0..<rank {
                    let o = cell[d] * a.strides[d] + tapCoord[d] * a.dilations[d] - a.padsBegin[d]
                    if o < 0 || o >= outSpatial[d] { inside = false; break }
                    offset = offset * outSpatial[d] + o
                }
                if inside { table[tap * inCount + p] = Int32(offset) }
            }
        }
        return table
    }
}
