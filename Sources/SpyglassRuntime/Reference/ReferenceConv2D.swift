import SpyglassIR

/// conv2d by its definition: for every output, a sum over the group's channels and the kernel window.
enum ReferenceConv2D {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .conv2d(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), out = ctx.outputShape
        let hasBias = ctx.hasInput(2)
        let cg = x.c / a.groups, og = a.outChannels / a.groups
        return ReferenceKernel { inputs, y in
            let input = inputs[0], weight = inputs[1]
            for n in 0..<x.n {
                for o in 0..<a.outChannels {
                    let group = o / og
                    for oy in 0..<out[2] {
                        for ox in 0..<out[3] {
                            var sum: Float = 0
                            for ci in 0..<cg {
                                for ky in 0..<a.kernelH {
                                    for kx in 0..<a.kernelW {
                                        let iy = oy * a.strideH - a.padding.top + ky * a.dilationH
                                        let ix = ox * a.strideW - a.padding.left + kx * a.dilationW
                                        guard iy >= 0, iy < x.h, ix >= 0, ix < x.w else { continue }
                                        let v = input[nchwIndex(n, group * cg + ci, iy, ix, channels: x.c, height: x.h, width: x.w)]
                                        let w = weight[((o * cg + ci) * a.kernelH + ky) * a.kernelW + kx]
                                        sum += v * w
                                    }
                                }
                            }
                            if hasBias { sum += inputs[2][o] }
                            y[nchwIndex(n, o, oy, ox, channels: a.outChannels, height: out[2], width: out[3])] = a.activation.apply(sum)
                        }
                    }
                }
            }
        }
    }
}
