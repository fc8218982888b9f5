import Foundation
import SpyglassIR

/// cast element by element through Double: float → integer truncates toward zero, and NaN or
/// values outside the integer range give the integer minimum (int32 for uint8, then its low byte),
/// as numpy does on x86; integers wrap to narrower ones; bool is `x != 0`.
enum ReferenceCast {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .cast(let to) = ctx.node.op else { throw ctx.wrongOp }
        let from = ctx.inputTypes[0], count = ctx.outputCount
        return ClosureKernel { io in
            for i in 0..<count {
                let value: Double
                switch from {
                case .float32: value = Double(io.input(0, as: Float.self)[i])
                case .int64: value = Double(io.input(0, as: Int64.self)[i])
                case .int32: value = Double(io.input(0, as: Int32.self)[i])
                case .uint8, .bool: value = Double(io.input(0, as: UInt8.self)[i])
                }
                // int64 sources keep all 64 bits for integer targets (Double would round them).
                let exact: Int64? = from == .int64 ? io.input(0, as: Int64.self)[i] : nil
                func integer(min: Double, max: Double, fallback: Int64) -> Int64 {
                    if let exact { return exact }
                    guard !value.isNaN, value >= min, value < max else { return fallback }
                    return Int64(value.rounded(.towardZero))
                }
                switch to {
                case .float32:
                    io.output(0, as: Float.self)[i] = exact.map { Float($0) } ?? Float(value)
                case .int64:
                    io.output(0, as: Int64.self)[i] = integer(min: -9.223372036854775808e18, max: 9.223372036854775808e18, fallback: .min)
                case .int32:
                    io.output(0, as: Int32.self)[i] = Int32(truncatingIfNeeded: integer(min: -2147483648, max: 2147483648, fallback: Int64(Int32.min)))
                case .uint8:
                    io.output(0, as: UInt8.self)[i] = UInt8(truncatingIfNeeded: integer(min: -2147483648, max: 2147483648, fallback: Int64(Int32.min)))
                case .bool:
                    io.output(0, as: UInt8.self)[i] = (exact.map { $0 != 0 } ?? (value != 0)) ? 1 : 0
                }
            }
        }
    }
}
