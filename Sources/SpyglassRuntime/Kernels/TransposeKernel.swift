import SpyglassIR

/// transpose: each output row (last output axis) gathered with one input stride, rows in parallel.
enum TransposeKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .transpose(let a) = ctx.node.op else { throw ctx.wrongOp }
        let inShape = ctx.inputShapes[0], outShape = ctx.outputShape
        let rank = outShape.count
        guard rank > 0 else { return try CopyKernel.make(ctx) }
        var inStrides = [Int](repeating: 1, count: inShape.count)
        for i in stride(from: inShape.count - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * inShape[i + 1] }
        let strides = a.permutation.map { inStrides[$0] }  // input stride of each output axis
        let rowLength = outShape[rank - 1], rowStride = strides[rank - 1]
        let rows = outShape.reduce(1, *) / max(rowLength, 1)
        return ClosureKernel { io in
            io.parallel.forEach(rows, grain: max(1, 4096 / max(rowLength, 1))) { r in
                for row in r {
                    var rest = row, offset = 0
                    for d in stride(from: rank - 2, through: 0, by: -1) {
                        offset += (rest % outShape[d]) * strides[d]
                        rest /= outShape[d]
                    }
                    let src = io.inputs[0] + offset, dst = io.outputs[0] + row * rowLength
                    for i in 0..<rowLength { dst[i] = src[i * rowStride] }
                }
            }
        }
    }
}
