import Foundation

/// Which non-maximum suppression turns candidates into final detections.
public enum NMSMethod: Hashable, Sendable, CustomStringConvertible {
    /// Darknet's `do_nms_sort` (per class, IoU > threshold suppresses), matching the reference.
    case darknet
    /// Greedy per-class NMS: drop scores ≤ the confidence threshold, suppress IoU ≥ threshold.
    case perClass
    /// Greedy NMS ignoring classes.
    case agnostic
    /// Soft-NMS (Bodla et al. 2017), linear decay: s ← s·(1 − IoU) when IoU ≥ threshold.
    case softLinear
    /// Soft-NMS, Gaussian decay: s ← s·exp(−IoU² / sigma).
    case softGaussian(sigma: Float)

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "invalid NMS method '\(text)': \(reason); expected darknet, class, agnostic, soft or soft-gaussian[:sigma]" }
    }

    /// Parses the CLI spelling: "darknet", "class", "agnostic", "soft" (linear), "soft-gaussian"
    /// (sigma 0.5) or "soft-gaussian:SIGMA".
    public init(parsing text: String) throws {
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch lower {
        case "darknet": self = .darknet
        case "class", "per-class": self = .perClass
        case "agnostic": self = .agnostic
        case "soft", "soft-linear": self = .softLinear
        case "soft-gaussian": self = .softGaussian(sigma: 0.5)
        default:
            let prefix = "soft-gaussian:"
            guard lower.hasPrefix(prefix) else { throw ParseError(text: text, reason: "unknown method") }
            guard let sigma = Float(lower.dropFirst(prefix.count)), sigma.isFinite, sigma > 0 else {
                throw ParseError(text: text, reason: "sigma must be a positive number")
            }
            self = .softGaussian(sigma: sigma)
        }
    }

    public var description: String {
        switch self {
        case .darknet: return "darknet"
        case .perClass: return "class"
        case .agnostic: return "agnostic"
        case .softLinear: return "soft"
        case .softGaussian(let sigma): return "soft-gaussian:\(sigma)"
        }
    }
}
