import SpyglassIR

/// Which conv nodes of a plan computed from stored packed weights and which packed at plan time.
public final class PrepackLog {
    public internal(set) var reused: [String] = []
    public internal(set) var packed: [String] = []
    public init() {}
}

/// Packs the weights of every node whose chosen algorithm computes in its own layout, for storing
/// beside the graph (`Graph.packedWeights`, written into `.spyglass` files by `spyglass optimize`
/// and `convert`). The choice of algorithm is the plan's, for the graph's input shapes.
public enum Prepacking {
    /// Blobs for `graph` as it is now (symbolic input dims bound by `bindings`, else to 1).
    /// Nodes whose shapes cannot be inferred or whose weights are not float32 constants are skipped:
    /// their kernels simply pack at plan time.
    public static func pack(_ graph: Graph, bindings: [String: Int] = [:]) -> PackedWeights {
        var bound = bindings
        for input in graph.inputs {
            for case .symbolic(let name) in input.type.shape.dims where bound[name] == nil { bound[name] = 1 }
        }
        guard let shapes = try? ShapeInference.infer(graph, bindings: bound) else { return PackedWeights() }
        var result = PackedWeights()
        for node in graph.nodes {
            guard case .conv2d(let attributes) = node.op, node.inputs.count > 1,
                  let input = shapes[node.inputs[0]], let output = node.outputs.first.flatMap({ shapes[$0] }),
                  input.count == 4, output.count == 4,
                  let weights = graph.constants[node.inputs[1]], weights.type.dtype == .float32,
                  let base = weights.storage.bytes.baseAddress, Int(bitPattern: base) % 4 == 0 else { continue }
            let geometry = ConvGeometry(input: input, output: output, attributes: attributes)
            guard let algorithm = ConvolutionAlgorithms.algorithm(for: geometry) as? PrepackingConvolution.Type,
                  let layout = algorithm.packedLayout(geometry),
                  weights.storage.bytes.count >= geometry.outChannels * geometry.gemmK * 4 else { continue }
            let packed = AlignedFloats(count: algorithm.packedCount(geometry))
            algorithm.pack(geometry, weights: base.assumingMemoryBound(to: Float.self), into: packed.pointer)
            let bytes = UnsafeRawBufferPointer(start: packed.pointer, count: packed.count * MemoryLayout<Float>.stride)
            result.insert(PackedWeight(node: node.name, weights: node.inputs[1], layout: layout,
                                       geometry: algorithm.packedGeometry(geometry),
                                       storage: TensorStorage(bytes: bytes, owner: packed), source: weights.storage))
        }
        return result
    }
}
