import Foundation

/// Focal loss (Lin et al., RetinaNet): FL(p_t) = −α_t (1 − p_t)^γ ln p_t, where p_t = p for a
/// positive (y = 1) and 1 − p for a negative, and α_t = α for positives, 1 − α for negatives (as
/// the paper and torchvision's `sigmoid_focal_loss`). γ = 0 and α = nil give binary cross-entropy.
public struct FocalLoss: Sendable {
    public var alpha: Double?
    public var gamma: Double
    public var epsilon: Double

    public init(alpha: Double? = 0.25, gamma: Double = 2, epsilon: Double = LossNumerics.probabilityEpsilon) {
        self.alpha = alpha; self.gamma = gamma; self.epsilon = epsilon
    }

    /// The loss of one probability `p` against a target y ∈ {0, 1} (soft targets interpolate).
    public func term(p: Double, y: Double) -> Double {
        let q = LossNumerics.clamp(p, epsilon: epsilon)
        let positive = -y * pow(1 - q, gamma) * log(q)
        let negative = -(1 - y) * pow(q, gamma) * log(1 - q)
        guard let alpha else { return positive + negative }
        return alpha * positive + (1 - alpha) * negative
    }

    public func callAsFunction(probabilities: [Double], targets: [Double], reduction: LossReduction = .mean) throws -> Double {
        try LossNumerics.checkSameLength(probabilities.count, targets.count, "focal loss targets")
        return reduction.reduce(zip(probabilities, targets).map { term(p: $0, y: $1) })
    }
}
