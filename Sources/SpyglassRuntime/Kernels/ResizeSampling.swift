import Foundation
import SpyglassIR

/// One resampled axis of a Resize, as ONNX defines it (onnx.reference's op_resize, which resizes one
/// axis at a time): where output index `o` lands in the input, and which input indices it reads
/// with which weights. Computed in Double like the reference, so nearest's ties fall the same way.
struct ResizeAxis {
    let inSize: Int
    let outSize: Int
    let scale: Double
    let crop: (start: Double, end: Double)
    let attributes: ResizeAttributes

    /// The `i`-th listed axis of `a` for an input of shape `shape`.
    init(_ a: ResizeAttributes, _ i: Int, inputShape shape: [Int]) {
        inSize = shape[a.axes[i]]; outSize = a.sizes[i]; scale = a.scales[i]; crop = a.crop(i); attributes = a
    }

    /// The input indices (clamped into the axis, as ONNX's edge padding does), their weights, and
    /// whether the output takes `extrapolationValue` instead (tf_crop_and_resize outside the input).
    struct Taps {
        var indices: [Int]
        var weights: [Double]
        var extrapolated: Bool
    }

    /// The input coordinate output index `o` maps to.
    func sourceCoordinate(_ o: Int) -> Double {
        let y = Double(o), inW = Double(inSize), outW = scale * inW
        switch attributes.coordinateTransform {
        case .alignCorners:
            return outW == 1 ? 0 : y * (inW - 1) / (outW - 1)
        case .asymmetric:
            return y / scale
        case .tfCropAndResize:
            let span = crop.end - crop.start
            let x = outW == 1 ? span * (inW - 1) / 2 : y * span * (inW - 1) / (outW - 1)
            return x + crop.start * (inW - 1)
        case .pytorchHalfPixel:
            return outW == 1 ? -0.5 : (y + 0.5) / scale - 0.5
        case .halfPixel:
            return (y + 0.5) / scale - 0.5
        case .halfPixelSymmetric:
            // Centres the sampled region when the output size was rounded down from scale · input.
            let adjustment = Double(outSize) / outW
            let offset = inW / 2 * (1 - adjustment)
            return offset + (y + 0.5) / scale - 0.5
        }
    }

    func taps(_ o: Int) -> Taps {
        let x = sourceCoordinate(o)
        let extrapolated = attributes.coordinateTransform == .tfCropAndResize && (x < 0 || x > Double(inSize - 1))
        // The ratio is in (0, 1]: an integer coordinate counts as 1 past its left neighbour.
        let ratio = x == x.rounded(.down) ? 1 : x - x.rounded(.down)
        var weights = coefficients(ratio)
        let n = weights.count
        // The value is the extrapolation value; the coordinate may be far outside any index.
        if extrapolated { return Taps(indices: Array(repeating: 0, count: n), weights: Array(repeating: 0, count: n), extrapolated: true) }
        // The n taps nearest x, ties to the smaller index (the reference pads by ceil(n/2) first).
        let pad = (n + 1) / 2
        // Far outside the axis every tap clamps to the same edge, so x may be clamped first (keeps Int() in range).
        let padded = min(max(x, -Double(n + 2)), Double(inSize + n + 2)) + Double(pad), p = padded.rounded(.down)
        let first = Int(p) + (padded == p ? -(n / 2) : 1 - n / 2) - pad
        let raw = (0..<n).map { first + $0 }
        if attributes.excludeOutside {
            for (j, i) in raw.enumerated() where i < 0 || i >= inSize { weights[j] = 0 }
            let sum = weights.reduce(0, +)
            weights = weights.map { $0 / (sum == 0 ? 1 : sum) }
        }
        return Taps(indices: raw.map { min(max($0, 0), inSize - 1) }, weights: weights, extrapolated: extrapolated)
    }

    /// Weights of the taps left and right of the coordinate, for its distance `ratio` past the last
    /// tap at or left of it.
    func coefficients(_ r: Double) -> [Double] {
        let a = attributes
        switch a.mode {
        case .nearest:
            if r == 1 { return [0, 1] }
            switch a.nearestRounding {
            case .roundPreferFloor: return r <= 0.5 ? [1, 0] : [0, 1]
            case .roundPreferCeil: return r < 0.5 ? [1, 0] : [0, 1]
            case .floor: return [1, 0]
            case .ceil: return [0, 1]
            }
        case .linear:
            guard a.antialias else { return [1 - r, r] }
            let s = min(scale, 1), start = Int((-1 / s).rounded(.down) + 1)
            let raw = (0..<(2 - 2 * start)).map { j in min(max(1 - abs((Double(start + j) - r) * s), 0), 1) }
            let sum = raw.reduce(0, +)
            return raw.map { $0 / sum }
        case .cubic:
            let A = Double(a.cubicCoefficient)
            guard a.antialias else {
                let q = 1 - r
                return [((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A,
                        ((A + 2) * r - (A + 3)) * r * r + 1,
                        ((A + 2) * q - (A + 3)) * q * q + 1,
                        ((A * (q + 1) - 5 * A) * (q + 1) + 8 * A) * (q + 1) - 4 * A]
            }
            let s = min(scale, 1), start = Int((-2 / s).rounded(.down) + 1)
            let raw = (start..<(2 - start)).map { i in Self.cubic(abs(s * (Double(i) - r)), A) }
            let sum = raw.reduce(0, +)
            return raw.map { $0 / sum }
        }
    }

    /// Keys' cubic convolution kernel at distance `x` ≥ 0.
    static func cubic(_ x: Double, _ A: Double) -> Double {
        let x2 = x * x, x3 = x * x2
        if x <= 1 { return (A + 2) * x3 - (A + 3) * x2 + 1 }
        if x < 2 { return A * x3 - 5 * A * x2 + 8 * A * x - 4 * A }
        return 0
    }
}
