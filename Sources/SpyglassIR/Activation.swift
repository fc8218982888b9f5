import Foundation

/// Element-wise activation functions: every one of Darknet's activations.c, plus
/// `mish` and `swish` from later Darknet forks. Formulas follow Darknet exactly
/// (e.g. `leaky` has slope 0.1, `relie` 0.01, `stair` and `plse` piecewise as in activations.h).
public enum Activation: String, Hashable, Sendable, CaseIterable {
    case logistic, relu, relie, linear, ramp, tanh, plse, leaky, elu, loggy, stair, hardtan, lhtan, selu
    case mish, swish

    /// Darknet's name for this activation in a cfg file.
    public var darknetName: String { rawValue }

    public init?(darknetName: String) { self.init(rawValue: darknetName) }

    /// The function itself, in single precision as Darknet computes it.
    /// This is the reference used by every kernel's tests.
    @inlinable public func apply(_ x: Float) -> Float {
        switch self {
        case .linear: return x
        case .logistic: return 1 / (1 + expf(-x))
        case .loggy: return 2 / (1 + expf(-x)) - 1
        case .relu: return x > 0 ? x : 0
        case .elu: return x >= 0 ? x : expf(x) - 1
        case .selu: return x >= 0 ? 1.0507 * x : 1.0507 * 1.6732 * (expf(x) - 1)
        case .relie: return x > 0 ? x : 0.01 * x
        case .ramp: return (x > 0 ? x : 0) + 0.1 * x
        case .leaky: return x > 0 ? x : 0.1 * x
        case .tanh: return tanhf(x)  // Darknet's (e^2x-1)/(e^2x+1), without its overflow to NaN
        case .plse:
            if x < -4 { return 0.01 * (x + 4) }
            if x > 4 { return 0.01 * (x - 4) + 1 }
            return 0.125 * x + 0.5
        case .stair:
            let n = Int(floorf(x))
            if n % 2 == 0 { return floorf(x / 2) }
            return (x - Float(n)) + floorf(x / 2)
        case .hardtan:
            if x < -1 { return -1 }
            if x > 1 { return 1 }
            return x
        case .lhtan:
            if x < 0 { return 0.001 * x }
            if x > 1 { return 0.001 * (x - 1) + 1 }
            return x
        case .mish:
            // softplus with Darknet's threshold of 20, then x * tanh(softplus(x))
            let sp: Float = x > 20 ? x : (x < -20 ? expf(x) : log1pf(expf(x)))
            return x * tanhf(sp)
        case .swish: return x / (1 + expf(-x))
        }
    }
}
