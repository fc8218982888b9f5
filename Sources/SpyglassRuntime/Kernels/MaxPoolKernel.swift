import CKernels
import SpyglassIR

/// maxPool with Darknet's rule: cells outside the input never win; the window starts at (-top, -left).
enum MaxPoolKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .maxPool(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), out = ctx.outputShape
        let planes = x.n * x.c, outH = out[2], outW = out[3]
        return ClosureKernel { io in
            let state = (io.inputs[0], io.outputs[0], x, outH, outW, a)
            io.parallel.forEach(planes, grain: max(1, 8192 / max(outH * outW * a.kernelH * a.kernelW, 1)), state) { state, r in
                let (input, output, x, outH, outW, a) = state
                sg_maxpool(input, output, r.lowerBound, r.upperBound, Int32(x.h), Int32(x.w),
                           Int32(outH), Int32(outW), Int32(a.kernelH), Int32(a.kernelW), Int32(a.strideH),
                           Int32(a.strideW), Int32(a.padding.top), Int32(a.padding.left))
            }
        }
    }
}
