import Foundation
import SpyglassIR

/// One row of `spyglass inspect`: a source layer (a Darknet layer, or a single node for other
/// sources) with its shapes, parameters and FLOPs, and the detector part it belongs to.
public struct LayerRow: Codable, Equatable {
    public var index: Int
    public var name: String
    public var op: String
    public var summary: String
    public var inputShapes: [[Int]]
    public var outputShape: [Int]
    public var params: Int
    public var flops: Int
    public var part: String?
    public var origin: String?
    public var nodes: [String]
}

public struct PartSummary: Codable, Equatable {
    public var part: String
    public var layers: Int
    public var params: Int
    public var flops: Int
}

/// Everything `inspect` reports about a model.
public struct Inspection: Codable {
    public var model: String
    public var source: String
    public var plugin: String?
    public var inputs: [String: [Int]]
    public var outputs: [String: [Int]]
    public var layers: [LayerRow]
    public var parts: [PartSummary]
    public var totalParams: Int
    public var totalFlops: Int
    public var ignoredOptions: [String]
    public var classNames: Int
    /// Graph passes the model records as applied (an optimised .spyglass), in order.
    public var appliedPasses: [String] = []
    /// Prepacked kernel weights stored with the model: blobs per layout id, and their total bytes.
    public var packedWeights: [String: Int] = [:]
    public var packedWeightBytes: Int = 0
}

public enum Inspector {
    /// Element-wise epilogue ops are counted at zero cost, as Darknet counts them inside their
    /// layer: so a layer's BFLOPs equals what Darknet prints when it loads the same cfg.
    static let epilogueOps: Set<OpKind> = [.batchNorm, .biasAdd, .activation]

    public static func inspect(_ model: LoadedModel, bindings: [String: Int] = [:]) throws -> Inspection {
        let graph = model.graph
        let shapes = try ShapeInference.infer(graph, bindings: bindings)
        let partOf = Plugins.parts(of: graph)
        // Group consecutive nodes that came from the same source layer (same origin).
        var groups: [[Node]] = []
        for node in graph.nodes {
            if let last = groups.last?.last, node.origin != nil, last.origin == node.origin {
                groups[groups.count - 1].append(node)
            } else {
                groups.append([node])
            }
        }
        var rows: [LayerRow] = []
        for (i, group) in groups.enumerated() {
            guard let main = group.first, let last = group.last else { continue }
            var flops = 0, params = 0
            for n in group {
                let ins = n.inputs.compactMap { shapes[$0] }
                let outs = n.outputs.compactMap { shapes[$0] }
                if !epilogueOps.contains(n.op.kind) || group.count == 1 { flops += n.op.flops(inputs: ins, outputs: outs) }
                params += graph.parameterCount(of: n)
            }
            let dataInputs = main.inputs.filter { graph.constants[$0] == nil }
            rows.append(LayerRow(
                index: i, name: main.name, op: main.op.kind.rawValue,
                summary: describe(group, shapes: shapes),
                inputShapes: dataInputs.compactMap { shapes[$0] },
                outputShape: last.outputs.first.flatMap { shapes[$0] } ?? [],
                params: params, flops: flops, part: partOf[main.name], origin: main.origin,
                nodes: group.map(\.name)))
        }
        var parts: [PartSummary] = []
        for p in ["backbone", "neck", "head"] {
            let rs = rows.filter { $0.part == p }
            if !rs.isEmpty { parts.append(PartSummary(part: p, layers: rs.count, params: rs.reduce(0) { $0 + $1.params }, flops: rs.reduce(0) { $0 + $1.flops })) }
        }
        var inspection = Inspection(
            model: model.sourceDescription, source: graph.metadata.source, plugin: Plugins.pluginName(for: graph) ?? graph.metadata.plugin,
            inputs: Dictionary(uniqueKeysWithValues: graph.inputs.map { ($0.name, shapes[$0.name] ?? []) }),
            outputs: Dictionary(uniqueKeysWithValues: graph.outputs.map { ($0, shapes[$0] ?? []) }),
            layers: rows, parts: parts,
            totalParams: rows.reduce(0) { $0 + $1.params }, totalFlops: rows.reduce(0) { $0 + $1.flops },
            ignoredOptions: graph.metadata.ignoredOptions, classNames: graph.metadata.classNames.count)
        inspection.appliedPasses = graph.appliedPasses
        for blob in graph.packedWeights.all { inspection.packedWeights[blob.layout, default: 0] += 1 }
        inspection.packedWeightBytes = graph.packedWeights.totalBytes
        return inspection
    }

