import SpyglassIR

/// Element-wise activations whose ONNX formula equals one of the IR's (Darknet's) activations.
enum ActivationImport {
    static let rules: [String: [VersionedRule]] = [
        "Relu": [VersionedRule(since: 1, rule: fixed(.relu))],
        "Sigmoid": [VersionedRule(since: 1, rule: fixed(.logistic))],
        "Tanh": [VersionedRule(since: 1, rule: fixed(.tanh))],
        "Mish": [VersionedRule(since: 18, rule: fixed(.mish))],
        "LeakyRelu": [VersionedRule(since: 1, rule: leakyRelu)],
        "Elu": [VersionedRule(since: 1, rule: elu)],
        "Clip": [VersionedRule(since: 1, rule: clipAttributes), VersionedRule(since: 11, rule: clipInputs)],
    ]

    static func fixed(_ a: Activation) -> ImportRule {
        { n, ctx in try ctx.emit(.activation(a), [try ctx.input(n, 0)], from: n, output: n.outputs[0]) }
    }

    /// LeakyRelu(α): α = 0.1 is Darknet's leaky, α = 0.01 its relie.
    static func leakyRelu(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let alpha = try n.float("alpha", default: 0.01)
        let a: Activation
        switch alpha {
        case 0.1: a = .leaky
        case 0.01: a = .relie
        default: throw ctx.fail(n, "alpha = \(alpha) has no IR activation (0.1 and 0.01 do)")
        }
        try fixed(a)(n, ctx)
    }

    static func elu(_ n: ONNXNode, _ ctx: ImportContext) throws {
        guard try n.float("alpha", default: 1) == 1 else { throw ctx.fail(n, "only alpha = 1 maps onto the IR's elu") }
        try fixed(.elu)(n, ctx)
    }

    /// Clip to [-1, 1] is Darknet's hardtan.
    static func clipAttributes(_ n: ONNXNode, _ ctx: ImportContext) throws {
        try clip(n, ctx, min: Double(try n.float("min", default: -.greatestFiniteMagnitude)),
                 max: Double(try n.float("max", default: .greatestFiniteMagnitude)))
    }

    static func clipInputs(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let lo = ctx.hasInput(n, 1) ? try ctx.constantInput(n, 1, role: "min").values.first ?? -.infinity : -.infinity
        let hi = ctx.hasInput(n, 2) ? try ctx.constantInput(n, 2, role: "max").values.first ?? .infinity : .infinity
        try clip(n, ctx, min: lo, max: hi)
    }

    private static func clip(_ n: ONNXNode, _ ctx: ImportContext, min: Double, max: Double) throws {
        guard min == -1, max == 1 else { throw ctx.fail(n, "only Clip(-1, 1) maps onto an IR activation (hardtan), got [\(min), \(max)]") }
        try fixed(.hardtan)(n, ctx)
    }
}
