import SpyglassIR

/// stridedSlice: output coordinate o along axis d reads start + o·step, through `AxisGather`.
enum StridedSliceKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .stridedSlice(let a) = ctx.node.op else { throw ctx.wrongOp }
        return try AxisGather.make(ctx) { d, o in a.starts[d] + o * a.steps[d] }
    }
}
