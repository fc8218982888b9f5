import SpyglassIR

/// convTranspose from ONNX's definition: every input cell, times each kernel weight, is added into the
/// output cell at `i·stride + k·dilation − padsBegin` (cells outside the output are dropped), plus bias.
enum ReferenceConvTranspose {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .convTranspose(let a) = ctx.node.op else { throw ctx.wrongOp }
        let xs = ctx.inputShapes[0], out = ctx.outputShape
        let rank = a.spatialRank, batch = xs[0], channels = xs[1]
        let inSpatial = Array(xs[2...]), outSpatial = Array(out[2...])
        let inCount = inSpatial.reduce(1, *), outCount = outSpatial.reduce(1, *), taps = a.kernel.reduce(1, *)
        let cg = channels / a.groups, og = a.outChannels / a.groups
        let hasBias = ctx.hasInput(2)
        return ReferenceKernel { inputs, y in
            var cell = [Int](repeating: 0, count: rank), tapCoord = cell
            for image in 0..<batch {
                for o in 0..<a.outChannels {
                    for p in 0..<outCount { y[(image * a.outChannels + o) * outCount + p] = hasBias ? inputs[2][o] : 0 }
                }
                for c in 0..<channels {
                    let group = c / cg
                    for p in 0..<inCount {
                        var r = p
                        for d in stride(from: rank - 1, through: 0, by: -1) { cell[d] = r % inSpatial[d]; r /= inSpatial[d] }
                        let v = inputs[0][(image * channels + c) * inCount + p]
                        for tap in 0..<taps {
                            var t = tap
                            for d in stride(from: rank - 1, through: 0, by: -1) { tapCoord[d] = t % a.kernel[d]; t /= a.kernel[d] }
                            var offset = 0, inside = true
                            for d in 0..<rank {
                                let q = cell[d] * a.strides[d] + tapCoord[d] * a.dilations[d] - a.padsBegin[d]
                                if q < 0 || q >= outSpatial[d] { inside = false }
                                offset = offset * outSpatial[d] + q
                            }
                            guard inside else { continue }
                            for j in 0..<og {
                                let o = group * og + j
                                y[(image * a.outChannels + o) * outCount + offset] += v * inputs[1][(c * og + j) * taps + tap]
                            }
                        }
                    }
                }
            }
        }
    }
}
