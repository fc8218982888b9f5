import SpyglassIR

/// tile: y[o_0, …] = x[o_0 mod n_0, …].
enum ReferenceTile {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .tile = ctx.node.op else { throw ctx.wrongOp }
        let x = ctx.inputShapes[0]
        return ReferenceIndexing.make(ctx) { d, o in o % x[d] }
    }
}
