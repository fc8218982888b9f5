/// Darknet shortcut_cpu: out = x; over k < min(c), j < min(h), i < min(w):
/// out[k, j·sample, i·sample] = alpha·out + beta·from[k, j·stride, i·stride]; then the activation.
enum ReferenceShortcut {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .shortcut(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), f = try ctx.nchw(1)
        let stride = max(f.w / x.w, 1), sample = max(x.w / f.w, 1), count = ctx.outputCount
        return ReferenceKernel { inputs, y in
            for i in 0..<count { y[i] = inputs[0][i] }
            for n in 0..<x.n {
                for k in 0..<min(x.c, f.c) {
                    for j in 0..<min(x.h, f.h) {
                        for i in 0..<min(x.w, f.w) {
                            let o = nchwIndex(n, k, j * sample, i * sample, channels: x.c, height: x.h, width: x.w)
                            let from = inputs[1][nchwIndex(n, k, j * stride, i * stride, channels: f.c, height: f.h, width: f.w)]
                            y[o] = a.alpha * y[o] + a.beta * from
                        }
                    }
                }
            }
            for i in 0..<count { y[i] = a.activation.apply(y[i]) }
        }
    }
}
