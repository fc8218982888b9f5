/// Attributes of the reductions and selections the ONNX importer produces (ReduceSum/Mean/Max,
/// ArgMax, TopK, Gather, comparisons, Cast, Where). Darknet never produces these.

/// How `reduce` combines the elements along its axes.
public enum ReduceOperator: String, Hashable, Sendable, CaseIterable {
    case sum, mean, max, min, prod
}

/// Reduces `axes` (sorted, distinct, non-negative) of the input; reduced dims are kept as 1 when
/// `keepDims`, else dropped. An empty `axes` leaves the tensor unchanged (ONNX's noop_with_empty_axes);
/// the importer writes "every axis" out explicitly.
public struct ReduceAttributes: Hashable, Sendable {
    public var op: ReduceOperator
    public var axes: [Int]
    public var keepDims: Bool
    public init(_ op: ReduceOperator, axes: [Int], keepDims: Bool) {
        self.op = op; self.axes = axes; self.keepDims = keepDims
    }

    /// The output shape for `input`, or a message saying why the axes do not fit.
    public func outputShape(_ input: [Int]) -> Result<[Int], ShapeMessage> {
        guard axes.allSatisfy({ $0 >= 0 && $0 < input.count }), Set(axes).count == axes.count else {
            return .failure(ShapeMessage("axes \(axes) invalid for \(input)"))
        }
        var out: [Int] = []
        for (d, size) in input.enumerated() {
            if !axes.contains(d) { out.append(size) } else if keepDims { out.append(1) }
        }
        return .success(out)
    }
}

/// A shape-inference failure message (wrapped by the caller into an error naming the node).
public struct ShapeMessage: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Index of the largest element along `axis` (int64 output); ties go to the first index, or the
/// last with `selectLastIndex`.
public struct ArgMaxAttributes: Hashable, Sendable {
    public var axis: Int
    public var keepDims: Bool
    public var selectLastIndex: Bool
    public init(axis: Int, keepDims: Bool, selectLastIndex: Bool) {
        self.axis = axis; self.keepDims = keepDims; self.selectLastIndex = selectLastIndex
    }
}

/// The `k` largest (or smallest) elements along `axis`, sorted, and their int64 indices; equal
/// values are ordered by index (ONNX's rule).
public struct TopKAttributes: Hashable, Sendable {
    public var k: Int
    public var axis: Int
    public var largest: Bool
    public init(k: Int, axis: Int, largest: Bool) {
        self.k = k; self.axis = axis; self.largest = largest
    }
}

/// `data, indices`: slices of `data` along `axis` picked by int64/int32 indices (negative counts from the end).
public struct GatherAttributes: Hashable, Sendable {
    public var axis: Int
    public init(axis: Int) { self.axis = axis }
}

/// Element-wise comparison producing a bool tensor.
public enum CompareOperator: String, Hashable, Sendable, CaseIterable {
    case equal, greater, less, greaterOrEqual, lessOrEqual
}

/// The broadcast shape of several shapes (numpy rules), or nil when they do not broadcast.
public func broadcastShape(_ shapes: [[Int]]) -> [Int]? {
    guard var out = shapes.first else { return [] }
    for s in shapes.dropFirst() {
        guard let b = broadcastShape(out, s) else { return nil }
        out = b
    }
    return out
}