    /// Short Darknet-style description: "conv 16 3x3/1 bn leaky", "max 2x2/2", "route 13 8" …
    static func describe(_ group: [Node], shapes: [String: [Int]]) -> String {
        var parts: [String] = []
        for n in group {
            switch n.op {
            case .conv2d(let a):
                var s = "conv \(a.outChannels) \(a.kernelH)x\(a.kernelW)/\(a.strideH)"
                if a.groups > 1 { s += " g\(a.groups)" }
                if a.dilationH > 1 { s += " d\(a.dilationH)" }
                if a.activation != .linear { s += " \(a.activation.rawValue)" }
                parts.append(s)
            case .batchNorm: parts.append("bn")
            case .activation(let a): parts.append(a.rawValue)
            case .maxPool(let a): parts.append("max \(a.kernelH)x\(a.kernelW)/\(a.strideH)")
            case .avgPool(let a): parts.append("avg \(a.kernelH)x\(a.kernelW)/\(a.strideH)")
            case .globalAvgPool: parts.append("avg global")
            case .concat: parts.append("route \(n.inputs.count) inputs")
            case .slice(let a): parts.append("slice \(a.start)..<\(a.end)")
            case .shortcut(let a): parts.append("shortcut" + (a.activation != .linear ? " \(a.activation.rawValue)" : ""))
            case .upsample(let a): parts.append("upsample ×\(a.factor)")
            case .reorg(let a): parts.append("reorg /\(a.stride)")
            case .fullyConnected(let a): parts.append("connected \(a.outputs)" + (a.activation != .linear ? " \(a.activation.rawValue)" : ""))
            case .locallyConnected(let a): parts.append("local \(a.outChannels) \(a.kernel)x\(a.kernel)/\(a.stride)")
            case .dropout(let p): parts.append("dropout \(p)")
            case .softmax: parts.append("softmax")
            case .identity: parts.append("identity")
            case .add: parts.append("add")
            case .biasAdd: parts.append("bias")
            case .yolo(let a): parts.append("yolo \(a.classes) classes, mask \(a.mask)")
            case .region(let a): parts.append("region \(a.classes) classes, \(a.num) anchors")
            case .detection(let a): parts.append("detection \(a.classes) classes, \(a.side)x\(a.side)")
            case .reshape(let a): parts.append("reshape \(a.shape)")
            case .transpose(let a): parts.append("transpose \(a.permutation)")
            case .binary(let a): parts.append(a.op.rawValue)
            case .unary(let a): parts.append(a.op.rawValue)
            case .nonMaxSuppression(let a): parts.append("nms ≤\(a.maxOutputBoxesPerClass)/class iou>\(a.iouThreshold)")
            case .roiAlign(let a): parts.append("roi align \(a.mode.rawValue) \(a.outputHeight)x\(a.outputWidth)")
            case .maxRoiPool(let a): parts.append("roi pool \(a.pooledHeight)x\(a.pooledWidth)")
            case .pad(let a): parts.append("pad \(a.mode.rawValue)")
            case .stridedSlice(let a): parts.append("slice steps \(a.steps)")
            case .tile(let a): parts.append("tile \(a.repeats)")
            case .expand(let a): parts.append("expand \(a.shape)")
            case .matMul: parts.append("matmul")
            case .convTranspose(let a): parts.append("deconv \(a.outChannels) \(a.kernel.map(String.init).joined(separator: "x"))/\(a.strides.map(String.init).joined(separator: "x"))")
            case .pool(let a): parts.append("\(a.mode.rawValue)pool \(a.kernel.map(String.init).joined(separator: "x"))/\(a.strides.map(String.init).joined(separator: "x"))")
            case .reduce(let a): parts.append("reduce \(a.op.rawValue) \(a.axes)")
            case .argMax(let a): parts.append("argmax axis \(a.axis)")
            case .topK(let a): parts.append("top \(a.k) axis \(a.axis)")
            case .gather(let a): parts.append("gather axis \(a.axis)")
            case .cast(let to): parts.append("cast \(to.rawValue)")
            case .compare(let op): parts.append(op.rawValue)
            case .not: parts.append("not")
            case .select: parts.append("where")
            case .resize(let a): parts.append("resize \(a.mode.rawValue) \(a.coordinateTransform.rawValue) axes \(a.axes) to \(a.sizes)")
            }
        }
        return parts.joined(separator: " ")
    }
}

