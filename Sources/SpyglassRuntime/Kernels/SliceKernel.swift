import SpyglassIR

/// slice [start, end) on any axis: one contiguous block per index before the axis.
enum SliceKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .slice(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let outer = s[..<a.axis].reduce(1, *), inner = s[(a.axis + 1)...].reduce(1, *)
        let inBlock = s[a.axis] * inner, outBlock = (a.end - a.start) * inner, start = a.start * inner
        return ClosureKernel { io in
            for o in 0..<outer { copyFloats(io.inputs[0] + o * inBlock + start, io.outputs[0] + o * outBlock, outBlock) }
        }
    }
}
