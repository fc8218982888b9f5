import CKernels
import SpyglassIR

/// Darknet reorg (reorg_cpu over the input dims; forward=0 for a normal layer, 1 for reverse).
enum ReorgKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .reorg(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        try ReorgKernel.check(x.c, stride: a.stride, ctx)
        let item = x.c * x.h * x.w
        return ClosureKernel { io in
            for n in 0..<x.n {
                sg_reorg(io.inputs[0] + n * item, io.outputs[0] + n * item, Int32(x.c), Int32(x.h), Int32(x.w),
                         Int32(a.stride), a.reverse ? 1 : 0)
            }
        }
    }

    /// Darknet's index arithmetic only stays inside the tensor when stride² divides the channels.
    static func check(_ channels: Int, stride: Int, _ ctx: KernelContext) throws {
        guard channels % (stride * stride) == 0 else {
            throw ctx.unsupported("reorg needs input channels (\(channels)) divisible by stride² (\(stride * stride))")
        }
    }
}
