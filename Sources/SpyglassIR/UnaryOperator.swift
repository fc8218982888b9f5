import Foundation

/// Element-wise functions beyond Darknet's activations, with ONNX's formulas. `alpha`/`beta`
/// parameterise the ones that take them (see `apply`); the others ignore them.
public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
    case exp, log, sqrt, neg, abs, reciprocal, floor, ceil, erf
    case softplus, softsign
    /// max(0, min(1, α·x + β))
    case hardSigmoid
    /// x · max(0, min(1, x/6 + 1/2))
    case hardSwish
    /// min(max(x, α), β) (bounds finite: a missing bound is ±Float.greatestFiniteMagnitude)
    case clip
    /// x ≥ 0 ? x : α·x
    case leakyRelu
    /// x ≥ 0 ? x : α·(eˣ − 1)
    case elu
}

/// `y = f(x)` element by element.
public struct UnaryAttributes: Hashable, Sendable {
    public var op: UnaryOperator
    public var alpha: Float
    public var beta: Float
    public init(_ op: UnaryOperator, alpha: Float = 0, beta: Float = 0) { self.op = op; self.alpha = alpha; self.beta = beta }

    /// The function in single precision; the reference every kernel is tested against.
    @inlinable public func apply(_ x: Float) -> Float {
        switch op {
        case .exp: return expf(x)
        case .log: return logf(x)
        case .sqrt: return sqrtf(x)
        case .neg: return -x
        case .abs: return Swift.abs(x)
        case .reciprocal: return 1 / x
        case .floor: return floorf(x)
        case .ceil: return ceilf(x)
        case .erf: return erff(x)
        case .softplus: return x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x))
        case .softsign: return x / (1 + Swift.abs(x))
        case .hardSigmoid: return max(0, min(1, alpha * x + beta))
        case .hardSwish: return x * max(0, min(1, x / 6 + 0.5))
        case .clip: return min(max(x, alpha), beta)
        case .leakyRelu: return x >= 0 ? x : alpha * x
        case .elu: return x >= 0 ? x : alpha * (expf(x) - 1)
        }
    }
}
