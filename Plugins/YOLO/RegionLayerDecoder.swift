import Foundation
import SpyglassDetection
import SpyglassIR

/// Darknet's `get_region_detections` (region_layer.c) for one `[region]` output, before the letterbox
/// correction. Like Darknet it yields one candidate per cell and anchor; the objectness of those at
/// or below the threshold is 0 (NMS drops them) and their class probabilities stay 0.
struct RegionLayerDecoder {
    var attributes: RegionAttributes
    var node: String

    init(attributes: RegionAttributes, node: String) throws {
        guard !attributes.background else {
            throw DetectorError.unsupported(node: node, message: "[region] background=1 is not supported")
        }
        guard attributes.coords >= 4 else {
            throw DetectorError.unsupported(node: node, message: "[region] coords=\(attributes.coords) (at least 4 box coordinates are needed)")
        }
        self.attributes = attributes
        self.node = node
    }

    func candidates(_ values: UnsafeBufferPointer<Float>, width: Int, height: Int, threshold: Float) throws -> [RawDetection] {
        let a = attributes
        let plane = width * height
        let perAnchor = (a.coords + a.classes + 1) * plane
        guard plane > 0, values.count == a.num * perAnchor, a.anchors.count >= 2 * a.num else {
            throw DetectorError.badOutput(node: node, message: "expected \(a.num) × (\(a.coords) + 1 + \(a.classes)) channels of \(width)x\(height) = \(a.num * perAnchor) values for one image, got \(values.count)")
        }
        var out: [RawDetection] = []
        out.reserveCapacity(plane * a.num)
        // Darknet stores the candidate of anchor n in cell i at n·w·h + i: anchor-major order.
        for n in 0..<a.num {
            for i in 0..<plane {
                let row = i / width, col = i % width
                let base = n * perAnchor + i
                let scale = values[base + a.coords * plane]
                // get_region_box: anchors are in grid cells.
                let box = Box(
                    x: (Float(col) + values[base]) / Float(width),
                    y: (Float(row) + values[base + plane]) / Float(height),
                    w: Float(exp(Double(values[base + 2 * plane])) * Double(a.anchors[2 * n]) / Double(width)),
                    h: Float(exp(Double(values[base + 3 * plane])) * Double(a.anchors[2 * n + 1]) / Double(height)))
                let objectness: Float = scale > threshold ? scale : 0
                var probs = [Float](repeating: 0, count: a.classes)
                if objectness != 0 {
                    for j in 0..<a.classes {
                        let p = scale * values[base + (a.coords + 1 + j) * plane]
                        probs[j] = p > threshold ? p : 0
                    }
                }
                out.append(RawDetection(box: box, objectness: objectness, probs: probs))
            }
        }
        return out
    }
}
