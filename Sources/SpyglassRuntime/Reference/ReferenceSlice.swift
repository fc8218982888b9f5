/// slice: output index (outer, k, inner) reads input (outer, start + k, inner).
enum ReferenceSlice {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .slice(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let inner = s[(a.axis + 1)...].reduce(1, *), length = a.end - a.start, count = ctx.outputCount
        return ReferenceKernel { inputs, y in
            for i in 0..<count {
                let outer = i / (length * inner), k = (i / inner) % length, within = i % inner
                y[i] = inputs[0][(outer * s[a.axis] + a.start + k) * inner + within]
            }
        }
    }
}
