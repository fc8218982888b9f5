import SpyglassDetection
import SpyglassIR
import SpyglassImage
import SpyglassRuntime

/// What the three YOLO plugins share: finding their output ops, defaults, and reading output tensors.
enum YOLOGraph {
    /// Indices of the typed detector output ops (yolo / region / detection), in graph order.
    static func detectorNodes(_ graph: Graph) -> [Int] {
        graph.nodes.indices.filter { graph.nodes[$0].op.isDetectorOutput }
    }

    /// True when the graph has detector outputs, all of `kind`, each exposed as a graph output.
    static func hasOnly(_ kind: OpKind, in graph: Graph) -> Bool {
        let nodes = detectorNodes(graph)
        let outputs = Set(graph.outputs)
        return !nodes.isEmpty && nodes.allSatisfy { i in
            graph.nodes[i].op.kind == kind && graph.nodes[i].outputs.first.map(outputs.contains) == true
        }
    }

    /// Why `hasOnly` fails, for the error a plugin's init throws.
    static func mismatch(_ kind: OpKind, in graph: Graph) -> String {
        let nodes = detectorNodes(graph)
        if nodes.isEmpty { return "it has no detector output op" }
        if let other = nodes.first(where: { graph.nodes[$0].op.kind != kind }) {
            return "\(graph.nodes[other].label) is not a \(kind.rawValue) output"
        }
        return "a \(kind.rawValue) op's tensor is not a graph output"
    }

    /// Network input (width, height): the graph input's fixed NCHW dims, else the size in the cfg.
    static func inputSize(_ graph: Graph, fallback: (Int, Int)) -> (width: Int, height: Int) {
        guard let dims = graph.inputs.first?.type.shape.dims, dims.count == 4,
              let h = dims[2].value, let w = dims[3].value, w > 0, h > 0 else { return fallback }
        return (w, h)
    }

    /// The graph's class names when they fit, else "class 0", "class 1", ….
    static func classNames(_ graph: Graph, classes: Int) -> [String] {
        let names = graph.metadata.classNames
        if names.count == classes { return names }
        return (0..<classes).map { "class \($0)" }
    }

    /// The output tensor of a detector node with its grid size (NCHW; a rank-2 tensor has a 1×1 grid).
    static func output(of node: Node, in outputs: [String: Tensor]) throws -> (tensor: Tensor, width: Int, height: Int) {
        guard let name = node.outputs.first, let t = outputs[name] else {
            throw DetectorError.badOutput(node: node.label, message: "output '\(node.outputs.first ?? "?")' was not produced")
        }
        if t.shape.count == 4 { return (t, t.shape[3], t.shape[2]) }
        return (t, 1, 1)
    }
}
