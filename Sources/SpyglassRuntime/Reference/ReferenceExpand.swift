import SpyglassIR

/// expand: numpy broadcasting; the input's dims align on the right, a dim of 1 repeats.
enum ReferenceExpand {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .expand = ctx.node.op else { throw ctx.wrongOp }
        let out = ctx.outputShape, x = ctx.inputShapes[0]
        let padded = [Int](repeating: 1, count: out.count - x.count) + x
        return ReferenceIndexing.make(ctx, inputShape: padded) { d, o in padded[d] == 1 ? 0 : o }
    }
}
