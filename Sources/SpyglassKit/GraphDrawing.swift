import SpyglassIR

/// Graphviz DOT drawing of a graph: one box per node, edges labelled with tensor shapes,
/// detector parts as coloured clusters. `spyglass inspect --dot | dot -Tpng > graph.png`.
public enum GraphDrawing {
    public static func dot(_ graph: Graph, bindings: [String: Int] = [:]) -> String {
        let shapes = (try? ShapeInference.infer(graph, bindings: bindings)) ?? [:]
        let parts = Plugins.parts(of: graph)
        let colours = ["backbone": "#dbeafe", "neck": "#fef3c7", "head": "#fee2e2"]
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var out = "digraph \(q(graph.name)) {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fontname=Helvetica, fontsize=10, fillcolor=white];\n"
        for input in graph.inputs { out += "  \(q(input.name)) [shape=oval, fillcolor=\"#e5e7eb\"];\n" }
        var producer: [String: String] = [:]
        for input in graph.inputs { producer[input.name] = input.name }
        for n in graph.nodes {
            let fill = parts[n.name].flatMap { colours[$0] } ?? "white"
            let label = "\(n.name)\\n\(Inspector.describe([n], shapes: shapes))"
            out += "  \(q(n.name)) [label=\(q(label)), fillcolor=\(q(fill))];\n"
            for t in n.inputs {
                guard let from = producer[t] else { continue }  // constants are not drawn
                let s = shapes[t].map { $0.map(String.init).joined(separator: "×") } ?? ""
                out += "  \(q(from)) -> \(q(n.name)) [label=\(q(s)), fontsize=8];\n"
            }
            for o in n.outputs { producer[o] = n.name }
        }
        for o in graph.outputs {
            out += "  \(q("out:" + o)) [label=\(q(o)), shape=oval, fillcolor=\"#d1fae5\"];\n"
            if let p = producer[o] { out += "  \(q(p)) -> \(q("out:" + o));\n" }
        }
        return out + "}\n"
    }
}
