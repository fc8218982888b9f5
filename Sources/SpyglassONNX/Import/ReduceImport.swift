import SpyglassIR

/// ReduceSum / ReduceMean / ReduceMax / ReduceMin / ReduceProd → the IR's `reduce`. The axes are an
/// attribute until ReduceSum-13 and the others' opset 18, an input (which must be constant) after;
/// no axes means every axis, or with noop_with_empty_axes no reduction at all.
enum ReduceImport {
    static let rules: [String: [VersionedRule]] = [
        "ReduceSum": [VersionedRule(since: 1, rule: reduce(.sum, axesInput: false)), VersionedRule(since: 13, rule: reduce(.sum, axesInput: true))],
        "ReduceMean": versions(.mean),
        "ReduceMax": versions(.max),
        "ReduceMin": versions(.min),
        "ReduceProd": versions(.prod),
        "ArgMax": [VersionedRule(since: 1, rule: argMax)],
    ]

    private static func versions(_ op: ReduceOperator) -> [VersionedRule] {
        [VersionedRule(since: 1, rule: reduce(op, axesInput: false)), VersionedRule(since: 18, rule: reduce(op, axesInput: true))]
    }

    static func reduce(_ op: ReduceOperator, axesInput: Bool) -> ImportRule {
        { n, ctx in
            let x = try ctx.input(n, 0)
            let rank = try ctx.partialShape(x, for: n).count
            var axes: [Int64] = []
            if axesInput {
                if ctx.hasInput(n, 1) { axes = try ctx.constantInput(n, 1, role: "axes").ints.map(Int64.init) }
            } else if n.attributes["axes"] != nil {
                axes = try n.ints("axes")
            }
            let keepDims = try n.int("keepdims", default: 1) != 0
            let noop = try axesInput && n.int("noop_with_empty_axes", default: 0) != 0
            if axes.isEmpty && noop {
                try ctx.emit(.identity, [x], from: n, output: n.outputs[0])
                return
            }
            let resolved = axes.isEmpty ? Array(0..<rank) : try axes.map { try ctx.axis($0, rank: rank, n) }
            guard Set(resolved).count == resolved.count else { throw ctx.fail(n, "repeated axes \(axes)") }
            try ctx.emit(.reduce(ReduceAttributes(op, axes: resolved.sorted(), keepDims: keepDims)), [x], from: n, output: n.outputs[0])
        }
    }

    static func argMax(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let axis = try ctx.axis(try n.int("axis", default: 0), rank: rank, n)
        let a = ArgMaxAttributes(axis: axis, keepDims: try n.int("keepdims", default: 1) != 0,
                                 selectLastIndex: try n.int("select_last_index", default: 0) != 0)
        try ctx.emit(.argMax(a), [x], from: n, output: n.outputs[0])
    }
}
