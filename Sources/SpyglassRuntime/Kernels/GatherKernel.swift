import SpyglassIR

/// gather: for each outer position and index, one contiguous run of `inner` elements copied;
/// written once for element widths of 1, 4 and 8 bytes. Indices are read at run time; an index
/// outside the axis (after counting negatives from the end) yields zeros, since a running kernel
/// cannot fail.
enum GatherKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .gather(let a) = ctx.node.op else { throw ctx.wrongOp }
        let wide = ctx.inputTypes[1] == .int64
        return withElementType(size: ctx.elementSize) { T in make(T, a, wide: wide, ctx) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ a: GatherAttributes, wide: Bool, _ ctx: KernelContext) -> Kernel {
        let (outer, dim, inner) = aroundAxis(ctx.inputShapes[0], a.axis)
        let count = ctx.inputShapes[1].reduce(1, *)
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
            let i64 = io.input(1, as: Int64.self), i32 = io.input(1, as: Int32.self)
            io.parallel.forEach(outer, grain: max(1, 4096 / max(count * inner, 1)), (x, y, i64, i32, wide, count, dim, inner)) { state, r in
                let (x, y, i64, i32, wide, count, dim, inner) = state
                for o in r {
                    for j in 0..<count {
                        var k = wide ? Int(i64[j]) : Int(i32[j])
                        if k < 0 { k += dim }
                        let dst = y + (o * count + j) * inner
                        if k < 0 || k >= dim {
                            dst.update(repeating: 0, count: inner)
                        } else {
                            dst.update(from: x + (o * dim + k) * inner, count: inner)
                        }
                    }
                }
            }
        }
    }
}
