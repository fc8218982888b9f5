import SpyglassIR

/// transpose: each output row (last output axis) gathered with one input stride, rows in parallel;
/// written once for element widths of 1, 4 and 8 bytes.
enum TransposeKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .transpose(let a) = ctx.node.op else { throw ctx.wrongOp }
        guard ctx.outputShape.count > 0 else { return try CopyKernel.make(ctx) }
        return withElementType(size: ctx.elementSize) { T in make(T, ctx, a.permutation) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ ctx: KernelContext, _ permutation: [Int]) -> Kernel {
        let inShape = ctx.inputShapes[0], outShape = ctx.outputShape
        let rank = outShape.count
        var inStrides = [Int](repeating: 1, count: inShape.count)
        for i in stride(from: inShape.count - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * inShape[i + 1] }
        let strides = permutation.map { inStrides[$0] }  // input stride of each output axis
        let rowLength = outShape[rank - 1], rowStride = strides[rank - 1]
        let rows = outShape.reduce(1, *) / max(rowLength, 1)
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
            io.parallel.forEach(rows, grain: max(1, 4096 / max(rowLength, 1)), (x, y, outShape, strides, rowStride)) { state, r in
                let (x, y, outShape, strides, rowStride) = state
                let rank = outShape.count, rowLength = outShape[rank - 1]
                for row in r {
                    var rest = row, offset = 0
                    for d in stride(from: rank - 2, through: 0, by: -1) {
                        offset += (rest % outShape[d]) * strides[d]
                        rest /= outShape[d]
                    }
                    let src = x + offset, dst = y + row * rowLength
                    for i in 0..<rowLength { dst[i] = src[i * rowStride] }
                }
            }
        }
    }
}
