import SpyglassIR

/// select (ONNX Where): three operands read through offset tables built at plan time; written
/// once for element widths of 1, 4 and 8 bytes.
enum SelectKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .select = ctx.node.op else { throw ctx.wrongOp }
        return withElementType(size: ctx.elementSize) { T in make(T, ctx) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ ctx: KernelContext) -> Kernel {
        let tables = broadcastOffsets(ctx.inputShapes, to: ctx.outputShape)
        let tc = tables[0], tx = tables[1], ty = tables[2], count = ctx.outputCount
        return ClosureKernel { io in
            let c = io.input(0, as: UInt8.self), x = io.input(1, as: T.self), z = io.input(2, as: T.self)
            let y = io.output(0, as: T.self)
            io.parallel.forEach(count, grain: 16384, (c, x, z, y, tc, tx, ty)) { state, r in
                let (c, x, z, y, tc, tx, ty) = state
                for i in r { y[i] = c[tc[i]] != 0 ? x[tx[i]] : z[ty[i]] }
            }
        }
    }
}
