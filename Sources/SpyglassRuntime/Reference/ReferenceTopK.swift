import SpyglassIR

/// topK by repeated selection: k times, the best element not yet taken (largest or smallest; of
/// equal values the one with the smaller index), as ONNX specifies the order.
enum ReferenceTopK {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .topK(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, a, ctx) }
    }

    private static func make<T: NumericElement>(_: T.Type, _ a: TopKAttributes, _ ctx: KernelContext) -> Kernel {
        let (outer, dim, inner) = aroundAxis(ctx.inputShapes[0], a.axis)
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), values = io.output(0, as: T.self), indices = io.output(1, as: Int64.self)
            for o in 0..<outer {
                for i in 0..<inner {
                    var taken = [Bool](repeating: false, count: dim)
                    for j in 0..<a.k {
                        var best = -1
                        for c in 0..<dim where !taken[c] {
                            let v = x[(o * dim + c) * inner + i]
                            if best < 0 { best = c; continue }
                            let b = x[(o * dim + best) * inner + i]
                            if a.largest ? v > b : v < b { best = c }
                        }
                        guard best >= 0 else { break }
                        taken[best] = true
                        values[(o * a.k + j) * inner + i] = x[(o * dim + best) * inner + i]
                        indices[(o * a.k + j) * inner + i] = Int64(best)
                    }
                }
            }
        }
    }
}
