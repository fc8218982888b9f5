/// Darknet [local]: like a convolution, but output location j = (oy, ox) has its own weights
/// W[j][o][(c·k + ky)·k + kx] and every output element its own bias b[o·locations + j].
enum ReferenceLocallyConnected {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .locallyConnected(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), out = ctx.outputShape
        let locations = out[2] * out[3], k = x.c * a.kernel * a.kernel
        return ReferenceKernel { inputs, y in
            for n in 0..<x.n {
                for o in 0..<a.outChannels {
                    for oy in 0..<out[2] {
                        for ox in 0..<out[3] {
                            let j = oy * out[3] + ox
                            var sum = inputs[2][o * locations + j]
                            for c in 0..<x.c {
                                for ky in 0..<a.kernel {
                                    for kx in 0..<a.kernel {
                                        let iy = oy * a.stride - a.pad + ky, ix = ox * a.stride - a.pad + kx
                                        guard iy >= 0, iy < x.h, ix >= 0, ix < x.w else { continue }
                                        let w = inputs[1][(j * a.outChannels + o) * k + (c * a.kernel + ky) * a.kernel + kx]
                                        sum += w * inputs[0][nchwIndex(n, c, iy, ix, channels: x.c, height: x.h, width: x.w)]
                                    }
                                }
                            }
                            y[(n * a.outChannels + o) * locations + j] = a.activation.apply(sum)
                        }
                    }
                }
            }
        }
    }
}
