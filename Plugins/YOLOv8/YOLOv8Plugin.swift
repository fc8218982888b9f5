import SpyglassDetection
import SpyglassIR
import SpyglassImage
import SpyglassRuntime

/// Ultralytics YOLOv8-style anchor-free detectors exported to ONNX: one output [1, 4+nc, N]
/// (or [1, N, 4+nc]) of decoded boxes and sigmoided class scores. Defaults are Ultralytics'
/// `predict` ones: conf 0.25, IoU 0.7, its letterbox, and class-aware greedy NMS.
public struct YOLOv8Plugin: DetectorPlugin {
    public static let name = "yolov8"
    public static let summary = "YOLOv8-style anchor-free detectors (ONNX output [1, 4+nc, N]): Ultralytics v8/v11 exports"

    public static func matches(_ graph: Graph) -> Bool {
        if case .success = YOLOv8Output.find(in: graph) { return true }
        return false
    }

    public let output: YOLOv8Output
    public let defaults: DetectorDefaults

    public init(graph: Graph) throws {
        output = try YOLOv8Output.find(in: graph).get()
        let size = YOLOv8Output.inputSize(graph)
        let names = graph.metadata.classNames.count == output.classes
            ? graph.metadata.classNames : (0..<output.classes).map { "class \($0)" }
        defaults = DetectorDefaults(inputWidth: size.width, inputHeight: size.height, threshold: 0.25, nmsThreshold: 0.7,
                                    classNames: names, preprocessing: graph.metadata.preprocessing ?? .ultralyticsLetterbox,
                                    nms: .perClass)
    }

    /// Head: the prediction convs (the last convs before the output) with the two weighted layers
    /// before each (Ultralytics' three-conv cv2/cv3 branches, as `GraphPartition` walks them), the
    /// box-decoding nodes after them, and nodes reading only head tensors (e.g. a transposed copy).
    /// Backbone: the other nodes before the first upsample (v8: up to SPPF, where the FPN's top-down
    /// path starts); neck: the rest. (`GraphPartition`'s trunk rule does not fit: C2f splits fork early.)
    public func parts(of graph: Graph) -> GraphParts {
        let decoding = YOLOv8Plugin.decodingNodes(graph, output: output.name)
        let branches = GraphPartition.parts(of: graph, detectorOutputs: decoding.convs.sorted(), headWeightedLayers: 2).head
        var head = Set(branches).union(decoding.nodes.map { graph.nodes[$0].name })
        let producers = graph.producers
        for node in graph.nodes where !head.contains(node.name) {
            let sources = node.inputs.filter { graph.constants[$0] == nil }.map { producers[$0].map { graph.nodes[$0].name } }
            if !sources.isEmpty, sources.allSatisfy({ $0.map(head.contains) == true }) { head.insert(node.name) }
        }
        let firstUpsample = graph.nodes.firstIndex { $0.op.kind == .upsample } ?? graph.nodes.count
        var parts = GraphParts(backbone: [], neck: [], head: [])
        for (i, node) in graph.nodes.enumerated() {
            if head.contains(node.name) { parts.head.append(node.name) }
            else if i < firstUpsample { parts.backbone.append(node.name) }
            else { parts.neck.append(node.name) }
        }
        return parts
    }

    /// Walks back from the output through non-convolution nodes: those nodes, and the convs where it stops.
    static func decodingNodes(_ graph: Graph, output: String) -> (nodes: Set<Int>, convs: Set<Int>) {
        let producers = graph.producers
        var nodes = Set<Int>(), convs = Set<Int>()
        var pending = producers[output].map { [$0] } ?? []
        while let i = pending.popLast() {
            guard !nodes.contains(i), !convs.contains(i) else { continue }
            if case .conv2d = graph.nodes[i].op { convs.insert(i); continue }
            nodes.insert(i)
            pending += graph.nodes[i].inputs.compactMap { producers[$0] }
        }
        return (nodes, convs)
    }

    public func decode(outputs: [String: Tensor], transform: LetterboxTransform, threshold: Float) throws -> [RawDetection] {
        guard let t = outputs[output.name] else {
            throw DetectorError.badOutput(node: output.name, message: "output was not produced")
        }
        let expected = output.anchors * (4 + output.classes)
        guard t.data.count == expected else {
            throw DetectorError.badOutput(node: output.name, message: "has \(t.data.count) values \(t.shape), expected \(expected)")
        }
        return t.data.withUnsafeBufferPointer {
            YOLOv8Decoder.candidates($0, output: output, transform: transform, threshold: threshold)
        }
    }
}
