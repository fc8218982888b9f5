import SpyglassIR

/// `[dropout]` (parse_dropout): identity at inference; the probability is kept for export.
enum DropoutLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let probability = o.float("probability", 0.5)
        let x = try b.previous()
        let isImage = b.plan(ofLayer: b.layerIndex - 1)?.isImage ?? true
        return LayerOutput(tensor: try b.add("dropout", .dropout(probability: probability), [x]), isImage: isImage)
    }
}

/// `[cost]` (parse_cost): a training loss; identity at inference.
enum CostLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        o.ignore(["type", "scale", "ratio", "noobj", "thresh"])
        let x = try b.previous()
        return LayerOutput(tensor: try b.add("cost", .identity, [x]), isImage: false)
    }
}
