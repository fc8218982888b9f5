import SpyglassIR

/// BatchNormalization (inference form) → batchNorm with ONNX's sqrt(var + eps); the training form
/// (opset ≥ 14, training_mode = 1) is spelled out with the batch's own statistics.
enum NormalizationImport {
    static let rules: [String: [VersionedRule]] = [
        "BatchNormalization": [VersionedRule(since: 1, rule: batchNorm)],
    ]

    static func batchNorm(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let epsilon = try n.float("epsilon", default: 1e-5)
        if ctx.opset >= 14, try n.int("training_mode", default: 0) != 0 {
            try BatchNormTraining.emit(n, ctx, epsilon: epsilon, momentum: try n.float("momentum", default: 0.9))
            return
        }
        if n.outputs.dropFirst().contains(where: { !$0.isEmpty }) { throw ctx.fail(n, "training-mode outputs are not supported") }
        if try n.int("training_mode", default: 0) != 0 { throw ctx.fail(n, "training_mode = 1 is not supported") }
        let inputs = try (0..<5).map { try ctx.input(n, $0) }
        try ctx.emit(.batchNorm(BatchNormAttributes(epsilon: epsilon, placement: .insideSqrt)), inputs, from: n, output: n.outputs[0])
    }
}

/// Training-mode BatchNormalization from existing ops: per channel, the batch mean and (population)
/// variance over every axis but 1 (a global average pool of the channel-major view), then
/// Y = (x − mean) / sqrt(var + eps) · scale + B, running_mean = mean_in·momentum + mean·(1 − momentum),
/// and running_var likewise.
enum BatchNormTraining {
    static func emit(_ n: ONNXNode, _ ctx: ImportContext, epsilon: Float, momentum: Float) throws {
        let x = try ctx.input(n, 0)
        let shape = try ctx.shape(x, for: n, concreteAt: [1])
        guard shape.count >= 2, let channels = shape[1] else { throw ctx.fail(n, "input must be [N, C, …], got \(shape)") }
        let perChannel = [1, channels] + [Int](repeating: 1, count: shape.count - 2)
        func op(_ o: Op, _ inputs: [String], _ step: String, output: String? = nil) throws -> String {
            try ctx.emit(o, inputs, from: n, output: output, step: step)
        }
        func binary(_ b: BinaryOperator, _ l: String, _ r: String, _ step: String, output: String? = nil) throws -> String {
            try op(.binary(BinaryAttributes(b)), [l, r], step, output: output)
        }
        func scalar(_ v: Float, _ step: String) -> String { ctx.addConstant([v], dims: [], base: "\(n.name)/\(step)") }
        /// The per-channel mean of `t` (shaped like x), as [1, C, 1, 1].
        func channelMean(_ t: String, _ step: String) throws -> String {
            let rows = try op(.reshape(ReshapeAttributes(shape: [0, 0, -1])), [t], "\(step)_rows")
            let channelMajor = try op(.transpose(TransposeAttributes(permutation: [1, 0, 2])), [rows], "\(step)_channel_major")
            let image = try op(.reshape(ReshapeAttributes(shape: [1, channels, -1, 1])), [channelMajor], "\(step)_image")
            return try op(.globalAvgPool, [image], step)
        }
        func broadcastable(_ t: String, _ step: String) throws -> String {
            try op(.reshape(ReshapeAttributes(shape: perChannel)), [t], step)
        }
        let mean = try channelMean(x, "mean")
        let centred = try binary(.sub, x, try broadcastable(mean, "mean_b"), "centred")
        let variance = try channelMean(try binary(.mul, centred, centred, "squared"), "variance")
        let std = try op(.unary(UnaryAttributes(.sqrt)), [try binary(.add, try broadcastable(variance, "variance_b"), scalar(epsilon, "epsilon"), "variance_eps")], "std")
        let normalised = try binary(.div, centred, std, "normalised")
        let scaled = try binary(.mul, normalised, try broadcastable(try ctx.input(n, 1), "scale_b"), "scaled")
        _ = try binary(.add, scaled, try broadcastable(try ctx.input(n, 2), "bias_b"), "y", output: n.outputs[0])
        for (index, statistic, running) in [(1, mean, 3), (2, variance, 4)] where index < n.outputs.count && !n.outputs[index].isEmpty {
            let name = index == 1 ? "running_mean" : "running_var"
            let flat = try op(.reshape(ReshapeAttributes(shape: [channels])), [statistic], "\(name)_batch")
            let kept = try binary(.mul, try ctx.input(n, running), scalar(momentum, "momentum"), "\(name)_kept")
            let added = try binary(.mul, flat, scalar(1 - momentum, "one_minus_momentum"), "\(name)_added")
            _ = try binary(.add, kept, added, name, output: n.outputs[index])
        }
    }
}
