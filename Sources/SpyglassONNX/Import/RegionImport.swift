import SpyglassIR

/// NonMaxSuppression, RoiAlign and MaxRoiPool: the box and roi ops of detection heads. Their
/// scalar inputs (NMS's limits and thresholds) must be known at import time.
enum RegionImport {
    static let rules: [String: [VersionedRule]] = [
        "NonMaxSuppression": [VersionedRule(since: 10, rule: nonMaxSuppression)],
        "RoiAlign": [VersionedRule(since: 10, rule: roiAlign)],
        "MaxRoiPool": [VersionedRule(since: 1, rule: maxRoiPool)],
    ]

    /// Absent or empty limit and thresholds mean what ONNX's reference makes of them: no boxes,
    /// IoU threshold 0, no score threshold.
    static func nonMaxSuppression(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let boxes = try ctx.input(n, 0), scores = try ctx.input(n, 1)
        let boxShape = try ctx.shape(boxes, for: n, concreteAt: [1])
        guard boxShape.count == 3, let boxCount = boxShape[1] else { throw ctx.fail(n, "boxes must be [batches, boxes, 4], got rank \(boxShape.count)") }
        func scalar(_ i: Int, _ role: String) throws -> Double? {
            guard ctx.hasInput(n, i) else { return nil }
            return try ctx.constantInput(n, i, role: role).values.first
        }
        let maxBoxes = try scalar(2, "max_output_boxes_per_class").map { Int(max($0, 0).int64Clamped) } ?? 0
        let iou = try scalar(3, "iou_threshold") ?? 0
        let score = try scalar(4, "score_threshold")
        let a = NonMaxSuppressionAttributes(centerPointBox: try n.int("center_point_box", default: 0) != 0,
                                            maxOutputBoxesPerClass: min(maxBoxes, boxCount), iouThreshold: Float(iou),
                                            scoreThreshold: score.map { Float($0) })
        try ctx.emit(.nonMaxSuppression(a), [boxes, scores], from: n, output: n.outputs[0])
    }

    /// Opset 10 has no coordinate_transformation_mode: its behaviour is output_half_pixel.
    static func roiAlign(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let transform = ctx.opset >= 16 ? try n.string("coordinate_transformation_mode", default: "half_pixel") : "output_half_pixel"
        guard transform == "half_pixel" || transform == "output_half_pixel" else {
            throw ctx.fail(n, "coordinate_transformation_mode '\(transform)' is not one of half_pixel, output_half_pixel")
        }
        let modeName = try n.string("mode", default: "avg")
        guard let mode = RoiPoolingMode(rawValue: modeName) else { throw ctx.fail(n, "mode '\(modeName)' is not one of avg, max") }
        let a = RoiAlignAttributes(mode: mode, outputHeight: Int(try n.int("output_height", default: 1)),
                                   outputWidth: Int(try n.int("output_width", default: 1)),
                                   samplingRatio: Int(try n.int("sampling_ratio", default: 0)),
                                   spatialScale: try n.float("spatial_scale", default: 1), halfPixel: transform == "half_pixel")
        try ctx.emit(.roiAlign(a), [try ctx.input(n, 0), try ctx.input(n, 1), try ctx.input(n, 2)], from: n, output: n.outputs[0])
    }

    static func maxRoiPool(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let pooled = try n.ints("pooled_shape")
        guard pooled.count == 2 else { throw ctx.fail(n, "pooled_shape \(pooled) must have 2 values") }
        let a = MaxRoiPoolAttributes(pooledHeight: Int(pooled[0]), pooledWidth: Int(pooled[1]),
                                     spatialScale: try n.float("spatial_scale", default: 1))
        try ctx.emit(.maxRoiPool(a), [try ctx.input(n, 0), try ctx.input(n, 1)], from: n, output: n.outputs[0])
    }
}
