import SpyglassIR

/// concat on any axis: for each index before the axis, each input contributes one contiguous block.
enum ConcatKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .concat(let a) = ctx.node.op else { throw ctx.wrongOp }
        let out = ctx.outputShape
        let outer = out[..<a.axis].reduce(1, *), inner = out[(a.axis + 1)...].reduce(1, *)
        let blocks = ctx.inputShapes.map { $0[a.axis] * inner }
        let outBlock = out[a.axis] * inner
        return ClosureKernel { io in
            var offset = 0
            for (i, block) in blocks.enumerated() {
                let src = io.inputs[i]
                for o in 0..<outer { copyFloats(src + o * block, io.outputs[0] + o * outBlock + offset, block) }
                offset += block
            }
        }
    }
}
