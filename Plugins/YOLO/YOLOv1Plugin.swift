import SpyglassDetection
import SpyglassIR
import SpyglassImage
import SpyglassRuntime

/// YOLOv1 (and tiny): a `[detection]` output over an S×S grid, Darknet's `get_detection_detections`.
/// Darknet's YOLOv1 demo stretches the image to the input size and never corrects boxes; we default
/// to the same stretch, and map boxes back through the transform when another mode is chosen.
public struct YOLOv1Plugin: DetectorPlugin {
    public static let name = "yolov1"
    public static let summary = "YOLOv1 family ([detection] output): yolov1, yolov1-tiny"

    public static func matches(_ graph: Graph) -> Bool { YOLOGraph.hasOnly(.detection, in: graph) }

    private let layers: [(node: Node, decoder: DetectionLayerDecoder)]
    public let defaults: DetectorDefaults

    public init(graph: Graph) throws {
        guard Self.matches(graph) else {
            throw DetectorError.pluginMismatch(plugin: Self.name, graph: graph.name, reason: YOLOGraph.mismatch(.detection, in: graph))
        }
        var layers: [(node: Node, decoder: DetectionLayerDecoder)] = []
        var classes = 0, cfgSize = (0, 0)
        for i in YOLOGraph.detectorNodes(graph) {
            let node = graph.nodes[i]
            guard case .detection(let a) = node.op else { continue }
            if !layers.isEmpty && a.classes != classes {
                throw DetectorError.badOutput(node: node.label, message: "has \(a.classes) classes, an earlier [detection] has \(classes)")
            }
            classes = a.classes
            cfgSize = (a.networkWidth, a.networkHeight)
            layers.append((node, try DetectionLayerDecoder(attributes: a, node: node.label)))
        }
        self.layers = layers
        let size = YOLOGraph.inputSize(graph, fallback: cfgSize)
        // Darknet's `yolo test`: threshold .2, NMS .4.
        defaults = DetectorDefaults(inputWidth: size.width, inputHeight: size.height, threshold: 0.2, nmsThreshold: 0.4,
                                    classNames: YOLOGraph.classNames(graph, classes: classes),
                                    preprocessing: graph.metadata.preprocessing ?? .stretch)
    }

    public func parts(of graph: Graph) -> GraphParts {
        GraphPartition.parts(of: graph, detectorOutputs: YOLOGraph.detectorNodes(graph))
    }

    public func decode(outputs: [String: Tensor], transform: LetterboxTransform, threshold: Float) throws -> [RawDetection] {
        var all: [RawDetection] = []
        for (node, decoder) in layers {
            let (tensor, _, _) = try YOLOGraph.output(of: node, in: outputs)
            var found = try tensor.data.withUnsafeBufferPointer { try decoder.candidates($0, threshold: threshold) }
            for k in found.indices { found[k].box = BoxCorrection.toImage(found[k].box, transform) }
            all += found
        }
        return all
    }
}
