import CKernels
import Foundation
import SpyglassIR

/// batchNorm folded at plan time into y = x·a[c] + b[c].
enum BatchNormKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .batchNorm(let attributes) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        let scale = try ctx.constantValues(1, role: "scale"), bias = try ctx.constantValues(2, role: "bias")
        let mean = try ctx.constantValues(3, role: "mean"), variance = try ctx.constantValues(4, role: "variance")
        var a = [Float](repeating: 0, count: x.c), b = a
        for c in 0..<x.c {
            let denominator = attributes.placement == .afterSqrt
                ? sqrtf(variance[c]) + attributes.epsilon : sqrtf(variance[c] + attributes.epsilon)
            a[c] = scale[c] / denominator
            b[c] = bias[c] - mean[c] * a[c]
        }
        let packedA = AlignedFloats(copying: a), packedB = AlignedFloats(copying: b)
        let spatial = x.h * x.w, channels = x.c
        return ClosureKernel { io in
            for n in 0..<x.n {
                let src = io.inputs[0] + n * channels * spatial, dst = io.outputs[0] + n * channels * spatial
                let state = (src, dst, packedA.pointer, packedB.pointer, spatial)
                io.parallel.forEach(channels, grain: max(1, 8192 / max(spatial, 1)), state) { state, r in
                    let (src, dst, a, b, spatial) = state
                    sg_scale_shift_activate(src, dst, a, b, r.lowerBound, r.upperBound, spatial, Activation.linear.cCode)
                }
            }
        }
    }
}
