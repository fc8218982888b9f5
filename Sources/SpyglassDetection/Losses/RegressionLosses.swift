import Foundation

/// Element-wise regression losses between predictions and targets; empty input gives 0.
public enum RegressionLoss {
    /// Mean squared error (L2).
    public static func meanSquared(predicted: [Double], targets: [Double], reduction: LossReduction = .mean) throws -> Double {
        try reduce(predicted, targets, reduction) { d in d * d }
    }

    /// Mean absolute error (L1).
    public static func meanAbsolute(predicted: [Double], targets: [Double], reduction: LossReduction = .mean) throws -> Double {
        try reduce(predicted, targets, reduction) { d in abs(d) }
    }

    /// √MSE.
    public static func rootMeanSquared(predicted: [Double], targets: [Double]) throws -> Double {
        sqrt(try meanSquared(predicted: predicted, targets: targets))
    }

    /// Smooth L1 (Fast R-CNN; PyTorch `SmoothL1Loss`): 0.5·d²/β where |d| < β, else |d| − 0.5·β.
    /// β = 1 is the survey's form; β = 0 is plain L1.
    public static func smoothL1(predicted: [Double], targets: [Double], beta: Double = 1, reduction: LossReduction = .mean) throws -> Double {
        guard beta >= 0, beta.isFinite else { throw LossError.invalidParameter("smooth L1: β must be a finite number ≥ 0, got \(beta)") }
        return try reduce(predicted, targets, reduction) { d in
            abs(d) < beta ? 0.5 * d * d / beta : abs(d) - 0.5 * beta
        }
    }

    /// Huber loss (PyTorch `HuberLoss`): 0.5·d² where |d| ≤ δ, else δ·(|d| − 0.5·δ); equals δ·smoothL1(β = δ).
    public static func huber(predicted: [Double], targets: [Double], delta: Double = 1, reduction: LossReduction = .mean) throws -> Double {
        guard delta > 0, delta.isFinite else { throw LossError.invalidParameter("Huber: δ must be a finite number > 0, got \(delta)") }
        return try reduce(predicted, targets, reduction) { d in
            abs(d) <= delta ? 0.5 * d * d : delta * (abs(d) - 0.5 * delta)
        }
    }

    private static func reduce(_ p: [Double], _ t: [Double], _ reduction: LossReduction, _ term: (Double) -> Double) throws -> Double {
        try LossNumerics.checkSameLength(p.count, t.count, "regression targets")
        return reduction.reduce(zip(p, t).map { term($0 - $1) })
    }
}
