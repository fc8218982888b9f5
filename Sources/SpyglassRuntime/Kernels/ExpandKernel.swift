import SpyglassIR

/// expand: the input reshaped to the output's rank (1s in front); a dim of 1 is read at 0 for
/// every output coordinate, through `AxisGather`.
enum ExpandKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .expand = ctx.node.op else { throw ctx.wrongOp }
        let out = ctx.outputShape, x = ctx.inputShapes[0]
        let padded = [Int](repeating: 1, count: out.count - x.count) + x
        let aligned = KernelContext(node: ctx.node, inputShapes: [padded], outputShapes: ctx.outputShapes, inputTypes: ctx.inputTypes,
                                    outputTypes: ctx.outputTypes, constants: ctx.constants, threads: ctx.threads)
        return try AxisGather.make(aligned) { d, o in padded[d] == 1 ? 0 : o }
    }
}
