import Foundation
import SpyglassIR

/// Spyglass IR → ONNX. Every IR op maps to standard ONNX ops (default domain) whose result equals
/// the IR op's, Darknet semantics included; the node producing each IR tensor keeps the IR node's
/// name and the tensor's name.
public enum ONNXExporter {
    public static let supportedOpsets = 13...21
    public static let producerName = "spyglass"

    public static func export(_ graph: Graph, opset: Int = 17) throws -> Data {
        try ONNXWriter.serialize(model(graph, opset: opset))
    }

    public static func write(_ graph: Graph, to url: URL, opset: Int = 17) throws {
        try ONNXWriter.write(model(graph, opset: opset), to: url)
    }

    /// The ONNX model as Swift values (what `export` serialises).
    public static func model(_ graph: Graph, opset: Int = 17) throws -> ONNXModel {
        guard supportedOpsets.contains(opset) else { throw ONNXError.unsupportedOpset(opset, supported: supportedOpsets) }
        let shapes: [String: [Int]]
        do { shapes = try ShapeInference.infer(graph) } catch {
            throw ONNXError.export(node: "graph '\(graph.name)'", message: "shapes must be known to export: \(error)")
        }
        let types = (try? TypeInference.infer(graph)) ?? [:]
        let dynamic = Set(graph.nodes.filter(\.op.hasDataDependentOutputShape).flatMap(\.outputs))
        let builder = ONNXGraphBuilder(graph: graph, opset: opset, shapes: shapes)
        for node in graph.nodes {
            guard node.outputs.count == node.op.outputTensorCount else {
                throw ONNXError.export(node: node.label, message: "has \(node.outputs.count) outputs, expected \(node.op.outputTensorCount)")
            }
            try emit(NodeScope(builder: builder, node: node))
        }
        let inputNames = Set(graph.inputs.map(\.name))
        let outputNames = Set(graph.outputs)
        let onnxGraph = ONNXGraph(
            name: graph.name,
            nodes: builder.nodes,
            initializers: builder.initializers,
            inputs: graph.inputs.map { input in
                ONNXValueInfo(name: input.name, elementType: ONNXDataType(input.type.dtype), shape: input.type.shape.dims.map {
                    switch $0 {
                    case .fixed(let v): return .value(Int64(v))
                    case .symbolic(let s): return .param(s)
                    }
                })
            },
            outputs: graph.outputs.map { valueInfo($0, shapes, types, dynamic: dynamic) },
            valueInfo: graph.nodes.flatMap(\.outputs).filter { !outputNames.contains($0) && !inputNames.contains($0) }
                .map { valueInfo($0, shapes, types, dynamic: dynamic) })
        return ONNXModel(
            irVersion: irVersion(forOpset: opset), opsetImports: [ONNXOpsetImport(domain: "", version: Int64(opset))],
            producerName: producerName, producerVersion: "1", graph: onnxGraph,
            metadata: ExportMetadata.entries(for: graph))
    }

    /// The ONNX IR version released with each opset (what ONNX Runtime checks first).
    static func irVersion(forOpset opset: Int) -> Int64 {
        switch opset {
        case ..<15: return 7
        case 15...18: return 8
        case 19...20: return 9
        default: return 10
        }
    }

    private static func emit(_ s: NodeScope) throws {
        switch s.node.op {
        case .conv2d(let a): try LayerExport.conv2d(a, s)
        case .batchNorm(let a): try LayerExport.batchNorm(a, s)
        case .biasAdd: try LayerExport.biasAdd(s)
        case .activation(let a): _ = ActivationExport.emit(a, try s.input(0), s, final: true)
        case .maxPool(let a): try LayerExport.pool(a, max: true, s)
        case .avgPool(let a): try LayerExport.pool(a, max: false, s)
        case .globalAvgPool: s.emit("GlobalAveragePool", [try s.input(0)], step: "pool", final: true)
        case .concat(let a): s.emit("Concat", try s.node.inputs.indices.map { try s.input($0) }, ["axis": .int(Int64(a.axis))], step: "concat", final: true)
        case .slice(let a): s.slice(try s.input(0), starts: [a.start], ends: [a.end], axes: [a.axis], step: "slice", final: true)
        case .add: s.emit("Add", [try s.input(0), try s.input(1)], step: "add", final: true)
        case .shortcut(let a): try ShortcutExport.emit(a, s)
        case .upsample(let a): try LayerExport.upsample(a, s)
        case .reorg(let a): try ReorgExport.emit(a, s)
        case .fullyConnected(let a): try LayerExport.fullyConnected(a, s)
        case .locallyConnected(let a): try LocallyConnectedExport.emit(a, s)
        case .dropout, .identity: s.emit("Identity", [try s.input(0)], step: "identity", final: true)
        case .softmax(let a): try LayerExport.softmax(a, s)
        case .yolo(let a): try DetectorExport.yolo(a, s)
        case .region(let a): try DetectorExport.region(a, s)
        case .detection(let a): try DetectorExport.detection(a, s)
        case .reshape: try TensorOpExport.reshape(s)
        case .transpose(let a): try TensorOpExport.transpose(a, s)
        case .binary(let a): try TensorOpExport.binary(a, s)
        case .unary(let a): try TensorOpExport.unary(a, s)
        case .nonMaxSuppression(let a): try RegionOpExport.nonMaxSuppression(a, s)
        case .roiAlign(let a): try RegionOpExport.roiAlign(a, s)
        case .maxRoiPool(let a): try RegionOpExport.maxRoiPool(a, s)
        case .pad(let a): try IndexingOpExport.pad(a, s)
        case .stridedSlice(let a): try IndexingOpExport.stridedSlice(a, s)
        case .tile(let a): try IndexingOpExport.tile(a, s)
        case .expand(let a): try IndexingOpExport.expand(a, s)
        case .matMul: try LinalgExport.matMul(s)
        case .convTranspose(let a): try LinalgExport.convTranspose(a, s)
        case .pool(let a): try LinalgExport.pool(a, s)
        case .reduce(let a): try SelectionExport.reduce(a, s)
        case .argMax(let a): try SelectionExport.argMax(a, s)
        case .topK(let a): try SelectionExport.topK(a, s)
        case .gather(let a): try SelectionExport.gather(a, s)
        case .cast(let to): try SelectionExport.cast(to, s)
        case .compare(let op): try SelectionExport.compare(op, s)
        case .not: try SelectionExport.not(s)
        case .select: try SelectionExport.select(s)
        case .resize(let a): try ResizeExport.emit(a, s)
        }
    }


    private static func valueInfo(_ name: String, _ shapes: [String: [Int]], _ types: [String: DType] = [:], dynamic: Set<String> = []) -> ONNXValueInfo {
        // A data-dependent tensor (NonMaxSuppression's selection) has a leading dim known only after the run.
        let dims: [ONNXDimension]? = shapes[name].map { s in s.enumerated().map { i, d in i == 0 && dynamic.contains(name) ? .param("\(name)_count") : .value(Int64(d)) } }
        return ONNXValueInfo(name: name, elementType: ONNXDataType(types[name] ?? .float32), shape: dims)
    }
}
