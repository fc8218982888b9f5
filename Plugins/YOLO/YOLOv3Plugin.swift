import SpyglassDetection
import SpyglassIR
import SpyglassImage
import SpyglassRuntime

/// YOLOv3 and its variants (tiny, spp …): one or more `[yolo]` outputs, Darknet's
/// `get_yolo_detections` + `correct_yolo_boxes`.
public struct YOLOv3Plugin: DetectorPlugin {
    public static let name = "yolov3"
    public static let summary = "YOLOv3 family ([yolo] outputs): yolov3, yolov3-tiny, yolov3-spp"

    public static func matches(_ graph: Graph) -> Bool { YOLOGraph.hasOnly(.yolo, in: graph) }

    private let layers: [(node: Node, decoder: YoloLayerDecoder)]
    public let defaults: DetectorDefaults

    public init(graph: Graph) throws {
        guard Self.matches(graph) else {
            throw DetectorError.pluginMismatch(plugin: Self.name, graph: graph.name, reason: YOLOGraph.mismatch(.yolo, in: graph))
        }
        var layers: [(node: Node, decoder: YoloLayerDecoder)] = []
        var classes = 0, cfgSize = (0, 0)
        for i in YOLOGraph.detectorNodes(graph) {
            let node = graph.nodes[i]
            guard case .yolo(let a) = node.op else { continue }
            guard a.mask.allSatisfy({ $0 >= 0 && 2 * $0 + 1 < a.anchors.count }) else {
                throw DetectorError.badOutput(node: node.label, message: "mask \(a.mask) refers past the \(a.anchors.count / 2) anchors")
            }
            if !layers.isEmpty && a.classes != classes {
                throw DetectorError.badOutput(node: node.label, message: "has \(a.classes) classes, an earlier [yolo] has \(classes)")
            }
            classes = a.classes
            cfgSize = (a.networkWidth, a.networkHeight)
            layers.append((node, YoloLayerDecoder(attributes: a, node: node.label)))
        }
        self.layers = layers
        let size = YOLOGraph.inputSize(graph, fallback: cfgSize)
        defaults = DetectorDefaults(inputWidth: size.width, inputHeight: size.height, threshold: 0.5, nmsThreshold: 0.45,
                                    classNames: YOLOGraph.classNames(graph, classes: classes),
                                    preprocessing: graph.metadata.preprocessing ?? .darknetLetterbox)
    }

    public func parts(of graph: Graph) -> GraphParts {
        GraphPartition.parts(of: graph, detectorOutputs: YOLOGraph.detectorNodes(graph))
    }

    /// Layers in graph order, like Darknet's `fill_network_boxes`.
    public func decode(outputs: [String: Tensor], transform: LetterboxTransform, threshold: Float) throws -> [RawDetection] {
        var all: [RawDetection] = []
        for (node, decoder) in layers {
            let (tensor, w, h) = try YOLOGraph.output(of: node, in: outputs)
            var found = try tensor.data.withUnsafeBufferPointer {
                try decoder.candidates($0, width: w, height: h, networkWidth: transform.networkWidth,
                                       networkHeight: transform.networkHeight, threshold: threshold)
            }
            for k in found.indices { found[k].box = BoxCorrection.toImage(found[k].box, transform) }
            all += found
        }
        return all
    }
}
