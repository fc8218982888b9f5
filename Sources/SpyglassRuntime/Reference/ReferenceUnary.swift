import SpyglassIR

/// unary: y[i] = f(x[i]) with the IR's definition of f.
enum ReferenceUnary {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .unary(let a) = ctx.node.op else { throw ctx.wrongOp }
        let count = ctx.outputCount
        return ReferenceKernel { inputs, y in
            for i in 0..<count { y[i] = a.apply(inputs[0][i]) }
        }
    }
}
