import SpyglassIR

/// nonMaxSuppression, roiAlign and maxRoiPool: their ONNX namesakes.
enum RegionOpExport {
    static func nonMaxSuppression(_ a: NonMaxSuppressionAttributes, _ s: NodeScope) throws {
        let maxBoxes = s.int64s([a.maxOutputBoxesPerClass], step: "max_output_boxes_per_class")
        var inputs = [try s.input(0), try s.input(1), maxBoxes, s.floats([a.iouThreshold], dims: [1], step: "iou_threshold")]
        if let t = a.scoreThreshold { inputs.append(s.floats([t], dims: [1], step: "score_threshold")) }
        s.emit("NonMaxSuppression", inputs, ["center_point_box": .int(a.centerPointBox ? 1 : 0)], step: "nms", final: true)
    }

    static func roiAlign(_ a: RoiAlignAttributes, _ s: NodeScope) throws {
        var attributes: [String: ONNXAttribute] = [
            "mode": .string(a.mode.rawValue), "output_height": .int(Int64(a.outputHeight)), "output_width": .int(Int64(a.outputWidth)),
            "sampling_ratio": .int(Int64(a.samplingRatio)), "spatial_scale": .float(a.spatialScale),
        ]
        if s.opset >= 16 {
            attributes["coordinate_transformation_mode"] = .string(a.halfPixel ? "half_pixel" : "output_half_pixel")
        } else if a.halfPixel {
            throw s.fail("RoiAlign with half_pixel coordinates needs opset 16 or later, exporting at \(s.opset)")
        }
        s.emit("RoiAlign", [try s.input(0), try s.input(1), try s.input(2)], attributes, step: "roi_align", final: true)
    }

    static func maxRoiPool(_ a: MaxRoiPoolAttributes, _ s: NodeScope) throws {
        s.emit("MaxRoiPool", [try s.input(0), try s.input(1)],
               ["pooled_shape": .ints([Int64(a.pooledHeight), Int64(a.pooledWidth)]), "spatial_scale": .float(a.spatialScale)],
               step: "max_roi_pool", final: true)
    }
}
