/// maxPool as Darknet's forward_maxpool_layer: start at -FLT_MAX, skip cells outside the input.
enum ReferenceMaxPool {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .maxPool(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), out = ctx.outputShape
        return ReferenceKernel { inputs, y in
            for n in 0..<x.n {
                for c in 0..<x.c {
                    for oy in 0..<out[2] {
                        for ox in 0..<out[3] {
                            var m = -Float.greatestFiniteMagnitude
                            for ky in 0..<a.kernelH {
                                for kx in 0..<a.kernelW {
                                    let iy = oy * a.strideH - a.padding.top + ky, ix = ox * a.strideW - a.padding.left + kx
                                    guard iy >= 0, iy < x.h, ix >= 0, ix < x.w else { continue }
                                    m = max(m, inputs[0][nchwIndex(n, c, iy, ix, channels: x.c, height: x.h, width: x.w)])
                                }
                            }
                            y[nchwIndex(n, c, oy, ox, channels: x.c, height: out[2], width: out[3])] = m
                        }
                    }
                }
            }
        }
    }
}
