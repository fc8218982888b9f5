import SpyglassIR

/// Softmax. Before opset 13 ONNX normalises over everything from `axis` on, exactly the IR's softmax;
/// from 13 over `axis` alone, which equals it when every later dim is 1 (e.g. the last axis).
enum SoftmaxImport {
    static let rules: [String: [VersionedRule]] = [
        "Softmax": [VersionedRule(since: 1, rule: { try softmax($0, $1, defaultAxis: 1, singleAxis: false) }),
                    VersionedRule(since: 13, rule: { try softmax($0, $1, defaultAxis: -1, singleAxis: true) })],
    ]

    static func softmax(_ n: ONNXNode, _ ctx: ImportContext, defaultAxis: Int64, singleAxis: Bool) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let axis = try ctx.axis(try n.int("axis", default: defaultAxis), rank: rank, n)
        let shape = try ctx.shape(x, for: n, concreteAt: Array((axis + 1)..<max(rank, axis + 1))).map { $0 ?? 0 }
        if singleAxis, shape[(axis + 1)...].contains(where: { $0 != 1 }) {
            throw ctx.fail(n, "softmax over axis \(axis) of \(shape) (not the innermost) is not supported yet")
        }
        guard axis >= 1 else { throw ctx.fail(n, "softmax over the batch axis is not supported") }
        try ctx.emit(.softmax(SoftmaxAttributes(axis: axis)), [x], from: n, output: n.outputs[0])
    }
}
