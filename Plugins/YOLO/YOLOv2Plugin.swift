import SpyglassDetection
import SpyglassIR
import SpyglassImage
import SpyglassRuntime

/// YOLOv2 (and tiny): `[region]` outputs with anchors in grid cells, Darknet's `get_region_detections`
/// + `correct_region_boxes`. (YOLO9000's softmax tree, `tree=`, is refused by the Darknet importer.)
public struct YOLOv2Plugin: DetectorPlugin {
    public static let name = "yolov2"
    public static let summary = "YOLOv2 family ([region] outputs): yolov2, yolov2-tiny, yolov2-voc"

    public static func matches(_ graph: Graph) -> Bool { YOLOGraph.hasOnly(.region, in: graph) }

    private let layers: [(node: Node, decoder: RegionLayerDecoder)]
    public let defaults: DetectorDefaults

    public init(graph: Graph) throws {
        guard Self.matches(graph) else {
            throw DetectorError.pluginMismatch(plugin: Self.name, graph: graph.name, reason: YOLOGraph.mismatch(.region, in: graph))
        }
        var layers: [(node: Node, decoder: RegionLayerDecoder)] = []
        var classes = 0, cfgSize = (0, 0)
        for i in YOLOGraph.detectorNodes(graph) {
            let node = graph.nodes[i]
            guard case .region(let a) = node.op else { continue }
            if !layers.isEmpty && a.classes != classes {
                throw DetectorError.badOutput(node: node.label, message: "has \(a.classes) classes, an earlier [region] has \(classes)")
            }
            classes = a.classes
            cfgSize = (a.networkWidth, a.networkHeight)
            layers.append((node, try RegionLayerDecoder(attributes: a, node: node.label)))
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

    public func decode(outputs: [String: Tensor], transform: LetterboxTransform, threshold: Float) throws -> [RawDetection] {
        var all: [RawDetection] = []
        for (node, decoder) in layers {
            let (tensor, w, h) = try YOLOGraph.output(of: node, in: outputs)
            var found = try tensor.data.withUnsafeBufferPointer { try decoder.candidates($0, width: w, height: h, threshold: threshold) }
            for k in found.indices { found[k].box = BoxCorrection.toImage(found[k].box, transform) }
            all += found
        }
        return all
    }
}
