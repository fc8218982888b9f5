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

    /// LeakyRelu(α): α = 0.1 is Darknet's leaky, α = 0.01 its relie, any other α the general unary op.
    static func leakyRelu(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let alpha = try n.float("alpha", default: 0.01)
        let a: Activation
        switch alpha {
        case 0.1: a = .leaky
        case 0.01: a = .relie
        default: return try UnaryImport.fixed(UnaryAttributes(.leakyRelu, alpha: alpha))(n, ctx)
        }
        try fixed(a)(n, ctx)
    }

    static func elu(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let alpha = try n.float("alpha", default: 1)
        if alpha == 1 { try fixed(.elu)(n, ctx) } else { try UnaryImport.fixed(UnaryAttributes(.elu, alpha: alpha))(n, ctx) }
    }

    /// Clip to [-1, 1] is Darknet's hardtan; other bounds the general unary clip.
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
        if min == -1, max == 1 { try fixed(.hardtan)(n, ctx); return }
        try UnaryImport.fixed(UnaryImport.clip(min: min, max: max))(n, ctx)
    }
}
