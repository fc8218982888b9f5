import SpyglassIR

/// The plain form of the indexing ops: for every output element, its coordinates, each mapped to
/// an input coordinate by `source` (nil: the element is `fill`), then the input element read.
enum ReferenceIndexing {
    static func make(_ ctx: KernelContext, inputShape: [Int]? = nil, fill: Double = 0,
                     source: @escaping (_ axis: Int, _ o: Int) -> Int?) -> Kernel {
        let dtype = ctx.outputTypes.first ?? .float32
        return withElementType(size: dtype.byteSize) { T in
            make(T, inputShape ?? ctx.inputShapes[0], ctx.outputShape, fill, dtype, source)
        }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ inShape: [Int], _ outShape: [Int], _ value: Double, _ dtype: DType,
                                                   _ source: @escaping (Int, Int) -> Int?) -> Kernel {
        let fill = AxisGather.bitPattern(value, dtype, as: T.self)
        let count = outShape.reduce(1, *)
        return ReferenceKernel { inputs, yf in
            let x = UnsafeRawPointer(inputs[0]).assumingMemoryBound(to: T.self)
            let y = UnsafeMutableRawPointer(yf).assumingMemoryBound(to: T.self)
            var coords = [Int](repeating: 0, count: outShape.count)
            for i in 0..<count {
                var rest = i
                for d in stride(from: outShape.count - 1, through: 0, by: -1) { coords[d] = rest % outShape[d]; rest /= outShape[d] }
                var flat = 0, filled = false
                for d in 0..<outShape.count {
                    guard let c = source(d, coords[d]) else { filled = true; break }
                    flat = flat * inShape[d] + c
                }
                y[i] = filled ? fill : x[flat]
            }
        }
    }
}
