import Foundation
import SpyglassIR

/// Import-time reductions on known values: shape arithmetic such as ReduceProd(Shape(x)) for a
/// flattened size, which a following Reshape needs as a constant. Same axes rules as ReduceImport.
extension FoldTable {
    static let reduceRules: [String: FoldRule] = [
        "ReduceSum": reduce(.sum), "ReduceMean": reduce(.mean), "ReduceMax": reduce(.max),
        "ReduceMin": reduce(.min), "ReduceProd": reduce(.prod),
    ]

    static func reduce(_ op: ReduceOperator) -> FoldRule {
        { n, v, ctx in
            guard let x = v.first ?? nil, x.count <= 1 << 20 else { return nil }
            let axesInput = ctx.opset >= (op == .sum ? 13 : 18)
            var axes: [Int] = []
            if axesInput, v.count > 1 {
                guard let given = v[1] else { return nil }
                axes = given.ints
            } else if !axesInput, n.attributes["axes"] != nil {
                axes = try n.ints("axes").map(Int.init)
            }
            if axes.isEmpty, axesInput, try n.int("noop_with_empty_axes", default: 0) != 0 { return [x] }
            let rank = x.dims.count
            let resolved = axes.isEmpty ? Array(0..<rank) : try axes.map { try ctx.axis(Int64($0), rank: rank, n) }
            let attributes = ReduceAttributes(op, axes: Set(resolved).sorted(), keepDims: try n.int("keepdims", default: 1) != 0)
            let dims: [Int]
            switch attributes.outputShape(x.dims) {
            case .success(let d): dims = d
            case .failure(let m): throw ctx.fail(n, m.description)
            }
            var out = [Double](repeating: identity(op, x.dataType), count: dims.reduce(1, *))
            var index = [Int](repeating: 0, count: rank)
            for (i, value) in x.values.enumerated() {
                var rest = i
                for d in stride(from: rank - 1, through: 0, by: -1) { index[d] = rest % x.dims[d]; rest /= x.dims[d] }
                var o = 0
                for d in 0..<rank where !attributes.axes.contains(d) { o = o * x.dims[d] + index[d] }
                switch op {
                case .sum, .mean: out[o] += value
                case .prod: out[o] *= value
                case .max: out[o] = Swift.max(out[o], value)
                case .min: out[o] = Swift.min(out[o], value)
                }
            }
            if op == .mean {
                let count = Double(attributes.axes.reduce(1) { $0 * x.dims[$1] })
                out = out.map { x.isInteger ? ($0 / count).rounded(.towardZero) : $0 / count }
            }
            return [FoldedTensor(dataType: x.dataType, dims: dims, values: out)]
        }
    }

    /// The value of a reduction over no elements (as the runtime's `reduce` gives it).
    private static func identity(_ op: ReduceOperator, _ type: ONNXDataType) -> Double {
        switch (op, type) {
        case (.sum, _), (.mean, _): return 0
        case (.prod, _): return 1
        case (.max, .bool), (.max, .uint8): return 0
        case (.max, .int64): return -9.223372036854775808e18
        case (.max, .int32): return Double(Int32.min)
        case (.max, _): return -.infinity
        case (.min, .bool): return 1
        case (.min, .uint8): return 255
        case (.min, .int64): return 9.223372036854775807e18
        case (.min, .int32): return Double(Int32.max)
        case (.min, _): return .infinity
        }
    }
}
