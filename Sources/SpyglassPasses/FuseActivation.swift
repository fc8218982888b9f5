import SpyglassIR

/// `producer → activation` becomes the producer carrying the activation (conv2d, fullyConnected,
/// locallyConnected and shortcut can, see `Op.fusing`) when the activation is the producer output's
/// only reader and that output is not a graph output. The producer takes the activation's output name.
public struct FuseActivation: GraphPass {
    public let name = "fuse-activation"
    public var targetOps: Set<OpKind> { [.activation] }
    public init() {}

    public func run(on graph: inout Graph) throws -> PassReport {
        let producers = graph.producers
        let consumers = graph.consumers
        var details: [String] = []
        var removed = Set<Int>()
        for (j, node) in graph.nodes.enumerated() {
            guard case .activation(let function) = node.op else { continue }
            guard node.inputs.count == 1, node.outputs.count == 1 else { continue }
            let x = node.inputs[0]
            guard let p = producers[x] else {
                details.append("kept \(node.name): its input '\(x)' is not produced by a node")
                continue
            }
            let producer = graph.nodes[p]
            guard let fused = producer.op.fusing(function) else {
                let why = producer.op.fusedActivation.map { "already applies \($0.rawValue)" } ?? "cannot carry an activation"
                details.append("kept \(node.name): \(producer.name) (\(producer.op.kind.rawValue)) \(why)")
                continue
            }
            if graph.isOutput(x) {
                details.append("kept \(node.name): \(producer.name)'s output '\(x)' is a graph output")
                continue
            }
            if (consumers[x] ?? []) != [j] {
                details.append("kept \(node.name): \(producer.name)'s output '\(x)' has other readers")
                continue
            }
            graph.nodes[p].op = fused
            graph.nodes[p].outputs = producer.outputs.map { $0 == x ? node.outputs[0] : $0 }
            removed.insert(j)
            details.append("fused \(node.name) (\(function.rawValue)) into \(producer.name)")
        }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        return PassReport(pass: name, changed: !removed.isEmpty, details: details)
    }
}
