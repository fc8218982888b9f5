import SpyglassIR

/// Add / Sub / Mul / Div / Pow with numpy broadcasting. Same-shape Add stays the IR's `add`;
/// Mul(x, Sigmoid(x)) becomes a swish activation (SiLU as PyTorch exports it).
enum ElementwiseImport {
    static let rules: [String: [VersionedRule]] = [
        "Add": [VersionedRule(since: 7, rule: { try binary($0, $1, .add) })],
        "Sub": [VersionedRule(since: 7, rule: { try binary($0, $1, .sub) })],
        "Mul": [VersionedRule(since: 7, rule: { try binary($0, $1, .mul) })],
        "Div": [VersionedRule(since: 7, rule: { try binary($0, $1, .div) })],
        "Pow": [VersionedRule(since: 7, rule: pow)],
    ]

    static func binary(_ n: ONNXNode, _ ctx: ImportContext, _ op: BinaryOperator) throws {
        let a = try ctx.input(n, 0), b = try ctx.input(n, 1)
        if op == .mul, let x = sigmoidGate(a, b, ctx) {
            try ctx.emit(.activation(.swish), [x], from: n, output: n.outputs[0])
            return
        }
        _ = try ctx.partialShape(a, for: n); _ = try ctx.partialShape(b, for: n)
        let sa = ctx.known[a]?.dims ?? ctx.shapes[a] ?? [], sb = ctx.known[b]?.dims ?? ctx.shapes[b] ?? []
        let sameShape = sa == sb && ctx.alternateShapes[a] == ctx.alternateShapes[b]
        if op == .add, sameShape, ctx.known[a] == nil, ctx.known[b] == nil {
            try ctx.emit(.add, [a, b], from: n, output: n.outputs[0])
            return
        }
        guard broadcastShape(sa, sb) != nil else { throw ctx.fail(n, "shapes \(sa) and \(sb) do not broadcast") }
        try ctx.emit(.binary(BinaryAttributes(op)), [a, b], from: n, output: n.outputs[0])
    }

    /// Pow's exponent may have another element type than its base (opset 12+); the result has the
    /// base's. Computed in float32 as numpy's reference does (`np.power(x, y).astype(x.dtype)`): a
    /// float base takes the exponent cast to float, an integer base with a float exponent is cast to
    /// float and the result back.
    static func pow(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let a = try ctx.input(n, 0), b = try ctx.input(n, 1)
        guard let ta = ctx.elementType(of: a), let tb = ctx.elementType(of: b), ta != tb else {
            return try binary(n, ctx, .pow)
        }
        switch (ta, tb) {
        case (.float32, _):
            let exponent = try ctx.emit(.cast(.float32), [b], from: n, step: "exponent")
            try ctx.emit(.binary(BinaryAttributes(.pow)), [a, exponent], from: n, output: n.outputs[0])
        case (_, .float32):
            let base = try ctx.emit(.cast(.float32), [a], from: n, step: "base")
            let power = try ctx.emit(.binary(BinaryAttributes(.pow)), [base, b], from: n, step: "pow")
            try ctx.emit(.cast(ta), [power], from: n, output: n.outputs[0])
        default:
            let exponent = try ctx.emit(.cast(ta), [b], from: n, step: "exponent")
            try ctx.emit(.binary(BinaryAttributes(.pow)), [a, exponent], from: n, output: n.outputs[0])
        }
    }

    /// x when one operand is Sigmoid(x) and the other is x.
    private static func sigmoidGate(_ a: String, _ b: String, _ ctx: ImportContext) -> String? {
        for (x, gate) in [(a, b), (b, a)] {
            if let p = ctx.producer(of: gate), p.op == .activation(.logistic), p.inputs == [x] { return x }
        }
        return nil
    }
}
