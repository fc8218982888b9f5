import SpyglassIR

/// concat on any axis: for each index before the axis, each input contributes one contiguous block
/// (copied as bytes, so any element type). Inputs already in place are skipped.
enum ConcatKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .concat(let a) = ctx.node.op else { throw ctx.wrongOp }
        let out = ctx.outputShape, size = ctx.elementSize
        let outer = out[..<a.axis].reduce(1, *), inner = out[(a.axis + 1)...].reduce(1, *)
        let blocks = ctx.inputShapes.map { $0[a.axis] * inner * size }
        let outBlock = out[a.axis] * inner * size
        return ClosureKernel { io in
            let dst = UnsafeMutableRawPointer(io.outputs[0])
            var offset = 0
            for (i, block) in blocks.enumerated() {
                // An input its producer wrote in place (`BufferAliases`) is already there.
                if outer == 1 && UnsafeRawPointer(io.inputs[i]) == UnsafeRawPointer(dst + offset) { offset += block; continue }
                copyBlocks(io.parallel, blocks: outer, bytes: block, from: UnsafeRawPointer(io.inputs[i]), stride: block,
                           to: dst + offset, stride: outBlock)
                offset += block
            }
        }
    }
}
