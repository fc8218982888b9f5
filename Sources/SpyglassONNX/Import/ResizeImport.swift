import Foundation
import SpyglassIR

/// Resize (opsets 10, 11, 13, 18, 19) and Upsample (7, 9): scales, sizes, roi and axes must be
/// known at import time; they are resolved into per-axis scales and output sizes. Nearest upsampling
/// of H and W by one integer factor that picks input index ⌊out / factor⌋ becomes the Darknet-style
/// `upsample` op; everything else becomes `resize`.
enum ResizeImport {
    static let rules: [String: [VersionedRule]] = [
        "Resize": [VersionedRule(since: 10, rule: resize10), VersionedRule(since: 11, rule: resize)],
        "Upsample": [VersionedRule(since: 7, rule: upsample)],
    ]

    /// What the node asks for, before the scales/sizes are resolved against the input shape.
    struct Request {
        var attributes: ResizeAttributes
        var axes: [Int]
        var scales: [Double]?
        var sizes: [Int]?
        var roi: [Double]?
        var policy = "stretch"
    }

    /// Upsample-7 (scales attribute) and -9 (scales input): asymmetric coordinates, nearest rounds down.
    static func upsample(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let scales = ctx.opset < 9 ? try n.floats("scales").map(Double.init) : try ctx.constantInput(n, 1, role: "scales").values
        try legacy(n, ctx, scales: scales)
    }

    /// Resize-10: a scales input and a mode, with Upsample's coordinate mapping.
    static func resize10(_ n: ONNXNode, _ ctx: ImportContext) throws {
        try legacy(n, ctx, scales: try ctx.constantInput(n, 1, role: "scales").values)
    }

