import SpyglassIR

/// Replaces nodes whose inputs are all constants by constants holding their result (named as the
/// node's output), for ops `ConstantEvaluator` can compute. Nodes producing a graph output are kept
/// so the runtime still produces every output; other all-constant nodes are reported as skipped.
public struct ConstantFolding: GraphPass {
    public let name = "constant-folding"
    public init() {}

    public func run(on graph: inout Graph) throws -> PassReport {
        var details: [String] = []
        var removed = Set<Int>()
        var consumed = Set<String>()
        for (j, node) in graph.nodes.enumerated() {
            guard !node.inputs.isEmpty, node.inputs.allSatisfy({ graph.constants[$0] != nil }) else { continue }
            guard ConstantEvaluator.canEvaluate(node.op) else {
                details.append("skipped \(node.name): \(node.op.kind.rawValue) is not evaluated without the runtime")
                continue
            }
            if let output = node.outputs.first(where: graph.isOutput) {
                details.append("skipped \(node.name): its output '\(output)' is a graph output")
                continue
            }
            var inputs: [ConstantEvaluator.Value] = []
            for name in node.inputs {
                guard let values = graph.floatConstant(name), let c = graph.constants[name] else { break }
                inputs.append(ConstantEvaluator.Value(shape: c.shape, data: values))
            }
            guard inputs.count == node.inputs.count else {
                details.append("skipped \(node.name): an input is not a float32 constant")
                continue
            }
            guard let result = try ConstantEvaluator.evaluate(node.op, inputs, node: node.label), node.outputs.count == 1 else {
                details.append("skipped \(node.name): \(node.op.kind.rawValue) could not be evaluated")
                continue
            }
            graph.constants[node.outputs[0]] = ConstantTensor(floats: result.data, shape: result.shape)
            removed.insert(j)
            consumed.formUnion(node.inputs)
            details.append("folded \(node.name) (\(node.op.kind.rawValue)) into constant '\(node.outputs[0])' \(result.shape)")
        }
        guard !removed.isEmpty else { return PassReport(pass: name, changed: false, details: details) }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        let dropped = graph.removeUnusedConstants(among: consumed)
        if !dropped.isEmpty { details.append("dropped unused constants: \(dropped.joined(separator: ", "))") }
        return PassReport(pass: name, changed: true, details: details)
    }
}