extension Inspection {
    /// The human-readable table.
    public func table() -> String {
        func shape(_ s: [Int]) -> String { s.count == 4 ? "\(s[3])x\(s[2])x\(s[1])" : s.map(String.init).joined(separator: "x") }
        let hasParts = layers.contains { $0.part != nil }
        var out = "model: \(model)\n"
        if !source.isEmpty { out += "source: \(source)\n" }
        out += "plugin: \(plugin ?? "none")\n"
        out += "inputs: " + inputs.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        out += "outputs: " + outputs.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n\n"
        let header = rpad("#", 4) + "  " + pad("layer", 34) + " " + pad("input", 16) + " " + pad("output", 16) + " "
            + rpad("params", 10) + " " + rpad("BFLOPs", 9) + (hasParts ? "  part" : "")
        out += header + "\n" + String(repeating: "-", count: header.count) + "\n"
        for r in layers {
            out += rpad(String(r.index), 4) + "  " + pad(String(r.summary.prefix(34)), 34) + " "
                + pad(r.inputShapes.first.map(shape) ?? "-", 16) + " " + pad(shape(r.outputShape), 16) + " "
                + rpad(count(r.params), 10) + " " + rpad(bflops(r.flops), 9) + (hasParts ? "  \(r.part ?? "-")" : "") + "\n"
        }
        out += String(repeating: "-", count: header.count) + "\n"
        out += "total: \(layers.count) layers, \(count(totalParams)) parameters, \(bflops(totalFlops)) BFLOPs\n"
        for p in parts {
            out += "  " + pad(p.part, 8) + " " + rpad(String(p.layers), 3) + " layers  " + rpad(count(p.params), 10)
                + " params  " + rpad(bflops(p.flops), 8) + " BFLOPs\n"
        }
        if !appliedPasses.isEmpty { out += "passes applied: \(appliedPasses.joined(separator: ", "))\n" }
        if !packedWeights.isEmpty {
            let layouts = packedWeights.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            out += "packed weights: \(layouts) (\(String(format: "%.1f", Double(packedWeightBytes) / 1048576)) MiB, used at plan time instead of packing)\n"
        }
        if !ignoredOptions.isEmpty {
            out += "\nignored (training-only) options:\n"
            for o in ignoredOptions { out += "  \(o)\n" }
        }
        return out
    }

    public func json() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(self), as: UTF8.self)
    }
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func rpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
func bflops(_ f: Int) -> String { String(format: "%.3f", Double(f) / 1e9) }
func count(_ n: Int) -> String {
    if n >= 1_000_000 { return String(format: "%.2fM", Double(n) / 1e6) }
    if n >= 1_000 { return String(format: "%.1fk", Double(n) / 1e3) }
    return String(n)
}
