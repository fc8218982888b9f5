import SpyglassIR

/// cast: one specialised loop per (source, target) element type pair, chosen at plan time.
/// Float → integer truncates toward zero; NaN and out-of-range values give what ONNX's reference
/// (numpy on x86) gives: the integer minimum for int64/int32, and for uint8 the low byte of that
/// int32 conversion. Integer → narrower integer wraps; anything → bool is `x != 0`.
enum CastKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .cast(let to) = ctx.node.op else { throw ctx.wrongOp }
        let from = ctx.inputTypes[0], count = ctx.outputCount
        if from == to { return try CopyKernel.make(ctx) }
        let convert = CastConversion.loop(from: from, to: to)
        return ClosureKernel { io in convert(UnsafeRawPointer(io.inputs[0]), UnsafeMutableRawPointer(io.outputs[0]), count) }
    }
}

/// Element conversions of `cast`.
enum CastConversion {
    typealias Loop = (UnsafeRawPointer, UnsafeMutableRawPointer, Int) -> Void

    static func loop(from: DType, to: DType) -> Loop {
        switch from {
        case .float32: return loop(Float.self, to, integer: { truncate($0) }, float: { $0 })
        case .int64: return loop(Int64.self, to, integer: { $0 }, float: { Float($0) })
        case .int32: return loop(Int32.self, to, integer: { Int64($0) }, float: { Float($0) })
        case .uint8, .bool: return loop(UInt8.self, to, integer: { Int64($0) }, float: { Float($0) })
        }
    }

    /// `integer` maps a source element to Int64 (float: x86-style truncation), `float` to Float.
    private static func loop<S: Equatable & ExpressibleByIntegerLiteral>(_: S.Type, _ to: DType, integer: @escaping (S) -> Int64,
                                                                         float: @escaping (S) -> Float) -> Loop {
        func typed<D>(_: D.Type, _ f: @escaping (S) -> D) -> Loop {
            { src, dst, n in
                let x = src.assumingMemoryBound(to: S.self), y = dst.assumingMemoryBound(to: D.self)
                for i in 0..<n { y[i] = f(x[i]) }
            }
        }
        let fromFloat = S.self == Float.self
        switch to {
        case .float32: return typed(Float.self, float)
        case .int64: return typed(Int64.self, integer)
        case .int32: return typed(Int32.self) { Int32(truncatingIfNeeded: fromFloat ? narrowTruncate(float($0)) : integer($0)) }
        case .uint8: return typed(UInt8.self) { UInt8(truncatingIfNeeded: fromFloat ? narrowTruncate(float($0)) : integer($0)) }
        case .bool: return typed(UInt8.self) { $0 != 0 ? 1 : 0 }
        }
    }

    /// Float → int64 as the x86 conversion does it: toward zero; NaN or out of range → Int64.min.
    static func truncate(_ x: Float) -> Int64 {
        guard x.isFinite, x >= -9.223372e18, x < 9.223372e18 else { return .min }
        return Int64(x.rounded(.towardZero))
    }

    /// Float → int32 as the x86 conversion does it (int32 and uint8 targets go through it).
    static func narrowTruncate(_ x: Float) -> Int64 {
        guard x.isFinite, x > -2147483904, x < 2147483648 else { return Int64(Int32.min) }
        return Int64(x.rounded(.towardZero))
    }
}
