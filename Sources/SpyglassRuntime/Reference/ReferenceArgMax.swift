import SpyglassIR

/// argMax as ONNX defines it: for each output index, the position along `axis` of the maximum,
/// the first (or with select_last_index the last) of equal maxima.
enum ReferenceArgMax {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .argMax(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, a, ctx) }
    }

    private static func make<T: NumericElement>(_: T.Type, _ a: ArgMaxAttributes, _ ctx: KernelContext) -> Kernel {
        let shape = ctx.inputShapes[0]
        let (outer, dim, inner) = aroundAxis(shape, a.axis)
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: Int64.self)
            for o in 0..<outer {
                for i in 0..<inner {
                    var values: [T] = []
                    for k in 0..<dim { values.append(x[(o * dim + k) * inner + i]) }
                    guard let m = values.max() else { continue }
                    let index = a.selectLastIndex ? values.lastIndex(of: m) : values.firstIndex(of: m)
                    y[o * inner + i] = Int64(index ?? 0)
                }
            }
        }
    }
}
