import Foundation
import SpyglassIR

/// Darknet cfg (+ .weights) → Spyglass IR.
public enum DarknetImporter {
    public static func load(cfg: URL, weights: URL?, progress: ((Int, Int) -> Void)? = nil) throws -> DarknetModel {
        let text: String
        do { text = try String(contentsOf: cfg, encoding: .utf8) } catch {
            throw DarknetError.io(path: cfg.path, message: "cannot read cfg: \(error.localizedDescription)")
        }
        var data: Data?
        if let weights {
            do { data = try Data(contentsOf: weights, options: .mappedIfSafe) } catch {
                throw DarknetError.io(path: weights.path, message: "cannot read weights: \(error.localizedDescription)")
            }
        }
        return try build(cfgText: text, fileName: cfg.lastPathComponent, weights: data, progress: progress)
    }

    public static func parse(cfgText: String, fileName: String, weights: Data?) throws -> DarknetModel {
        try build(cfgText: cfgText, fileName: fileName, weights: weights, progress: nil)
    }

    static func build(cfgText: String, fileName: String, weights: Data?, progress: ((Int, Int) -> Void)?) throws -> DarknetModel {
        let diagnostics = Diagnostics(file: fileName)
        let sections = CfgLexer.sections(of: cfgText, file: fileName, problems: &diagnostics.problems)
        guard let first = sections.first else {
            diagnostics.report(.structure, line: 1, section: "", "the cfg has no sections")
            throw DarknetError.compatibility(diagnostics.problems)
        }
        guard SectionKind.isNetwork(first.name) else {
            diagnostics.report(.structure, line: first.line, section: first.name, "the first section must be [net] or [network]")
            throw DarknetError.compatibility(diagnostics.problems)
        }
        let netReader = OptionReader(first, diagnostics: diagnostics)
        let net = NetOptions(netReader)
        netReader.finish()
        let body = sections.dropFirst()
        if body.isEmpty { diagnostics.report(.structure, line: first.line, section: first.name, "the cfg has no layers after [\(first.name)]") }

        let builder = GraphBuilder(file: fileName, net: net, diagnostics: diagnostics)
        for (index, section) in body.enumerated() {
            guard let kind = SectionKind(sectionName: section.name) else {
                // Its options mean nothing without the section, so only the section is reported.
                let why = SectionKind.knownButUnsupported.contains(section.name)
                    ? "Darknet layer [\(section.name)] is not supported by Spyglass yet"
                    : "unknown section [\(section.name)]"
                diagnostics.report(.unknownSection, line: section.line, section: section.name, why)
                builder.endFailedLayer(index: index)
                continue
            }
            let reader = OptionReader(section, diagnostics: diagnostics)
            defer { reader.finish() }
            reader.ignore(SectionKind.commonTrainingOptions)
            for key in ["dontload", "dontloadscales", "numload"] {
                reader.unsupportedIfSet(key, "changes which weights Darknet loads; not supported")
            }
            builder.begin(index: index, kind: kind, reader: reader)
            do {
                builder.end(try buildLayer(kind, reader, builder))
            } catch {
                builder.endFailed()
            }
        }
        if !diagnostics.problems.isEmpty { throw DarknetError.compatibility(diagnostics.problems) }
        let plans = builder.layers.compactMap { $0 }
        let ignored = diagnostics.ignored.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        let (constants, header) = try WeightsReader.constants(for: plans, file: fileName, weights: weights, progress: progress)
        let graph = makeGraph(builder: builder, plans: plans, constants: constants, header: header,
                              fileName: fileName, ignored: ignored)
        let layers = plans.map {
            DarknetLayer(index: $0.index, section: $0.kind.rawValue, line: $0.line, output: $0.output, nodes: $0.nodes)
        }
        return DarknetModel(graph: graph, report: ImportReport(ignoredOptions: ignored), layers: layers)
    }

    static func buildLayer(_ kind: SectionKind, _ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        switch kind {
        case .convolutional: return try ConvolutionalLayer.build(o, b)
        case .maxpool: return try MaxPoolLayer.build(o, b)
        case .avgpool: return try AvgPoolLayer.build(o, b)
        case .local: return try LocalLayer.build(o, b)
        case .connected: return try ConnectedLayer.build(o, b)
        case .route: return try RouteLayer.build(o, b)
        case .shortcut: return try ShortcutLayer.build(o, b)
        case .upsample: return try UpsampleLayer.build(o, b)
        case .reorg: return try ReorgLayer.build(o, b)
        case .dropout: return try DropoutLayer.build(o, b)
        case .softmax: return try SoftmaxLayer.build(o, b)
        case .yolo: return try YoloLayer.build(o, b)
        case .region: return try RegionLayer.build(o, b)
        case .detection: return try DetectionLayer.build(o, b)
        case .cost: return try CostLayer.build(o, b)
        }
    }

    static func makeGraph(builder: GraphBuilder, plans: [LayerPlan], constants: [String: ConstantTensor],
                          header: DarknetWeightsHeader?, fileName: String, ignored: [IgnoredOption]) -> Graph {
        let net = builder.net
        let detectorOutputs = plans.filter { plan in
            plan.nodes.last.flatMap { name in builder.nodes.first { $0.name == name } }?.op.isDetectorOutput ?? false
        }
        let outputs = detectorOutputs.isEmpty ? plans.last.map { [$0.output] } ?? [] : detectorOutputs.map(\.output)
        var metadata = ModelMetadata()
        metadata.source = "darknet:\(fileName)"
        metadata.preprocessing = .darknetLetterbox
        metadata.ignoredOptions = ignored.map(\.description)
        metadata.plugin = plugin(for: detectorOutputs.first?.kind)
        if let header { metadata.properties.merge(header.properties) { _, new in new } }
        let flipped = plans.flatMap { $0.slots }.filter {
            if case .transposed = $0.layout { return true } else { return false }
        }.map { String($0.name.dropLast(".weight".count)) }
        if !flipped.isEmpty { metadata.properties[DarknetProperties.flippedConvolutions] = flipped.joined(separator: ",") }
        let name = (fileName as NSString).deletingPathExtension
        return Graph(name: name, inputs: [ValueInfo(name: GraphBuilder.inputName, type: .float32([1, net.channels, net.height, net.width]))],
                     outputs: outputs, nodes: builder.nodes, constants: constants, metadata: metadata)
    }

    static func plugin(for kind: SectionKind?) -> String? {
        switch kind {
        case .yolo: return "yolov3"
        case .region: return "yolov2"
        case .detection: return "yolov1"
        default: return nil
        }
    }
}

/// Keys Spyglass keeps in `graph.metadata.properties` for Darknet round trips.
public enum DarknetProperties {
    /// Comma-separated conv node names whose weights were stored transposed (`flipped=1`).
    public static let flippedConvolutions = "darknet.flipped"
}
