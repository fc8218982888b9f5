import SpyglassIR

/// resize: ONNX's attribute names and values, with the axes, scales, sizes and roi resolved at import.
extension OpCodecs {
    static let resize = OpCodec(kind: .resize, encode: { op in
        guard case .resize(let a) = op else { return [] }
        return [("mode", .string(a.mode.rawValue)),
                ("coordinate_transformation_mode", .string(a.coordinateTransform.rawValue)),
                ("nearest_mode", .string(a.nearestRounding.rawValue)),
                ("cubic_coeff_a", .float(a.cubicCoefficient)),
                ("exclude_outside", .bool(a.excludeOutside)),
                ("extrapolation_value", .float(a.extrapolationValue)),
                ("antialias", .bool(a.antialias)),
                ("axes", .ints(a.axes)), ("scales", .doubles(a.scales)), ("sizes", .ints(a.sizes)), ("roi", .doubles(a.roi))]
    }, decode: { r in
        .resize(ResizeAttributes(
            mode: try r.named("mode", as: ResizeInterpolation.self),
            coordinateTransform: try r.named("coordinate_transformation_mode", as: ResizeCoordinateTransform.self),
            nearestRounding: try r.named("nearest_mode", as: NearestRounding.self),
            cubicCoefficient: try r.float("cubic_coeff_a"), excludeOutside: try r.bool("exclude_outside"),
            extrapolationValue: try r.float("extrapolation_value"), antialias: try r.bool("antialias"),
            axes: try r.ints("axes"), scales: try r.doubles("scales"), sizes: try r.ints("sizes"), roi: try r.doubles("roi")))
    })
}
