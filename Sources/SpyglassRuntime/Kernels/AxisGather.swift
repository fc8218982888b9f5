import SpyglassIR

/// The optimised engine of pad, strided slice, tile and expand: output coordinate o along axis d
/// reads input coordinate `source(d, o)` (nil: the fill value). The per-axis answers are tabled
/// at plan time as element offsets, so a run adds one table entry per axis per output row and
/// one per element along the last axis; rows run in parallel. Any element width.
enum AxisGather {
    static func make(_ ctx: KernelContext, fill: Double = 0, source: (_ axis: Int, _ o: Int) -> Int?) throws -> Kernel {
        let inShape = ctx.inputShapes[0], outShape = ctx.outputShape
        guard !outShape.isEmpty else { return try CopyKernel.make(ctx) }
        var strides = [Int](repeating: 1, count: inShape.count)
        for d in stride(from: inShape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * inShape[d + 1] }
        // −1 marks a filled position.
        let tables: [[Int]] = outShape.indices.map { d in (0..<outShape[d]).map { o in source(d, o).map { $0 * strides[d] } ?? -1 } }
        let dtype = ctx.outputTypes.first ?? .float32
        return withElementType(size: dtype.byteSize) { T in make(T, tables, outShape, fill: fill, dtype) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ tables: [[Int]], _ outShape: [Int], fill value: Double, _ dtype: DType) -> Kernel {
        let fill = bitPattern(value, dtype, as: T.self)
        let rank = outShape.count, rowLength = outShape[rank - 1], last = tables[rank - 1]
        let rows = rowLength == 0 ? 0 : outShape.reduce(1, *) / rowLength
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
            io.parallel.forEach(rows, grain: max(1, 4096 / max(rowLength, 1)), (x, y, tables, last, outShape, fill)) { state, range in
                let (x, y, tables, last, outShape, fill) = state
                let rank = outShape.count, rowLength = outShape[rank - 1]
                for row in range {
                    var rest = row, base = 0
                    for d in stride(from: rank - 2, through: 0, by: -1) {
                        let t = tables[d][rest % outShape[d]]
                        rest /= outShape[d]
                        if t < 0 { base = -1; break }
                        base += t
                    }
                    let dst = y + row * rowLength
                    if base < 0 {
                        for j in 0..<rowLength { dst[j] = fill }
                        continue
                    }
                    let src = x + base
                    last.withUnsafeBufferPointer { offsets in
                        for j in 0..<rowLength {
                            let t = offsets[j]
                            dst[j] = t < 0 ? fill : src[t]
                        }
                    }
                }
            }
        }
    }

    /// `value` in `dtype`, as the bits of an element of width `T`.
    static func bitPattern<T: FixedWidthInteger>(_ value: Double, _ dtype: DType, as _: T.Type) -> T {
        switch dtype {
        case .float32: return T(truncatingIfNeeded: Float(value).bitPattern)
        case .int64: return T(truncatingIfNeeded: value.clampedInt64)
        case .int32: return T(truncatingIfNeeded: Int32(clamping: value.clampedInt64))
        case .uint8: return T(truncatingIfNeeded: UInt8(clamping: value.clampedInt64))
        case .bool: return value != 0 ? 1 : 0
        }
    }
}

extension Double {
    /// Rounded toward zero and clamped to Int64 (NaN → 0): a fill value for an integer tensor.
    var clampedInt64: Int64 {
        if isNaN { return 0 }
        if self >= 9.2233720368547758e18 { return .max }
        if self <= -9.2233720368547758e18 { return .min }
        return Int64(rounded(.towardZero))
    }
}
