import CKernels

/// add: element-wise sum of two same-shape tensors.
enum AddKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let count = ctx.outputCount
        return ClosureKernel { io in
            io.parallel.forEach(count, grain: 32768) { r in
                sg_add(io.inputs[0] + r.lowerBound, io.inputs[1] + r.lowerBound, io.outputs[0] + r.lowerBound, r.count)
            }
        }
    }
}
