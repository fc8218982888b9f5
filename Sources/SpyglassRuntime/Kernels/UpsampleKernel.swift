import CKernels
import SpyglassIR

/// Nearest-neighbour upsample by an integer factor, times a multiplier.
enum UpsampleKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .upsample(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        let planes = x.n * x.c
        return ClosureKernel { io in
            let state = (io.inputs[0], io.outputs[0], x, a)
            io.parallel.forEach(planes, grain: max(1, 16384 / max(x.h * x.w * a.factor * a.factor, 1)), state) { state, r in
                let (input, output, x, a) = state
                sg_upsample(input, output, r.lowerBound, r.upperBound, Int32(x.h), Int32(x.w),
                            Int32(a.factor), a.multiplier)
            }
        }
    }
}
