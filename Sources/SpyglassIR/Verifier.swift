/// Structural checks on a graph: unique names, every input defined before use, outputs produced,
/// constants of the right kind, and shapes consistent. Each problem names the node.
public struct Verifier {
    public static func verify(_ graph: Graph, bindings: [String: Int] = [:]) throws {
        var defined = Set(graph.inputs.map(\.name))
        for name in graph.constants.keys {
            guard !defined.contains(name) else { throw IRError.verification(message: "'\(name)' is both a graph input and a constant") }
            defined.insert(name)
        }
        var nodeNames = Set<String>()
        for node in graph.nodes {
            guard nodeNames.insert(node.name).inserted else {
                throw IRError.verification(message: "duplicate node name '\(node.name)'")
            }
            for input in node.inputs where !defined.contains(input) {
                throw IRError.verification(message: "\(node.label) reads '\(input)', which is not a graph input, a constant, or the output of an earlier node")
            }
            for output in node.outputs {
                guard defined.insert(output).inserted else {
                    throw IRError.verification(message: "\(node.label) redefines tensor '\(output)'")
                }
            }
            guard !node.outputs.isEmpty else { throw IRError.verification(message: "\(node.label) has no outputs") }
        }
        for out in graph.outputs where !defined.contains(out) {
            throw IRError.verification(message: "graph output '\(out)' is never produced")
        }
        guard !graph.outputs.isEmpty else { throw IRError.verification(message: "graph has no outputs") }
        _ = try TypeInference.infer(graph)
        _ = try ShapeInference.infer(graph, bindings: bindings)
    }
}
