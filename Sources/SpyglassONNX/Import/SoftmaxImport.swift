import SpyglassIR

/// Softmax. Before opset 13 ONNX normalises over everything from `axis` on, exactly the IR's softmax;
/// from 13 over `axis` alone: the IR's softmax on the last axis, with the axis moved there and back
/// by transposes when it is not already innermost (or followed only by dims of 1).
enum SoftmaxImport {
    static let rules: [String: [VersionedRule]] = [
        "Softmax": [VersionedRule(since: 1, rule: { try softmax($0, $1, defaultAxis: 1, singleAxis: false) }),
                    VersionedRule(since: 13, rule: { try softmax($0, $1, defaultAxis: -1, singleAxis: true) })],
    ]

    static func softmax(_ n: ONNXNode, _ ctx: ImportContext, defaultAxis: Int64, singleAxis: Bool) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let axis = try ctx.axis(try n.int("axis", default: defaultAxis), rank: rank, n)
        let shape = try ctx.partialShape(x, for: n)
        let innermost = shape[(axis + 1)...].allSatisfy { $0 == 1 }
        if !singleAxis || innermost {
            guard axis >= 1 else { throw ctx.fail(n, "softmax over the batch axis is not supported") }
            try ctx.emit(.softmax(SoftmaxAttributes(axis: axis)), [x], from: n, output: n.outputs[0])
            return
        }
        guard rank >= 2 else { throw ctx.fail(n, "softmax of a rank-\(rank) tensor is not supported") }
        let toLast = Array(0..<rank).filter { $0 != axis } + [axis]
        var back = [Int](repeating: 0, count: rank)
        for (i, p) in toLast.enumerated() { back[p] = i }
        let moved = try ctx.emit(.transpose(TransposeAttributes(permutation: toLast)), [x], from: n, step: "axis_to_last")
        let normalised = try ctx.emit(.softmax(SoftmaxAttributes(axis: rank - 1)), [moved], from: n, step: "softmax")
        try ctx.emit(.transpose(TransposeAttributes(permutation: back)), [normalised], from: n, output: n.outputs[0], step: "axis_back")
    }
}
