/// Darknet reorg_cpu over the input dims (w, h, c) with out_c = c / stride²:
/// in_index = i + w·(j + h·(k + c·b)), out_index = w2 + w·s·(h2 + h·s·(c2 + out_c·b)) with
/// c2 = k % out_c, offset = k / out_c, w2 = i·s + offset % s, h2 = j·s + offset / s.
/// A normal layer runs it with forward = 0 (out[in_index] = x[out_index]); reverse with forward = 1.
enum ReferenceReorg {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .reorg(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        try ReorgKernel.check(x.c, stride: a.stride, ctx)
        let s = a.stride, outC = x.c / (s * s)
        return ReferenceKernel { inputs, y in
            for b in 0..<x.n {
                for k in 0..<x.c {
                    for j in 0..<x.h {
                        for i in 0..<x.w {
                            let inIndex = i + x.w * (j + x.h * (k + x.c * b))
                            let c2 = k % outC, offset = k / outC
                            let w2 = i * s + offset % s, h2 = j * s + offset / s
                            let outIndex = w2 + x.w * s * (h2 + x.h * s * (c2 + outC * b))
                            if a.reverse { y[outIndex] = inputs[0][inIndex] } else { y[inIndex] = inputs[0][outIndex] }
                        }
                    }
                }
            }
        }
    }
}
