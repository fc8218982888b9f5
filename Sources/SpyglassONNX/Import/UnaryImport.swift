import SpyglassIR

/// Element-wise functions without a Darknet activation: the IR's `unary` op.
enum UnaryImport {
    static let rules: [String: [VersionedRule]] = {
        var table: [String: [VersionedRule]] = [:]
        let plain: [(String, UnaryOperator)] = [
            ("Exp", .exp), ("Log", .log), ("Sqrt", .sqrt), ("Neg", .neg), ("Abs", .abs), ("Reciprocal", .reciprocal),
            ("Floor", .floor), ("Ceil", .ceil), ("Erf", .erf), ("Softplus", .softplus), ("Softsign", .softsign),
        ]
        for (opType, op) in plain { table[opType] = [VersionedRule(since: 1, rule: fixed(UnaryAttributes(op)))] }
        table["HardSwish"] = [VersionedRule(since: 14, rule: fixed(UnaryAttributes(.hardSwish)))]
        table["HardSigmoid"] = [VersionedRule(since: 1, rule: { n, ctx in
            try fixed(UnaryAttributes(.hardSigmoid, alpha: try n.float("alpha", default: 0.2), beta: try n.float("beta", default: 0.5)))(n, ctx)
        })]
        return table
    }()

    static func fixed(_ a: UnaryAttributes) -> ImportRule {
        { n, ctx in try ctx.emit(.unary(a), [try ctx.input(n, 0)], from: n, output: n.outputs[0]) }
    }

    /// Bounds as finite floats (the IR stores finite attributes): ±∞ becomes ±Float.greatestFiniteMagnitude.
    static func clip(min lo: Double, max hi: Double) -> UnaryAttributes {
        let big = Double(Float.greatestFiniteMagnitude)
        return UnaryAttributes(.clip, alpha: Float(Swift.max(Swift.min(lo, big), -big)), beta: Float(Swift.max(Swift.min(hi, big), -big)))
    }
}
