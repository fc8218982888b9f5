import Foundation
import SpyglassIR

/// Import-time evaluation of Range, comparisons, Not and Where on known values (shape arithmetic
/// such as `Where(Equal(shape, -1), …)`, and Range, whose output size depends on its inputs).
extension FoldTable {
    static let selectionRules: [String: FoldRule] = [
        "Range": range,
        "Equal": { try compare($0, $1, $2, ==) },
        "Greater": { try compare($0, $1, $2, >) },
        "Less": { try compare($0, $1, $2, <) },
        "GreaterOrEqual": { try compare($0, $1, $2, >=) },
        "LessOrEqual": { try compare($0, $1, $2, <=) },
        "Not": { _, v, _ in
            guard let x = v.first ?? nil else { return nil }
            return [FoldedTensor(dataType: .bool, dims: x.dims, values: x.values.map { $0 == 0 ? 1 : 0 })]
        },
        "Where": whereFold,
    ]

    /// ONNX Range: max(ceil((limit − start) / delta), 0) elements start + i·delta, of start's type
    /// (float32 arithmetic for float inputs, as the reference's numpy.arange on float32 scalars).
    static func range(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        guard v.count == 3, let s = v[0], let l = v[1], let d = v[2], s.count == 1, l.count == 1, d.count == 1 else { return nil }
        let start = s.values[0], limit = l.values[0], delta = d.values[0]
        guard delta != 0 else { throw ctx.fail(n, "delta is 0") }
        let count = max(Int((((limit - start) / delta)).rounded(.up)), 0)
        guard count <= 1 << 24 else { throw ctx.fail(n, "range of \(count) elements is too large to fold") }
        let values: [Double] = s.isInteger
            ? (0..<count).map { start + Double($0) * delta }
            : (0..<count).map { Double(Float(start) + Float($0) * Float(delta)) }
        return [FoldedTensor(dataType: s.dataType, dims: [count], values: values)]
    }

    static func compare(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext, _ f: @escaping (Double, Double) -> Bool) throws -> [FoldedTensor]? {
        guard var out = try elementwise(n, v, ctx, { f($0, $1) ? 1 : 0 })?.first else { return nil }
        out.dataType = .bool
        return [out]
    }

    static func whereFold(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        guard v.count == 3, let c = v[0], let x = v[1], let y = v[2], let dims = broadcastShape([c.dims, x.dims, y.dims]) else { return nil }
        let count = dims.reduce(1, *)
        guard count <= 1 << 20 else { return nil }
        let strides = [c.dims, x.dims, y.dims].map { broadcastStrides($0, to: dims) }
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var rest = i, offsets = [0, 0, 0]
            for d in stride(from: dims.count - 1, through: 0, by: -1) {
                let k = rest % dims[d]
                rest /= dims[d]
                for t in 0..<3 { offsets[t] += k * strides[t][d] }
            }
            out[i] = c.values[offsets[0]] != 0 ? x.values[offsets[1]] : y.values[offsets[2]]
        }
        return [FoldedTensor(dataType: x.dataType, dims: dims, values: out)]
    }

    /// Cast on a known value with the runtime cast's rules (see CastKernel): float → integer
    /// truncates toward zero (NaN and out of range → the integer minimum; uint8 through int32),
    /// integers wrap to narrower types, bool is `x != 0`.
    static func castValue(_ x: Double, from: ONNXDataType, to: ONNXDataType) -> Double {
        let fromFloat = from == .float || from == .double || from == .float16
        func int32Path() -> Int64 {
            if !fromFloat { return x.int64Clamped }
            guard !x.isNaN, x >= -2147483648, x < 2147483648 else { return Int64(Int32.min) }
            return Int64(x.rounded(.towardZero))
        }
        switch to {
        case .bool: return x != 0 ? 1 : 0
        case .float: return Double(Float(x))
        case .double, .float16, .bfloat16: return x
        case .int64:
            guard !x.isNaN, x >= -9.223372036854775808e18, x < 9.223372036854775808e18 else { return -9.223372036854775808e18 }
            return x.rounded(.towardZero)
        case .int32: return Double(Int32(truncatingIfNeeded: int32Path()))
        case .uint8: return Double(UInt8(truncatingIfNeeded: int32Path()))
        case .int8: return Double(Int8(truncatingIfNeeded: int32Path()))
        case .int16: return Double(Int16(truncatingIfNeeded: int32Path()))
        case .uint16: return Double(UInt16(truncatingIfNeeded: int32Path()))
        default: return x.rounded(.towardZero)
        }
    }
}
