import SpyglassIR

/// Evaluates constant graphs with the reference kernels (one run each, so nothing to prepack, and
/// the plainest semantics): what importers fold their constant subgraphs with.
public struct RuntimeEvaluator: GraphEvaluator {
    public init() {}

    public func evaluate(_ graph: Graph) throws -> [String: ConstantTensor] {
        let plan = try Plan(graph: graph, options: RuntimeOptions(useReferenceKernels: true))
        var out: [String: ConstantTensor] = [:]
        for (name, t) in try plan.run([:]) { out[name] = t.constant }
        return out
    }
}

extension Tensor {
    /// This tensor's values as an IR constant of the same element type.
    public var constant: ConstantTensor {
        switch dtype {
        case .float32: return ConstantTensor(floats: data, shape: shape)
        case .int64: return ConstantTensor(int64s: integers, shape: shape)
        case .int32:
            return ConstantTensor(type: TensorType(.int32, Shape(shape)), storage: TensorStorage(copying: integers.map { Int32(truncatingIfNeeded: $0) }))
        case .uint8, .bool:
            return ConstantTensor(type: TensorType(dtype, Shape(shape)), storage: TensorStorage(copying: integers.map { UInt8(truncatingIfNeeded: $0) }))
        }
    }
}
