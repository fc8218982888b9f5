import Foundation
import SpyglassDetection
import SpyglassIR

/// Darknet's `get_yolo_detections` (yolo_layer.c) for one `[yolo]` output, before the letterbox
/// correction: boxes relative to the network input. Only cells whose objectness is above the
/// threshold give a candidate; class probabilities `objectness × class score` not above it are 0.
struct YoloLayerDecoder {
    var attributes: YoloAttributes
    var node: String

    /// `values`: the layer's activated output for one image, NCHW (mask.count × (5 + classes) channels).
    func candidates(_ values: UnsafeBufferPointer<Float>, width: Int, height: Int,
                    networkWidth: Int, networkHeight: Int, threshold: Float) throws -> [RawDetection] {
        let classes = attributes.classes
        let anchors = attributes.maskedAnchors
        let plane = width * height
        let perAnchor = (5 + classes) * plane
        guard plane > 0, values.count == anchors.count * perAnchor else {
            throw DetectorError.badOutput(node: node, message: "expected \(anchors.count) × (5 + \(classes)) channels of \(width)x\(height) = \(anchors.count * perAnchor) values for one image, got \(values.count)")
        }
        var out: [RawDetection] = []
        for i in 0..<plane {
            let row = i / width, col = i % width
            for (n, anchor) in anchors.enumerated() {
                let base = n * perAnchor + i
                let objectness = values[base + 4 * plane]
                if objectness <= threshold { continue }
                // get_yolo_box: x, y in float; w, h through C's double exp().
                let box = Box(
                    x: (Float(col) + values[base]) / Float(width),
                    y: (Float(row) + values[base + plane]) / Float(height),
                    w: Float(exp(Double(values[base + 2 * plane])) * Double(anchor.w) / Double(networkWidth)),
                    h: Float(exp(Double(values[base + 3 * plane])) * Double(anchor.h) / Double(networkHeight)))
                var probs = [Float](repeating: 0, count: classes)
                for j in 0..<classes {
                    let p = objectness * values[base + (5 + j) * plane]
                    probs[j] = p > threshold ? p : 0
                }
                out.append(RawDetection(box: box, objectness: objectness, probs: probs))
            }
        }
        return out
    }
}
