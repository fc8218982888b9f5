/// Shared pieces of the loss functions: how values are reduced, how probabilities are kept away
/// from 0 and 1, and the one error they throw.
public enum LossReduction: Sendable {
    /// Average over the elements; an empty batch gives 0 (there is nothing to be wrong about).
    case mean
    /// Sum over the elements; an empty batch gives 0.
    case sum

    func reduce(_ values: [Double]) -> Double {
        if values.isEmpty { return 0 }
        let total = values.reduce(0, +)
        switch self {
        case .mean: return total / Double(values.count)
        case .sum: return total
        }
    }
}

public enum LossError: Error, Equatable, CustomStringConvertible {
    case lengthMismatch(what: String, expected: Int, got: Int)
    case classOutOfRange(index: Int, classIndex: Int, classes: Int)
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .lengthMismatch(let what, let e, let g): return "\(what): expected \(e) values, got \(g)"
        case .classOutOfRange(let i, let c, let n): return "example \(i): class \(c) is outside 0..<\(n)"
        case .invalidParameter(let m): return m
        }
    }
}

public enum LossNumerics {
    /// Probabilities are clamped to [ε, 1 − ε] before a logarithm, so p = 0 or 1 gives a large
    /// finite loss instead of inf/NaN (Keras uses the same ε = 1e-7; the largest loss per term is
    /// then −ln 1e-7 ≈ 16.12). Values are otherwise unchanged.
    public static let probabilityEpsilon = 1e-7

    @inlinable public static func clamp(_ p: Double, epsilon: Double = probabilityEpsilon) -> Double {
        // NaN stays NaN (min/max would hide it): garbage in is visible, not silently 0.
        p.isNaN ? p : Swift.min(Swift.max(p, epsilon), 1 - epsilon)
    }

    static func checkSameLength(_ a: Int, _ b: Int, _ what: String) throws {
        guard a == b else { throw LossError.lengthMismatch(what: what, expected: a, got: b) }
    }
}
