import SpyglassIR

/// tile: output coordinate o along axis d reads o mod the input's size, through `AxisGather`.
enum TileKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .tile = ctx.node.op else { throw ctx.wrongOp }
        let x = ctx.inputShapes[0]
        return try AxisGather.make(ctx) { d, o in o % x[d] }
    }
}
