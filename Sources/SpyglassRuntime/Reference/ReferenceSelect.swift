import SpyglassIR

/// select (ONNX Where) with numpy broadcasting written out: output[i] = condition[i] ? x[i] : y[i].
enum ReferenceSelect {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .select = ctx.node.op else { throw ctx.wrongOp }
        return withElementType(size: ctx.elementSize) { T in make(T, ctx) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ ctx: KernelContext) -> Kernel {
        let out = ctx.outputShape, count = ctx.outputCount, shapes = ctx.inputShapes
        return ClosureKernel { io in
            var index = [Int](repeating: 0, count: out.count)
            for i in 0..<count {
                var rest = i
                for d in stride(from: out.count - 1, through: 0, by: -1) { index[d] = rest % out[d]; rest /= out[d] }
                let pick = io.input(0, as: UInt8.self)[broadcastIndex(index, shapes[0])] != 0
                io.output(0, as: T.self)[i] = pick ? io.input(1, as: T.self)[broadcastIndex(index, shapes[1])]
                                                   : io.input(2, as: T.self)[broadcastIndex(index, shapes[2])]
            }
        }
    }
}
