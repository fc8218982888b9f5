/// Attributes of the general tensor ops the ONNX importer needs (reshape, transpose, broadcasting
/// arithmetic). Darknet never produces these.

/// Reshape to `shape`, ONNX-style: 0 copies the input's dim at that position, -1 (at most once) is
/// inferred from the element count. The data is not moved.
public struct ReshapeAttributes: Hashable, Sendable {
    public var shape: [Int]
    /// ONNX's allowzero = 1: a 0 in `shape` is a dim of size 0, not a copy of the input's dim.
    public var allowZero: Bool
    public init(shape: [Int], allowZero: Bool = false) { self.shape = shape; self.allowZero = allowZero }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// The concrete output shape for an input of shape `input`.
    public func resolve(_ input: [Int]) throws -> [Int] {
        var out: [Int] = []
        var inferred: Int? = nil
        for (i, d) in shape.enumerated() {
            switch d {
            case 0 where allowZero:
                out.append(0)
            case 0:
                guard i < input.count else { throw Invalid(description: "0 at position \(i) has no input dim to copy in \(input)") }
                out.append(input[i])
            case -1:
                guard inferred == nil else { throw Invalid(description: "more than one -1 in \(shape)") }
                inferred = i
                out.append(1)
            case let v where v > 0:
                out.append(v)
            default:
                throw Invalid(description: "invalid dim \(d) in \(shape)")
            }
        }
        let total = input.reduce(1, *), known = out.reduce(1, *)
        if let i = inferred {
            guard known > 0, total % known == 0 else { throw Invalid(description: "cannot reshape \(input) to \(shape)") }
            out[i] = total / known
        }
        guard out.reduce(1, *) == total else { throw Invalid(description: "cannot reshape \(input) (\(total) elements) to \(shape)") }
        return out
    }
}

/// Permutes the axes: output dim i is input dim `permutation[i]`.
public struct TransposeAttributes: Hashable, Sendable {
    public var permutation: [Int]
    public init(permutation: [Int]) { self.permutation = permutation }
}

/// Element-wise arithmetic of two tensors.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case add, sub, mul, div, pow
}

/// `a ∘ b` with numpy-style broadcasting (shapes aligned on the right, dims of 1 stretched).
public struct BinaryAttributes: Hashable, Sendable {
    public var op: BinaryOperator
    public init(_ op: BinaryOperator) { self.op = op }
}

/// The broadcast shape of `a` and `b` (numpy rules), or nil when they do not broadcast.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        guard da == db || da == 1 || db == 1 else { return nil }
        out[i] = da == 1 ? db : da
    }
    return out
}

/// Element strides of `shape` viewed in the broadcast shape `to`: 0 along stretched dims.
public func broadcastStrides(_ shape: [Int], to: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: to.count)
    var step = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        let j = i + (to.count - shape.count)
        strides[j] = shape[i] == 1 ? 0 : step
        step *= shape[i]
    }
    return strides
}
