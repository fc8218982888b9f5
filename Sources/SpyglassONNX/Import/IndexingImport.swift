import SpyglassIR

/// Pad, Tile and Expand with their pads / repeats / shape known at import time.
enum IndexingImport {
    static let rules: [String: [VersionedRule]] = [
        "Pad": [VersionedRule(since: 1, rule: pad)],
        "Tile": [VersionedRule(since: 6, rule: tile)],
        "Expand": [VersionedRule(since: 8, rule: expand)],
    ]

    /// Pads are attributes before opset 11 (`paddings` at opset 1), then an input, with `axes` from 18.
    static func pad(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let modeName = try n.string("mode", default: "constant")
        guard let mode = PadMode(rawValue: modeName), mode != .wrap || ctx.opset >= 19 else {
            throw ctx.fail(n, "mode '\(modeName)' is not one of constant, reflect, edge\(ctx.opset >= 19 ? ", wrap" : "")")
        }
        var pads: [Int], value: Double, axes = Array(0..<rank)
        if ctx.opset < 11 {
            pads = try n.ints(ctx.opset < 2 ? "paddings" : "pads").map { Int($0) }
            value = Double(try n.float("value", default: 0))
        } else {
            pads = try ctx.constantInput(n, 1, role: "pads").ints
            value = ctx.hasInput(n, 2) ? try ctx.constantInput(n, 2, role: "constant_value").values.first ?? 0 : 0
            if ctx.opset >= 18, ctx.hasInput(n, 3) {
                axes = try ctx.constantInput(n, 3, role: "axes").ints.map { try ctx.axis(Int64($0), rank: rank, n) }
                guard Set(axes).count == axes.count else { throw ctx.fail(n, "axes \(axes) repeat an axis") }
            }
        }
        guard pads.count == 2 * axes.count else { throw ctx.fail(n, "pads \(pads) must hold a begin and an end for each of \(axes.count) axes") }
        var begins = [Int](repeating: 0, count: rank), ends = begins
        for (i, axis) in axes.enumerated() { begins[axis] = pads[i]; ends[axis] = pads[axes.count + i] }
        if mode != .constant {
            // reflect/edge/wrap read the input's own size: it must be concrete.
            _ = try ctx.shape(x, for: n, concreteAt: axes.filter { begins[$0] != 0 || ends[$0] != 0 })
        }
        try ctx.emit(.pad(PadAttributes(mode: mode, begins: begins, ends: ends, value: value)), [x], from: n, output: n.outputs[0])
    }

    static func tile(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let repeats = try ctx.constantInput(n, 1, role: "repeats").ints
        try ctx.emit(.tile(TileAttributes(repeats: repeats)), [try ctx.input(n, 0)], from: n, output: n.outputs[0])
    }

    static func expand(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let shape = try ctx.constantInput(n, 1, role: "shape").ints
        try ctx.emit(.expand(ExpandAttributes(shape: shape)), [try ctx.input(n, 0)], from: n, output: n.outputs[0])
    }
}
