import SpyglassIR

/// reduce: every input element is added into the output element its index maps to (reduced axes
/// pinned to 0 or dropped), in input order; mean divides by the reduced count at the end.
enum ReferenceReduce {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .reduce(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, a, ctx) }
    }

    private static func make<T: NumericElement>(_: T.Type, _ a: ReduceAttributes, _ ctx: KernelContext) -> Kernel {
        let shape = ctx.inputShapes[0], count = shape.reduce(1, *), outCount = ctx.outputCount
        let reduced = a.axes.reduce(1) { $0 * shape[$1] }
        let combine = ReduceStep<T>(a.op, isBool: ctx.inputTypes[0] == .bool)
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
            for o in 0..<outCount { y[o] = combine.initial }
            var index = [Int](repeating: 0, count: shape.count)
            for i in 0..<count {
                var rest = i
                for d in stride(from: shape.count - 1, through: 0, by: -1) { index[d] = rest % shape[d]; rest /= shape[d] }
                var o = 0
                for d in shape.indices where !a.axes.contains(d) { o = o * shape[d] + index[d] }
                y[o] = combine.step(y[o], x[i])
            }
            for o in 0..<outCount { y[o] = combine.finish(y[o], reduced) }
        }
    }
}
