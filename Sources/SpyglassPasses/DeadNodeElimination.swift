import SpyglassIR

/// Removes nodes none of whose outputs reach a graph output, then constants nothing reads.
public struct DeadNodeElimination: GraphPass {
    public let name = "dead-nodes"
    public init() {}

    public func run(on graph: inout Graph) throws -> PassReport {
        var live = Set(graph.outputs)
        var keep = [Bool](repeating: false, count: graph.nodes.count)
        for j in graph.nodes.indices.reversed() where graph.nodes[j].outputs.contains(where: live.contains) {
            keep[j] = true
            live.formUnion(graph.nodes[j].inputs)
        }
        let dead = graph.nodes.indices.filter { !keep[$0] }.map { graph.nodes[$0].name }
        graph.nodes = graph.nodes.indices.filter { keep[$0] }.map { graph.nodes[$0] }
        let constants = graph.removeUnusedConstants()
        var details: [String] = []
        if !dead.isEmpty { details.append("removed nodes: \(dead.joined(separator: ", "))") }
        if !constants.isEmpty { details.append("removed constants: \(constants.joined(separator: ", "))") }
        return PassReport(pass: name, changed: !details.isEmpty, details: details)
    }
}
