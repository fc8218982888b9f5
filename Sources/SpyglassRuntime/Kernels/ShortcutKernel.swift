import CKernels
import SpyglassIR

/// Darknet shortcut: copy of x, then alpha·out + beta·from over the overlap, then the activation.
enum ShortcutKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .shortcut(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), from = try ctx.nchw(1)
        let count = ctx.outputCount, xItem = x.c * x.h * x.w, fromItem = from.c * from.h * from.w
        let code = a.activation.cCode
        return ClosureKernel { io in
            copyFloats(io.inputs[0], io.outputs[0], count)
            for n in 0..<x.n {
                sg_shortcut(io.outputs[0] + n * xItem, Int32(x.c), Int32(x.h), Int32(x.w),
                            io.inputs[1] + n * fromItem, Int32(from.c), Int32(from.h), Int32(from.w), a.alpha, a.beta)
            }
            if a.activation != .linear {
                io.parallel.forEach(count, grain: 16384, (io.outputs[0], code)) { state, r in
                    let (y, code) = state
                    sg_activate(y + r.lowerBound, r.count, code)
                }
            }
        }
    }
}
