/// Concrete shapes of every tensor in a graph, for given values of its symbolic dims.
public struct ShapeInference {
    /// Shapes of all tensors (graph inputs, constants, node outputs) keyed by name.
    public static func infer(_ graph: Graph, bindings: [String: Int] = [:]) throws -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for input in graph.inputs {
            let bound = input.type.shape.binding(bindings)
            guard let c = bound.concrete else {
                let sym = bound.dims.first { $0.value == nil }?.description ?? "?"
                throw IRError.unboundDimension(input: input.name, dim: sym)
            }
            shapes[input.name] = c
        }
        for (name, t) in graph.constants { shapes[name] = t.shape }
        for node in graph.nodes {
            var ins: [[Int]] = []
            for name in node.inputs {
                guard let s = shapes[name] else {
                    throw IRError.shape(node: node.label, message: "input '\(name)' is not defined before this node")
                }
                ins.append(s)
            }
            let outs = try node.op.outputShapes(ins, at: node.label)
            guard outs.count == node.outputs.count else {
                throw IRError.shape(node: node.label, message: "produces \(outs.count) outputs but names \(node.outputs.count)")
            }
            for (n, s) in zip(node.outputs, outs) { shapes[n] = s }
        }
        return shapes
    }
}
