/// Shape inference for the reductions and selections (reduce, argMax, topK, gather, cast, compare,
/// not, select).
extension Op {
    func selectionShapes(_ s: [[Int]], fail: (String) -> IRError, need: (ClosedRange<Int>) throws -> Void) throws -> [[Int]] {
        switch self {
        case .reduce(let a):
            try need(1...1)
            switch a.outputShape(s[0]) {
            case .success(let out): return [out]
            case .failure(let m): throw fail(m.description)
            }
        case .argMax(let a):
            try need(1...1)
            guard a.axis >= 0, a.axis < s[0].count else { throw fail("axis \(a.axis) out of range for \(s[0])") }
            guard s[0][a.axis] > 0 else { throw fail("argmax over an empty axis of \(s[0])") }
            var out = s[0]
            if a.keepDims { out[a.axis] = 1 } else { out.remove(at: a.axis) }
            return [out]
        case .topK(let a):
            try need(1...1)
            guard a.axis >= 0, a.axis < s[0].count else { throw fail("axis \(a.axis) out of range for \(s[0])") }
            guard a.k >= 0, a.k <= s[0][a.axis] else { throw fail("k = \(a.k) is outside 0...\(s[0][a.axis]) for \(s[0])") }
            var out = s[0]
            out[a.axis] = a.k
            return [out, out]
        case .gather(let a):
            try need(2...2)
            guard a.axis >= 0, a.axis < s[0].count else { throw fail("axis \(a.axis) out of range for \(s[0])") }
            return [Array(s[0][..<a.axis]) + s[1] + Array(s[0][(a.axis + 1)...])]
        case .cast, .not:
            try need(1...1)
            return [s[0]]
        case .compare:
            try need(2...2)
            guard let out = broadcastShape(s[0], s[1]) else { throw fail("shapes \(s[0]) and \(s[1]) do not broadcast") }
            return [out]
        case .select:
            try need(3...3)
            guard let out = broadcastShape(s) else { throw fail("shapes \(s) do not broadcast") }
            return [out]
        default:
            throw fail("not a selection op")
        }
    }
}

/// Element types of the reductions and selections.
extension Op {
    func selectionTypes(_ t: [DType], fail: (String) -> IRError) throws -> [DType]? {
        let numeric: [DType] = [.float32, .int64, .int32, .uint8]
        switch self {
        case .reduce(let a):
            guard let x = t.first else { throw fail("reduce needs an input") }
            let allowed: [DType] = a.op == .max || a.op == .min ? numeric + [.bool] : numeric
            guard allowed.contains(x) else { throw fail("\(a.op.rawValue) of \(x.rawValue) is not supported") }
            return [x]
        case .argMax:
            guard let x = t.first, numeric.contains(x) else { throw fail("argmax of \(t.first?.rawValue ?? "nothing") is not supported") }
            return [.int64]
        case .topK:
            guard let x = t.first, numeric.contains(x) else { throw fail("topK of \(t.first?.rawValue ?? "nothing") is not supported") }
            return [x, .int64]
        case .gather:
            guard t.count == 2, t[1] == .int64 || t[1] == .int32 else { throw fail("indices must be int64 or int32, got \(t.map(\.rawValue))") }
            return [t[0]]
        case .cast(let to):
            return [to]
        case .compare(let op):
            guard t.count == 2, t[0] == t[1] else { throw fail("operands must have one element type, got \(t.map(\.rawValue))") }
            if t[0] == .bool, op != .equal { throw fail("\(op.rawValue) of bool tensors is not supported") }
            return [.bool]
        case .not:
            guard t == [.bool] else { throw fail("not needs a bool tensor, got \(t.map(\.rawValue))") }
            return [.bool]
        case .select:
            guard t.count == 3, t[0] == .bool, t[1] == t[2] else {
                throw fail("needs a bool condition and two values of one element type, got \(t.map(\.rawValue))")
            }
            return [t[1]]
        default:
            return nil
        }
    }
}

extension Op {
    /// How many tensors the op writes: topK writes values and indices, every other op one tensor.
    public var outputTensorCount: Int {
        switch self {
        case .topK: return 2
        case .pool(let a): return a.producesIndices ? 2 : 1
        default: return 1
        }
    }
}
