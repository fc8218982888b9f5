/// upsample: out[n, c, y, x] = multiplier · in[n, c, y / factor, x / factor].
enum ReferenceUpsample {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .upsample(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        let oh = x.h * a.factor, ow = x.w * a.factor
        return ReferenceKernel { inputs, y in
            for n in 0..<x.n {
                for c in 0..<x.c {
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            y[nchwIndex(n, c, oy, ox, channels: x.c, height: oh, width: ow)] =
                                a.multiplier * inputs[0][nchwIndex(n, c, oy / a.factor, ox / a.factor, channels: x.c, height: x.h, width: x.w)]
                        }
                    }
                }
            }
        }
    }
}
