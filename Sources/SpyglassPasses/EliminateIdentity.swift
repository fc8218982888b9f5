import SpyglassIR

/// Removes `identity` and `dropout` (identity at inference). Readers of its output read its input
/// instead; when its output is a graph output, the producer of its input is renamed to write that
/// output, so graph output names never change.
public struct EliminateIdentity: GraphPass {
    public let name = "eliminate-identity"
    public var targetOps: Set<OpKind> { [.identity, .dropout] }
    public init() {}

    public func run(on graph: inout Graph) throws -> PassReport {
        var details: [String] = []
        var changed = false
        let candidates = graph.nodes.filter { targetOps.contains($0.op.kind) }.map(\.name)
        for candidate in candidates {
            guard let j = graph.nodes.firstIndex(where: { $0.name == candidate }) else { continue }
            let node = graph.nodes[j]
            guard node.inputs.count == 1, node.outputs.count == 1 else { continue }
            let (x, y) = (node.inputs[0], node.outputs[0])
            if !graph.isOutput(y) {
                graph.nodes.remove(at: j)
                graph.redirectReads(of: y, to: x)
                details.append("removed \(node.name): readers of '\(y)' now read '\(x)'")
                changed = true
            } else if graph.isOutput(x) {
                details.append("kept \(node.name): both its input '\(x)' and its output '\(y)' are graph outputs")
            } else if let producer = graph.producers[x] {
                let producerName = graph.nodes[producer].name
                graph.nodes.remove(at: j)
                graph.renameTensor(x, to: y)
                details.append("removed \(node.name): \(producerName) now writes graph output '\(y)' (was '\(x)')")
                changed = true
            } else {
                details.append("kept \(node.name): its output '\(y)' is a graph output and its input '\(x)' is a graph input or constant")
            }
        }
        return PassReport(pass: name, changed: changed, details: details)
    }
}
