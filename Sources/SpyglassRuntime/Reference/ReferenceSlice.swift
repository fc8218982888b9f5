/// slice: output index (outer, k, inner) reads input (outer, start + k, inner).
enum ReferenceSlice {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .slice(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withElementType(size: ctx.elementSize) { T in make(T, ctx, a.axis, a.start, a.end) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ ctx: KernelContext, _ axis: Int, _ start: Int, _ end: Int) -> Kernel {
        let s = ctx.inputShapes[0]
        let inner = s[(axis + 1)...].reduce(1, *), length = end - start, count = ctx.outputCount
        return ReferenceKernel { inputs, yf in
            let x = UnsafeRawPointer(inputs[0]).assumingMemoryBound(to: T.self)
            let y = UnsafeMutableRawPointer(yf).assumingMemoryBound(to: T.self)
            for i in 0..<count {
                let outer = i / (length * inner), k = (i / inner) % length, within = i % inner
                y[i] = x[(outer * s[axis] + start + k) * inner + within]
            }
        }
    }
}
