import SpyglassIR

/// reduce: for each output element, the input offsets of its kept axes (a table) plus one shared
/// table of offsets over the reduced axes, both built at plan time; output elements in parallel.
enum ReduceKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .reduce(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, a, ctx) }
    }

    private static func make<T: NumericElement>(_: T.Type, _ a: ReduceAttributes, _ ctx: KernelContext) -> Kernel {
        let shape = ctx.inputShapes[0]
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        let kept = shape.indices.filter { !a.axes.contains($0) }
        let outer = offsets(kept.map { shape[$0] }, kept.map { strides[$0] })
        let inner = offsets(a.axes.map { shape[$0] }, a.axes.map { strides[$0] })
        let combine = ReduceStep<T>(a.op, isBool: ctx.inputTypes[0] == .bool)
        let n = inner.count
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
            io.parallel.forEach(outer.count, grain: max(1, 4096 / max(n, 1)), (x, y, outer, inner, combine)) { state, r in
                let (x, y, outer, inner, combine) = state
                let n = inner.count
                for o in r {
                    let base = x + outer[o]
                    var acc = combine.initial
                    for i in 0..<n { acc = combine.step(acc, base[inner[i]]) }
                    y[o] = combine.finish(acc, n)
                }
            }
        }
    }

    /// Offsets of every index of `sizes` (row-major) with element `strides`.
    static func offsets(_ sizes: [Int], _ strides: [Int]) -> [Int] {
        var table = [0]
        for (size, stride) in zip(sizes, strides) {
            var next: [Int] = []
            next.reserveCapacity(table.count * size)
            for t in table { for i in 0..<size { next.append(t + i * stride) } }
            table = next
        }
        return table
    }
}

/// One reduction as initial value, step and finish (mean divides at the end). An empty set gives
/// the identity: 0 for sum, 1 for prod, −∞/minimum/false for max, +∞/maximum/true for min.
struct ReduceStep<T: NumericElement> {
    let initial: T
    let step: (T, T) -> T
    let finish: (T, Int) -> T

    init(_ op: ReduceOperator, isBool: Bool) {
        switch op {
        case .sum: initial = .zero; step = T.plus; finish = { v, _ in v }
        case .mean: initial = .zero; step = T.plus; finish = { v, n in v.mean(of: n) }
        case .prod: initial = .one; step = T.times; finish = { v, _ in v }
        case .max: initial = T.lowest; step = { Swift.max($0, $1) }; finish = { v, _ in v }
        case .min: initial = isBool ? .one : T.highest; step = { Swift.min($0, $1) }; finish = { v, _ in v }
        }
    }
}
