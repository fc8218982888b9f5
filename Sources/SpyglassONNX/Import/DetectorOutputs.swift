import Foundation
import SpyglassIR

/// Spyglass's exporter writes each typed detector op (yolo, region, detection) as a small group of
/// standard ops named `<ir node>` and `<ir node>/<step>`, and records the op's attributes under
/// `spyglass.output.<tensor>`. The importer turns such a group back into the one typed op, so a
/// plugin can decode an exported-then-imported model. The group's input is the one tensor it reads
/// that is neither produced inside it nor constant.
struct DetectorOutputs {
    struct Group {
        var nodeName: String
        var output: String
        var op: Op
        /// Tensors the group reads that it neither produces nor holds as initializers.
        var external: Set<String>
    }
    private var groups: [Group] = []

    init(_ model: ONNXModel) {
        for entry in model.metadata where entry.key.hasPrefix(ONNXMetadataKeys.outputPrefix) {
            let output = String(entry.key.dropFirst(ONNXMetadataKeys.outputPrefix.count))
            guard let object = try? JSONSerialization.jsonObject(with: Data(entry.value.utf8)) as? [String: Any],
                  let node = object["node"] as? String, let op = Self.op(object) else { continue }
            guard model.graph.nodes.contains(where: { $0.name == node && $0.outputs == [output] }) else { continue }
            let members = model.graph.nodes.filter { $0.name == node || $0.name.hasPrefix(node + "/") }
            let produced = Set(members.flatMap(\.outputs))
            let initializers = Set(model.graph.initializers.map(\.name))
            let external = Set(members.flatMap(\.inputs).filter { !$0.isEmpty && !produced.contains($0) && !initializers.contains($0) })
            groups.append(Group(nodeName: node, output: output, op: op, external: external))
        }
    }

    private func group(of node: ONNXNode) -> Group? {
        groups.first { node.name == $0.nodeName || node.name.hasPrefix($0.nodeName + "/") }
    }

    func isAbsorbed(_ node: ONNXNode) -> Bool { group(of: node) != nil }

    /// At the group's last node (the one writing the output), emits the typed op.
    func emitIfFinal(_ node: ONNXNode, _ ctx: ImportContext) throws {
        guard let g = group(of: node), node.name == g.nodeName else { return }
        guard g.external.count == 1, let x = g.external.first else {
            throw ctx.fail(node, "spyglass detector output group reads \(g.external.sorted()), expected exactly one tensor")
        }
        try ctx.emit(g.op, [x], from: node, output: g.output)
    }

    private static func op(_ o: [String: Any]) -> Op? {
        func int(_ k: String) -> Int? { (o[k] as? NSNumber)?.intValue }
        func bool(_ k: String) -> Bool? { (o[k] as? NSNumber)?.boolValue }
        func floats(_ k: String) -> [Float]? { (o[k] as? [NSNumber])?.map(\.floatValue) }
        guard let kind = o["op"] as? String, let classes = int("classes"),
              let w = int("network_width"), let h = int("network_height") else { return nil }
        switch kind {
        case "yolo":
            guard let anchors = floats("anchors"), let mask = (o["mask"] as? [NSNumber])?.map(\.intValue) else { return nil }
            return .yolo(YoloAttributes(classes: classes, anchors: anchors, mask: mask, networkWidth: w, networkHeight: h))
        case "region":
            guard let anchors = floats("anchors"), let coords = int("coords"), let num = int("num"),
                  let softmax = bool("softmax"), let background = bool("background"), let biasMatch = bool("bias_match") else { return nil }
            return .region(RegionAttributes(classes: classes, coords: coords, num: num, anchors: anchors, softmax: softmax,
                                            background: background, biasMatch: biasMatch, networkWidth: w, networkHeight: h))
        case "detection":
            guard let coords = int("coords"), let side = int("side"), let num = int("num"),
                  let sqrt = bool("sqrt"), let softmax = bool("softmax") else { return nil }
            return .detection(DetectionAttributes(classes: classes, coords: coords, side: side, num: num, sqrt: sqrt,
                                                  softmax: softmax, networkWidth: w, networkHeight: h))
        default:
            return nil
        }
    }
}
