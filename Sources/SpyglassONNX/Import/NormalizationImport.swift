import SpyglassIR

/// BatchNormalization (inference form) → batchNorm with ONNX's sqrt(var + eps).
enum NormalizationImport {
    static let rules: [String: [VersionedRule]] = [
        "BatchNormalization": [VersionedRule(since: 1, rule: batchNorm)],
    ]

    static func batchNorm(_ n: ONNXNode, _ ctx: ImportContext) throws {
        if n.outputs.dropFirst().contains(where: { !$0.isEmpty }) { throw ctx.fail(n, "training-mode outputs are not supported") }
        if try n.int("training_mode", default: 0) != 0 { throw ctx.fail(n, "training_mode = 1 is not supported") }
        let epsilon = try n.float("epsilon", default: 1e-5)
        let inputs = try (0..<5).map { try ctx.input(n, $0) }
        try ctx.emit(.batchNorm(BatchNormAttributes(epsilon: epsilon, placement: .insideSqrt)), inputs, from: n, output: n.outputs[0])
    }
}
