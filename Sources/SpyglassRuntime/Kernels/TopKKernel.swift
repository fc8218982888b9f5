import SpyglassIR

/// topK: each line along the axis is sorted by index into a scratch array reused across lines
/// (the ordering is total: value, then smaller index first), and its first k entries written.
enum TopKKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .topK(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, a, ctx) }
    }

    private final class Scratch { var order: [Int] = [] }

    private static func make<T: NumericElement>(_: T.Type, _ a: TopKAttributes, _ ctx: KernelContext) -> Kernel {
        let (outer, dim, inner) = aroundAxis(ctx.inputShapes[0], a.axis)
        let k = a.k, largest = a.largest
        let scratch = Scratch()
        scratch.order.reserveCapacity(dim)
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), values = io.output(0, as: T.self), indices = io.output(1, as: Int64.self)
            for p in 0..<(outer * inner) {
                let o = p / inner, i = p % inner
                let line = x + o * dim * inner + i
                scratch.order.removeAll(keepingCapacity: true)
                scratch.order.append(contentsOf: 0..<dim)
                scratch.order.sort { l, r in
                    let vl = line[l * inner], vr = line[r * inner]
                    if vl == vr { return l < r }
                    return largest ? vl > vr : vl < vr
                }
                for j in 0..<k {
                    let at = (o * k + j) * inner + i, src = scratch.order[j]
                    values[at] = line[src * inner]
                    indices[at] = Int64(src)
                }
            }
        }
    }
}
