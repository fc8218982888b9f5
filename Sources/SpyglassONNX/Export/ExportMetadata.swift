import Foundation
import SpyglassIR

/// metadata_props written by the exporter. Keys are prefixed "spyglass." so they never clash with
/// other producers'; the detector attributes let a plugin decode the ONNX outputs without the IR.
public enum ONNXMetadataKeys {
    public static let source = "spyglass.source"
    /// JSON array of strings.
    public static let classNames = "spyglass.class_names"
    public static let plugin = "spyglass.plugin"
    public static let preprocessing = "spyglass.preprocessing"
    /// Prefix for free-form model properties: "spyglass.property.<key>".
    public static let propertyPrefix = "spyglass.property."
    /// Prefix for a detector output's typed attributes (JSON): "spyglass.output.<tensor name>".
    public static let outputPrefix = "spyglass.output."
}

enum ExportMetadata {
    static func entries(for graph: Graph) -> [ONNXMetadataEntry] {
        let m = graph.metadata
        var out: [ONNXMetadataEntry] = []
        if !m.source.isEmpty { out.append(.init(key: ONNXMetadataKeys.source, value: m.source)) }
        if !m.classNames.isEmpty { out.append(.init(key: ONNXMetadataKeys.classNames, value: json(m.classNames))) }
        if let p = m.plugin { out.append(.init(key: ONNXMetadataKeys.plugin, value: p)) }
        if let p = m.preprocessing { out.append(.init(key: ONNXMetadataKeys.preprocessing, value: p.rawValue)) }
        for (k, v) in m.properties.sorted(by: { $0.key < $1.key }) {
            out.append(.init(key: ONNXMetadataKeys.propertyPrefix + k, value: v))
        }
        for node in graph.nodes {
            guard let attributes = detectorAttributes(node.op), let output = node.outputs.first else { continue }
            var fields = attributes
            fields["node"] = node.name
            out.append(.init(key: ONNXMetadataKeys.outputPrefix + output, value: json(fields)))
        }
        return out
    }

    static func detectorAttributes(_ op: Op) -> [String: Any]? {
        switch op {
        case .yolo(let a):
            return ["op": "yolo", "classes": a.classes, "anchors": a.anchors.map(Double.init), "mask": a.mask,
                    "network_width": a.networkWidth, "network_height": a.networkHeight]
        case .region(let a):
            return ["op": "region", "classes": a.classes, "coords": a.coords, "num": a.num, "anchors": a.anchors.map(Double.init),
                    "softmax": a.softmax, "background": a.background, "bias_match": a.biasMatch,
                    "network_width": a.networkWidth, "network_height": a.networkHeight]
        case .detection(let a):
            return ["op": "detection", "classes": a.classes, "coords": a.coords, "side": a.side, "num": a.num,
                    "sqrt": a.sqrt, "softmax": a.softmax, "network_width": a.networkWidth, "network_height": a.networkHeight]
        default:
            return nil
        }
    }

    private static func json(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