    static func legacy(_ n: ONNXNode, _ ctx: ImportContext, scales: [Double]) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let name = try n.string("mode", default: "nearest")
        // Upsample-7 still accepted opset 1's name for linear.
        guard let mode = name == "bilinear" ? .linear : ResizeInterpolation(rawValue: name), mode != .cubic else {
            throw ctx.fail(n, "mode '\(name)' is not supported (nearest, linear)")
        }
        let a = ResizeAttributes(mode: mode, coordinateTransform: .asymmetric, nearestRounding: .floor, axes: [], scales: [], sizes: [])
        try emit(n, ctx, x, Request(attributes: a, axes: Array(0..<rank), scales: scales))
    }

    /// Resize-11 and later: roi, scales, sizes inputs; axes, antialias and keep_aspect_ratio_policy from 18.
    static func resize(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        func named<E: RawRepresentable & CaseIterable>(_ key: String, _ fallback: String, _: E.Type) throws -> E where E.RawValue == String {
            let value = try n.string(key, default: fallback)
            guard let e = E(rawValue: value) else {
                throw ctx.fail(n, "\(key) '\(value)' is not supported (\(E.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return e
        }
        let mode = try named("mode", "nearest", ResizeInterpolation.self)
        let antialias = try ctx.opset >= 18 && n.int("antialias", default: 0) != 0
        let a = ResizeAttributes(
            mode: mode,
            coordinateTransform: try named("coordinate_transformation_mode", "half_pixel", ResizeCoordinateTransform.self),
            nearestRounding: try named("nearest_mode", "round_prefer_floor", NearestRounding.self),
            cubicCoefficient: try n.float("cubic_coeff_a", default: -0.75),
            excludeOutside: try n.int("exclude_outside", default: 0) != 0,
            extrapolationValue: try n.float("extrapolation_value", default: 0),
            // ONNX defines antialias for linear and cubic only; nearest ignores it.
            antialias: antialias && mode != .nearest,
            axes: [], scales: [], sizes: [])
        var request = Request(attributes: a, axes: Array(0..<rank))
        if ctx.opset >= 18, n.attributes["axes"] != nil {
            request.axes = try n.ints("axes").map { try ctx.axis($0, rank: rank, n) }
            guard Set(request.axes).count == request.axes.count else { throw ctx.fail(n, "axes \(request.axes) repeat an axis") }
        }
        if ctx.opset >= 18 { request.policy = try n.string("keep_aspect_ratio_policy", default: "stretch") }
        func optional(_ i: Int, _ role: String) throws -> [Double]? {
            guard ctx.hasInput(n, i) else { return nil }
            let v = try ctx.constantInput(n, i, role: role).values
            return v.isEmpty ? nil : v
        }
        request.scales = try optional(2, "scales")
        if let sizes = try optional(3, "sizes") {
            guard sizes.allSatisfy({ $0 >= 0 && $0 < largest }) else { throw ctx.fail(n, "sizes \(sizes) must be between 0 and \(Int(largest))") }
            request.sizes = sizes.map { Int($0) }
        }
        if a.coordinateTransform == .tfCropAndResize {
            guard let roi = try optional(1, "roi") else { throw ctx.fail(n, "tf_crop_and_resize needs a roi input") }
            request.roi = roi
        }
        try emit(n, ctx, x, request)
    }

    /// Resolves the request against the input shape and emits `upsample`, `resize` or `identity`.
    static func emit(_ n: ONNXNode, _ ctx: ImportContext, _ x: String, _ request: Request) throws {
        let axes = request.axes, count = axes.count
        if let roi = request.roi, roi.count != 2 * count {
            throw ctx.fail(n, "roi \(roi) must have \(2 * count) values: starts then ends of \(count) axes")
        }
        func cropped(_ i: Int) -> Bool { request.roi.map { $0[i] != 0 || $0[count + i] != 1 } ?? false }
        // An axis scaled by exactly 1 and not cropped keeps its size, so it may stay symbolic (a batch dim).
        let unchanged = axes.indices.filter { i in request.scales.map { $0.count == count && $0[i] == 1 } ?? false && !cropped(i) }
        let dims = try ctx.shape(x, for: n, concreteAt: axes.indices.filter { !unchanged.contains($0) }.map { axes[$0] })
        let inSizes = axes.map { dims[$0] ?? 1 }
        var scales: [Double], sizes: [Int]
        switch (request.scales, request.sizes) {
        case (let s?, nil):
            guard s.count == count else { throw ctx.fail(n, "scales \(s) must have \(count) values, one per axis") }
            guard s.allSatisfy({ $0 > 0 && $0.isFinite }), zip(s, inSizes).allSatisfy({ $0 * Double($1) < largest }) else {
                throw ctx.fail(n, "scales \(s) must be positive and give outputs below \(Int(largest)) for input \(inSizes)")
            }
            scales = s
            sizes = zip(s, inSizes).map { Int(($0 * Double($1)).rounded(.down)) }
        case (nil, let z?):
            guard z.count == count else { throw ctx.fail(n, "sizes \(z) must have \(count) values, one per axis") }
            guard z.allSatisfy({ $0 > 0 }), inSizes.allSatisfy({ $0 > 0 }) else {
                throw ctx.fail(n, "sizes \(z) and input dims \(inSizes) must be positive")
            }
            scales = zip(z, inSizes).map { Double($0) / Double($1) }
            sizes = z
            switch request.policy {
            case "stretch": break
            case "not_larger", "not_smaller":
                let s = (request.policy == "not_larger" ? scales.min() : scales.max()) ?? 1
                scales = scales.map { _ in s }
                sizes = inSizes.map { Int(s * Double($0) + 0.5) }
            default:
                throw ctx.fail(n, "keep_aspect_ratio_policy '\(request.policy)' is not supported (stretch, not_larger, not_smaller)")
            }
        case (nil, nil): throw ctx.fail(n, "needs constant scales or sizes")
        case (_?, _?): throw ctx.fail(n, "has both scales and sizes; ONNX allows only one")
        }
        guard sizes.allSatisfy({ $0 > 0 && Double($0) < largest }) else { throw ctx.fail(n, "output sizes \(sizes) must be positive (input \(inSizes), scales \(scales))") }
        // Axes resampled onto themselves are left out, as ONNX's reference skips them.
        let keep = axes.indices.filter { i in
            let crop = request.roi.map { ($0[i], $0[count + i]) } ?? (0, 1)
            let identity = unchanged.contains(i)
                || (isClose(scales[i], 1) && sizes[i] == inSizes[i] && isClose(crop.0, 0) && isClose(crop.1, 1))
            return !identity
        }
        var a = request.attributes
        a.axes = keep.map { axes[$0] }
        a.scales = keep.map { scales[$0] }
        a.sizes = keep.map { sizes[$0] }
        a.roi = request.roi.map { roi in keep.map { roi[$0] } + keep.map { roi[count + $0] } } ?? []
        if a.axes.isEmpty {
            try ctx.emit(.identity, [x], from: n, output: n.outputs[0])
        } else if let factor = darknetFactor(a, rank: dims.count) {
            try ctx.emit(.upsample(UpsampleAttributes(factor: factor)), [x], from: n, output: n.outputs[0])
        } else {
            if let problem = a.problem(rank: dims.count) { throw ctx.fail(n, problem) }
            try ctx.emit(.resize(a), [x], from: n, output: n.outputs[0])
        }
    }

    /// The factor when `a` is nearest upsampling of H and W of NCHW by one integer whose source index
    /// is ⌊out / factor⌋: asymmetric with floor, or a half-pixel mapping (its fraction then stays
    /// inside ±0.5, so either round-to-nearest picks the same index).
    static func darknetFactor(_ a: ResizeAttributes, rank: Int) -> Int? {
        guard rank == 4, a.mode == .nearest, Set(a.axes) == [2, 3], let k = a.scales.first, k >= 2,
              k == k.rounded(), a.scales.allSatisfy({ $0 == k }) else { return nil }
        let halfPixel: Set<ResizeCoordinateTransform> = [.halfPixel, .pytorchHalfPixel, .halfPixelSymmetric]
        let floorLike = (a.coordinateTransform == .asymmetric && a.nearestRounding == .floor)
            || (halfPixel.contains(a.coordinateTransform) && [.roundPreferFloor, .roundPreferCeil].contains(a.nearestRounding))
        return floorLike ? Int(k) : nil
    }

    /// Output dims from here on are refused (a model's nonsense, not a real resize).
    static let largest = Double(1 << 31)

    /// Python's math.isclose with its default relative tolerance, as the reference uses.
    static func isClose(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }
}
