import SpyglassIR

/// pad: per-axis source coordinates (constant, reflect, edge or wrap) tabled for `AxisGather`.
enum PadKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .pad(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = ctx.inputShapes[0]
        return try AxisGather.make(ctx, fill: a.value) { d, o in a.source(o, begin: a.begins[d], size: x[d]) }
    }
}
