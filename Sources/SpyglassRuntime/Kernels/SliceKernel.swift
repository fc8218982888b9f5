import SpyglassIR

/// slice [start, end) on any axis: one contiguous block per index before the axis (bytes, so any
/// element type). A view of its input copies nothing.
enum SliceKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .slice(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0], size = ctx.elementSize
        let outer = s[..<a.axis].reduce(1, *), inner = s[(a.axis + 1)...].reduce(1, *) * size
        let inBlock = s[a.axis] * inner, outBlock = (a.end - a.start) * inner, start = a.start * inner
        return ClosureKernel { io in
            let src = UnsafeRawPointer(io.inputs[0]), dst = UnsafeMutableRawPointer(io.outputs[0])
            if outer == 1 && src + start == UnsafeRawPointer(dst) { return }  // a view (`BufferAliases`)
            copyBlocks(io.parallel, blocks: outer, bytes: outBlock, from: src + start, stride: inBlock, to: dst, stride: outBlock)
        }
    }
}
