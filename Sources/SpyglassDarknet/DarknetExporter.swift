import Foundation
import SpyglassIR

/// Spyglass IR → Darknet cfg + .weights. Accepts graphs straight from the importer and graphs after
/// optimisation (BN folded, activations fused, dropout/identity removed).
public enum DarknetExporter {
    public static func export(_ graph: Graph) throws -> (cfg: String, weights: Data) {
        guard graph.inputs.count == 1, let input = graph.inputs.first else {
            throw DarknetError.unsupportedGraph(node: "graph '\(graph.name)'", message: "Darknet networks have exactly one input, this graph has \(graph.inputs.count)")
        }
        // A symbolic batch is fine (Darknet's batch is not part of the model); spatial dims must be fixed.
        var bindings: [String: Int] = [:]
        if case .symbolic(let name)? = input.type.shape.dims.first { bindings[name] = 1 }
        let shapes: [String: [Int]]
        do { shapes = try ShapeInference.infer(graph, bindings: bindings) } catch {
            throw DarknetError.unsupportedGraph(node: "graph '\(graph.name)'", message: "\(error)")
        }
        guard let inputShape = shapes[input.name], inputShape.count == 4, inputShape[0] == 1 else {
            throw DarknetError.unsupportedGraph(node: "input '\(input.name)'", message: "Darknet inputs are [1, C, H, W], got \(input.type)")
        }
        let header = DarknetWeightsHeader(properties: graph.metadata.properties)
        let emitter = LayerEmitter(graph: graph, shapes: shapes, header: header, input: input.name)
        for (index, node) in graph.nodes.enumerated() where !emitter.consumed.contains(index) {
            emitter.consumed.insert(index)
            try export(node, emitter)
        }
        let net: [(key: String, value: String)] = [
            ("batch", "1"), ("subdivisions", "1"),
            ("width", String(inputShape[3])), ("height", String(inputShape[2])), ("channels", String(inputShape[1])),
        ]
        let source = graph.metadata.source.isEmpty ? graph.name : graph.metadata.source
        let cfg = CfgWriter.text(net: net, sections: emitter.sections, header: "written by Spyglass from \(source)")
        var weights = header.bytes()
        for section in emitter.sections {
            for p in section.parameters { p.withUnsafeBufferPointer { weights.appendFloats($0) } }
        }
        return (cfg, weights)
    }

    public static func write(_ graph: Graph, cfg: URL, weights: URL) throws {
        let (text, data) = try export(graph)
        do { try text.write(to: cfg, atomically: true, encoding: .utf8) } catch {
            throw DarknetError.io(path: cfg.path, message: "cannot write cfg: \(error.localizedDescription)")
        }
        do { try data.write(to: weights, options: .atomic) } catch {
            throw DarknetError.io(path: weights.path, message: "cannot write weights: \(error.localizedDescription)")
        }
    }

    static func export(_ node: Node, _ e: LayerEmitter) throws {
        switch node.op {
        case .conv2d(let a): try e.exportConvolution(node, a)
        case .fullyConnected(let a): try e.exportConnected(node, a)
        case .locallyConnected(let a): try e.exportLocal(node, a)
        case .maxPool(let a): try e.exportMaxPool(node, a)
        case .globalAvgPool: try e.exportSingleInput(node, SectionDraft("avgpool"))
        case .shortcut(let a): try e.exportShortcut(node, a)
        case .add: try e.exportShortcut(node, ShortcutAttributes())
        case .concat(let a): try e.exportConcat(node, a)
        case .slice(let a): try e.exportSlice(node, a)
        case .identity: try e.exportIdentity(node)
        case .dropout(let p): try e.exportDropout(node, probability: p)
        case .upsample(let a):
            var s = SectionDraft("upsample")
            s.set("stride", a.factor)
            if a.multiplier != 1 { s.set("scale", a.multiplier) }
            try e.exportSingleInput(node, s)
        case .reorg(let a):
            var s = SectionDraft("reorg")
            s.set("stride", a.stride)
            if a.reverse { s.set("reverse", 1) }
            try e.exportSingleInput(node, s)
        case .softmax(let a):
            guard a.axis == 1 else { throw e.failure(node, "Darknet's [softmax] works from axis 1, got axis \(a.axis)") }
            var s = SectionDraft("softmax")
            s.set("groups", a.groups)
            if a.temperature != 1 { s.set("temperature", a.temperature) }
            try e.exportSingleInput(node, s)
        case .yolo, .region, .detection: try e.exportDetector(node)
        case .batchNorm: throw e.failure(node, "a batchNorm that does not follow a convolution or connected layer has no Darknet equivalent")
        case .activation: throw e.failure(node, "an activation that does not follow a convolution, connected, local or shortcut layer has no Darknet equivalent")
        case .biasAdd: throw e.failure(node, "a separate bias add has no Darknet equivalent")
        case .avgPool: throw e.failure(node, "windowed average pooling has no Darknet equivalent ([avgpool] is global)")
        case .reshape, .transpose, .binary, .unary: throw e.failure(node, "\(node.op.kind.rawValue) has no Darknet equivalent")
        case .nonMaxSuppression, .roiAlign, .maxRoiPool, .pad, .stridedSlice, .tile, .expand:
            throw e.failure(node, "\(node.op.kind.rawValue) has no Darknet equivalent")
        case .matMul, .convTranspose, .pool: throw e.failure(node, "\(node.op.kind.rawValue) has no Darknet equivalent")
        case .reduce, .argMax, .topK, .gather, .cast, .compare, .not, .select:
            throw e.failure(node, "\(node.op.kind.rawValue) has no Darknet equivalent")
        case .resize: throw e.failure(node, "resize has no Darknet equivalent ([upsample] is nearest by an integer factor)")
        }
    }
}
