import Foundation

/// Cross-entropy losses (natural logarithm). Probabilities are clamped with
/// `LossNumerics.probabilityEpsilon`; logit forms use the log-sum-exp trick and need no clamp.
public enum CrossEntropy {
    /// H(p, q) = −Σᵢ pᵢ ln qᵢ for one example: `target` the true distribution, `predicted` the model's.
    public static func distribution(target: [Double], predicted: [Double],
                                    epsilon: Double = LossNumerics.probabilityEpsilon) throws -> Double {
        try LossNumerics.checkSameLength(target.count, predicted.count, "cross-entropy distributions")
        return zip(target, predicted).reduce(0) { $0 - $1.0 * log(LossNumerics.clamp($1.1, epsilon: epsilon)) }
    }

    /// Binary cross-entropy −[y ln p + (1 − y) ln(1 − p)] per element (PyTorch `BCELoss`, but with an
    /// ε clamp instead of clamping the log at −100).
    public static func binary(predicted: [Double], targets: [Double], reduction: LossReduction = .mean,
                              epsilon: Double = LossNumerics.probabilityEpsilon) throws -> Double {
        try LossNumerics.checkSameLength(predicted.count, targets.count, "binary cross-entropy targets")
        return reduction.reduce(zip(predicted, targets).map { binaryTerm(p: $0, y: $1, epsilon: epsilon) })
    }

    /// Binary cross-entropy of one probability against target y ∈ [0, 1].
    public static func binaryTerm(p: Double, y: Double, epsilon: Double = LossNumerics.probabilityEpsilon) -> Double {
        let q = LossNumerics.clamp(p, epsilon: epsilon)
        return -(y * log(q) + (1 - y) * log(1 - q))
    }

    /// Binary cross-entropy from logits, stable for any x: max(x, 0) − x·y + ln(1 + e^−|x|)
    /// (PyTorch `BCEWithLogitsLoss`).
    public static func binaryWithLogits(logits: [Double], targets: [Double], reduction: LossReduction = .mean) throws -> Double {
        try LossNumerics.checkSameLength(logits.count, targets.count, "binary cross-entropy targets")
        return reduction.reduce(zip(logits, targets).map { x, y in max(x, 0) - x * y + log1p(exp(-abs(x))) })
    }

    /// Multi-class cross-entropy −ln p[class] per example, from probabilities (e.g. softmax outputs).
    public static func multiClass(probabilities: [[Double]], targets: [Int], reduction: LossReduction = .mean,
                                  epsilon: Double = LossNumerics.probabilityEpsilon) throws -> Double {
        try LossNumerics.checkSameLength(probabilities.count, targets.count, "multi-class cross-entropy targets")
        var terms: [Double] = []
        for (i, (p, c)) in zip(probabilities, targets).enumerated() {
            guard c >= 0, c < p.count else { throw LossError.classOutOfRange(index: i, classIndex: c, classes: p.count) }
            terms.append(-log(LossNumerics.clamp(p[c], epsilon: epsilon)))
        }
        return reduction.reduce(terms)
    }

    /// Softmax cross-entropy from logits, −x[class] + ln Σ e^x (PyTorch `CrossEntropyLoss`), computed
    /// with the maximum subtracted so large logits do not overflow.
    public static func softmax(logits: [[Double]], targets: [Int], reduction: LossReduction = .mean) throws -> Double {
        try LossNumerics.checkSameLength(logits.count, targets.count, "softmax cross-entropy targets")
        var terms: [Double] = []
        for (i, (x, c)) in zip(logits, targets).enumerated() {
            guard c >= 0, c < x.count, let m = x.max() else { throw LossError.classOutOfRange(index: i, classIndex: c, classes: x.count) }
            terms.append(m + log(x.reduce(0) { $0 + exp($1 - m) }) - x[c])
        }
        return reduction.reduce(terms)
    }
}
