import CKernels

/// add: element-wise sum of two same-shape tensors.
enum AddKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let count = ctx.outputCount
        return ClosureKernel { io in
            io.parallel.forEach(count, grain: 32768, (io.inputs[0], io.inputs[1], io.outputs[0])) { state, r in
                let (a, b, y) = state
                sg_add(a + r.lowerBound, b + r.lowerBound, y + r.lowerBound, r.count)
            }
        }
    }
}
