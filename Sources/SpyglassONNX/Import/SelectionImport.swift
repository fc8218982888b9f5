import SpyglassIR

/// TopK, Gather (indices read at run time), Cast, Equal/Greater/Less(OrEqual), Not and Where.
enum SelectionImport {
    static let rules: [String: [VersionedRule]] = [
        "TopK": [VersionedRule(since: 1, rule: topK)],
        "Gather": [VersionedRule(since: 1, rule: gather)],
        "Cast": [VersionedRule(since: 6, rule: cast)],
        "Equal": [VersionedRule(since: 7, rule: compare(.equal))],
        "Greater": [VersionedRule(since: 7, rule: compare(.greater))],
        "Less": [VersionedRule(since: 7, rule: compare(.less))],
        "GreaterOrEqual": [VersionedRule(since: 12, rule: compare(.greaterOrEqual))],
        "LessOrEqual": [VersionedRule(since: 12, rule: compare(.lessOrEqual))],
        "Not": [VersionedRule(since: 1, rule: { n, ctx in try ctx.emit(.not, [try ctx.input(n, 0)], from: n, output: n.outputs[0]) })],
        "Where": [VersionedRule(since: 9, rule: select)],
    ]

    /// K is an attribute before opset 10 and a constant input from 10; `largest` and `sorted` come at 11
    /// (the IR always sorts, which an unsorted TopK allows).
    static func topK(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let axis = try ctx.axis(try n.int("axis", default: -1), rank: rank, n)
        let k: Int
        if ctx.opset >= 10 {
            guard let value = try ctx.constantInput(n, 1, role: "K").ints.first else { throw ctx.fail(n, "K is empty") }
            k = value
        } else {
            k = Int(try n.int("k"))
        }
        let largest = try n.int("largest", default: 1) != 0
        let outputs = [n.outputs[0], n.outputs.count > 1 && !n.outputs[1].isEmpty ? n.outputs[1] : ctx.uniqueTensor("\(n.outputs[0])/indices")]
        try ctx.emit(.topK(TopKAttributes(k: k, axis: axis, largest: largest)), [x], from: n, outputs: outputs)
    }

    static func gather(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let data = try ctx.input(n, 0), indices = try ctx.input(n, 1)
        let rank = try ctx.partialShape(data, for: n).count
        let axis = try ctx.axis(try n.int("axis", default: 0), rank: rank, n)
        try ctx.emit(.gather(GatherAttributes(axis: axis)), [data, indices], from: n, output: n.outputs[0])
    }

    static func cast(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let raw = try n.int("to")
        guard let to = ONNXDataType(rawValue: Int32(truncatingIfNeeded: raw)), let dtype = to.irType else {
            throw ctx.fail(n, "cast to ONNX type \(raw) is not supported (the runtime holds float, int64, int32, uint8, bool)")
        }
        try ctx.emit(.cast(dtype), [try ctx.input(n, 0)], from: n, output: n.outputs[0])
    }

    static func compare(_ op: CompareOperator) -> ImportRule {
        { n, ctx in try ctx.emit(.compare(op), [try ctx.input(n, 0), try ctx.input(n, 1)], from: n, output: n.outputs[0]) }
    }

    static func select(_ n: ONNXNode, _ ctx: ImportContext) throws {
        try ctx.emit(.select, [try ctx.input(n, 0), try ctx.input(n, 1), try ctx.input(n, 2)], from: n, output: n.outputs[0])
    }
}
