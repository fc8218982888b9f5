import SpyglassIR

/// gather as ONNX defines it: output[i₀…, j…, k…] = data[i₀…, indices[j…], k…], element by element
/// (negative indices count from the end; out-of-range ones give zeros).
enum ReferenceGather {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .gather(let a) = ctx.node.op else { throw ctx.wrongOp }
        let wide = ctx.inputTypes[1] == .int64
        return withElementType(size: ctx.elementSize) { T in make(T, a, wide: wide, ctx) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ a: GatherAttributes, wide: Bool, _ ctx: KernelContext) -> Kernel {
        let data = ctx.inputShapes[0], out = ctx.outputShape, outCount = ctx.outputCount
        let indexRank = ctx.inputShapes[1].count
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
            var index = [Int](repeating: 0, count: out.count)
            for e in 0..<outCount {
                var rest = e
                for d in stride(from: out.count - 1, through: 0, by: -1) { index[d] = rest % out[d]; rest /= out[d] }
                var flatIndex = 0
                for d in 0..<indexRank { flatIndex = flatIndex * out[a.axis + d] + index[a.axis + d] }
                var k = wide ? Int(io.input(1, as: Int64.self)[flatIndex]) : Int(io.input(1, as: Int32.self)[flatIndex])
                if k < 0 { k += data[a.axis] }
                guard k >= 0, k < data[a.axis] else { y[e] = 0; continue }
                var src = 0
                for d in 0..<data.count {
                    let i = d < a.axis ? index[d] : d == a.axis ? k : index[d + indexRank - 1]
                    src = src * data[d] + i
                }
                y[e] = x[src]
            }
        }
    }
}
