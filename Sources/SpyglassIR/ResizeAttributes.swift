/// How ONNX `Resize` computes an output element from the input: which neighbours, which weights.
public enum ResizeInterpolation: String, Hashable, Sendable, CaseIterable {
    case nearest, linear, cubic
}

/// How an output coordinate maps back to an input coordinate (ONNX `coordinate_transformation_mode`).
public enum ResizeCoordinateTransform: String, Hashable, Sendable, CaseIterable {
    case halfPixel = "half_pixel"
    case halfPixelSymmetric = "half_pixel_symmetric"
    case pytorchHalfPixel = "pytorch_half_pixel"
    case alignCorners = "align_corners"
    case asymmetric
    /// Samples the crop `roi` of the input; coordinates outside the input give `extrapolationValue`.
    case tfCropAndResize = "tf_crop_and_resize"
}

/// Which neighbour `nearest` picks for a fractional input coordinate (ONNX `nearest_mode`).
public enum NearestRounding: String, Hashable, Sendable, CaseIterable {
    case roundPreferFloor = "round_prefer_floor"
    case roundPreferCeil = "round_prefer_ceil"
    case floor, ceil
}

/// ONNX `Resize` with its scales and output sizes resolved at import time. Only the listed `axes`
/// are resampled; every other axis passes through (so a symbolic batch dim stays symbolic).
/// Scales are Double: with ONNX `sizes` the scale is output/input, which float32 cannot always hold,
/// and the coordinate mapping (hence nearest's ties) depends on it.
public struct ResizeAttributes: Hashable, Sendable {
    public var mode: ResizeInterpolation
    public var coordinateTransform: ResizeCoordinateTransform
    public var nearestRounding: NearestRounding
    /// The cubic kernel's `A` (ONNX `cubic_coeff_a`).
    public var cubicCoefficient: Float
    /// Weights of taps outside the input are dropped and the rest renormalised (ONNX `exclude_outside`).
    public var excludeOutside: Bool
    /// The value of outputs whose source lies outside the input (tf_crop_and_resize only).
    public var extrapolationValue: Float
    /// Linear/cubic downscaling widens the kernel by 1/scale (ONNX `antialias`).
    public var antialias: Bool
    /// The resampled axes, in the order they are resampled.
    public var axes: [Int]
    /// Per listed axis: the scale of the coordinate mapping and the output size.
    public var scales: [Double]
    public var sizes: [Int]
    /// tf_crop_and_resize: the crop in normalised input coordinates, starts then ends, per listed axis
    /// (`2 · axes.count` values); empty for the other transforms.
    public var roi: [Double]

    public init(mode: ResizeInterpolation, coordinateTransform: ResizeCoordinateTransform = .halfPixel,
                nearestRounding: NearestRounding = .roundPreferFloor, cubicCoefficient: Float = -0.75,
                excludeOutside: Bool = false, extrapolationValue: Float = 0, antialias: Bool = false,
                axes: [Int], scales: [Double], sizes: [Int], roi: [Double] = []) {
        self.mode = mode; self.coordinateTransform = coordinateTransform; self.nearestRounding = nearestRounding
        self.cubicCoefficient = cubicCoefficient; self.excludeOutside = excludeOutside
        self.extrapolationValue = extrapolationValue; self.antialias = antialias
        self.axes = axes; self.scales = scales; self.sizes = sizes; self.roi = roi
    }

    /// The crop (start, end) of the i-th listed axis; the whole axis without a roi.
    public func crop(_ i: Int) -> (start: Double, end: Double) {
        roi.count == 2 * axes.count ? (roi[i], roi[axes.count + i]) : (0, 1)
    }

    /// Why these attributes cannot resize a rank-`rank` tensor, or nil when they can.
    public func problem(rank: Int) -> String? {
        guard scales.count == axes.count, sizes.count == axes.count else {
            return "axes \(axes), scales \(scales) and sizes \(sizes) must have one entry per axis"
        }
        guard axes.allSatisfy({ $0 >= 0 && $0 < rank }), Set(axes).count == axes.count else {
            return "axes \(axes) must be distinct axes of a rank-\(rank) tensor"
        }
        guard scales.allSatisfy({ $0 > 0 && $0.isFinite }) else { return "scales \(scales) must be positive" }
        guard sizes.allSatisfy({ $0 > 0 }) else { return "output sizes \(sizes) must be positive" }
        if coordinateTransform == .tfCropAndResize {
            guard roi.count == 2 * axes.count, roi.allSatisfy(\.isFinite) else {
                return "tf_crop_and_resize needs a roi of \(2 * axes.count) values, got \(roi.count)"
            }
        } else if !roi.isEmpty {
            return "a roi is only used by tf_crop_and_resize"
        }
        if antialias, mode == .nearest { return "antialias is defined for linear and cubic, not nearest" }
        return nil
    }
}
