import CKernels

/// globalAvgPool: the mean of each H×W plane.
enum GlobalAvgPoolKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let x = try ctx.nchw(0)
        let planes = x.n * x.c, spatial = x.h * x.w
        return ClosureKernel { io in
            io.parallel.forEach(planes, grain: max(1, 16384 / max(spatial, 1)), (io.inputs[0], io.outputs[0], spatial)) { state, r in
                let (x, y, spatial) = state
                sg_global_avgpool(x, y, r.lowerBound, r.upperBound, spatial)
            }
        }
    }
}
