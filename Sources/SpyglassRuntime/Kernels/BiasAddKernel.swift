import CKernels
import SpyglassIR

/// biasAdd: y[n][c][…] = x + bias[c].
enum BiasAddKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let s = ctx.inputShapes[0]
        let batch = s[0], channels = s[1], spatial = s.dropFirst(2).reduce(1, *)
        return ClosureKernel { io in
            copyFloats(io.inputs[0], io.outputs[0], batch * channels * spatial)
            for n in 0..<batch {
                sg_bias_activate(io.outputs[0] + n * channels * spatial, io.inputs[1], 0, channels, spatial,
                                 Activation.linear.cCode)
            }
        }
    }
}
