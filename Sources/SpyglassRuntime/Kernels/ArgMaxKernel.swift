import SpyglassIR

/// argMax: one scan along the axis per (outer, inner) position, positions in parallel.
enum ArgMaxKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .argMax(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, a, ctx) }
    }

    private static func make<T: NumericElement>(_: T.Type, _ a: ArgMaxAttributes, _ ctx: KernelContext) -> Kernel {
        let (outer, dim, inner) = aroundAxis(ctx.inputShapes[0], a.axis)
        let last = a.selectLastIndex
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: Int64.self)
            io.parallel.forEach(outer * inner, grain: max(1, 4096 / max(dim, 1)), (x, y, dim, inner, last)) { state, r in
                let (x, y, dim, inner, last) = state
                for p in r {
                    let line = x + (p / inner) * dim * inner + p % inner
                    var best = 0, value = line[0]
                    for k in 1..<max(dim, 1) {
                        let v = line[k * inner]
                        if v > value || (last && v == value) { best = k; value = v }
                    }
                    y[p] = Int64(best)
                }
            }
        }
    }
}
