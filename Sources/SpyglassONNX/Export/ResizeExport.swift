import Foundation
import SpyglassIR

/// resize → ONNX Resize with every attribute written out. Scales are written when float32 scales
/// give the same output sizes (so ONNX Runtime maps coordinates with the same scale), else sizes.
/// From opset 18 the `axes` attribute lists the resampled axes; before it, scales/sizes/roi cover
/// every axis (1, the input dim, or the whole axis for the others).
enum ResizeExport {
    static func emit(_ a: ResizeAttributes, _ s: NodeScope) throws {
        let x = try s.input(0), inShape = s.inputShape(0), rank = inShape.count
        if let problem = a.problem(rank: rank) { throw s.fail(problem) }
        if a.antialias, s.opset < 18 { throw s.fail("antialias needs opset 18 or later, exporting at \(s.opset)") }
        if a.coordinateTransform == .halfPixelSymmetric, s.opset < 19 {
            throw s.fail("half_pixel_symmetric needs opset 19 or later, exporting at \(s.opset)")
        }
        let withAxes = s.opset >= 18
        let axes = withAxes ? a.axes : Array(0..<rank)
        func listed<T>(_ values: [T], otherwise: (Int) -> T) -> [T] {
            axes.map { axis in a.axes.firstIndex(of: axis).map { values[$0] } ?? otherwise(axis) }
        }
        let floatScales = a.scales.map { Float($0) }
        let scalesHold = zip(a.axes, zip(floatScales, a.sizes)).allSatisfy { axis, p in
            Int((Double(p.0) * Double(inShape[axis])).rounded(.down)) == p.1
        }
        var roi = ""
        if a.coordinateTransform == .tfCropAndResize {
            let crops = a.axes.indices.map(a.crop)
            let starts = listed(crops.map { Float($0.start) }, otherwise: { _ in 0 })
            let ends = listed(crops.map { Float($0.end) }, otherwise: { _ in 1 })
            roi = s.floats(starts + ends, dims: [2 * axes.count], step: "roi")
        }
        var inputs = [x, roi]
        if scalesHold {
            inputs.append(s.floats(listed(floatScales, otherwise: { _ in 1 }), dims: [axes.count], step: "scales"))
        } else {
            inputs += ["", s.int64s(listed(a.sizes, otherwise: { inShape[$0] }), step: "sizes")]
        }
        var attributes: [String: ONNXAttribute] = [
            "mode": .string(a.mode.rawValue),
            "coordinate_transformation_mode": .string(a.coordinateTransform.rawValue),
            "nearest_mode": .string(a.nearestRounding.rawValue),
            "cubic_coeff_a": .float(a.cubicCoefficient),
            "exclude_outside": .int(a.excludeOutside ? 1 : 0),
            "extrapolation_value": .float(a.extrapolationValue),
        ]
        if withAxes {
            attributes["axes"] = .ints(a.axes.map(Int64.init))
            attributes["antialias"] = .int(a.antialias ? 1 : 0)
        }
        s.emit("Resize", inputs, attributes, step: "resize", final: true)
    }
}
