import SpyglassIR

/// `[shortcut]` (parse_shortcut): `activation(alpha * previous + beta * from)`, shaped like the previous layer.
enum ShortcutLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let from = o.int("from", 0)
        let activation = o.activation(default: .linear)
        let alpha = o.float("alpha", 1)
        let beta = o.float("beta", 1)
        guard o.has("from") else { throw b.fail("[shortcut] needs from=", key: "from") }
        let source = try b.resolve(from, key: "from")
        let x = try b.previousImage()
        guard let plan = b.plan(ofLayer: source) else { throw LayerBuildFailure() }
        guard plan.isImage else { throw b.fail("from=\(from) refers to layer \(source) [\(plan.kind.rawValue)], which has no image output", key: "from") }
        let attrs = ShortcutAttributes(alpha: alpha, beta: beta, activation: activation)
        return LayerOutput(tensor: try b.add("shortcut", .shortcut(attrs), [x, plan.output]))
    }
}
