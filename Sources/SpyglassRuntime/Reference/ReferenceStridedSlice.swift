import SpyglassIR

/// stridedSlice: y[o_0, …] = x[start_0 + o_0·step_0, …].
enum ReferenceStridedSlice {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .stridedSlice(let a) = ctx.node.op else { throw ctx.wrongOp }
        return ReferenceIndexing.make(ctx) { d, o in a.starts[d] + o * a.steps[d] }
    }
}
