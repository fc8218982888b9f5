import Foundation
import SpyglassDetection
import SpyglassIR

/// Darknet's `get_detection_detections` (detection_layer.c) for YOLOv1's `[detection]` output: an
/// S×S grid whose values are all class probabilities (side²·classes), then the box confidences
/// (side²·num), then the boxes (side²·num·4). Boxes come out relative to the network input
/// (Darknet multiplies them by the image size and never corrects for a letterbox).
struct DetectionLayerDecoder {
    var attributes: DetectionAttributes
    var node: String

    init(attributes: DetectionAttributes, node: String) throws {
        guard attributes.coords == 4 else {
            throw DetectorError.unsupported(node: node, message: "[detection] coords=\(attributes.coords): Darknet reads 4 box values per prediction")
        }
        self.attributes = attributes
        self.node = node
    }

    func candidates(_ values: UnsafeBufferPointer<Float>, threshold: Float) throws -> [RawDetection] {
        let a = attributes
        let side = a.side, locations = side * side
        let expected = locations * (a.classes + a.num * 5)
        guard side > 0, values.count == expected else {
            throw DetectorError.badOutput(node: node, message: "expected \(expected) values for a \(side)x\(side) grid and one image, got \(values.count)")
        }
        let power: Double = a.sqrt ? 2 : 1
        var out: [RawDetection] = []
        out.reserveCapacity(locations * a.num)
        for i in 0..<locations {
            let row = i / side, col = i % side
            for n in 0..<a.num {
                let scale = values[locations * a.classes + i * a.num + n]
                let b = locations * (a.classes + a.num) + (i * a.num + n) * 4
                let box = Box(
                    x: (values[b] + Float(col)) / Float(side),
                    y: (values[b + 1] + Float(row)) / Float(side),
                    w: Float(pow(Double(values[b + 2]), power)),
                    h: Float(pow(Double(values[b + 3]), power)))
                var probs = [Float](repeating: 0, count: a.classes)
                for j in 0..<a.classes {
                    let p = scale * values[i * a.classes + j]
                    probs[j] = p > threshold ? p : 0
                }
                out.append(RawDetection(box: box, objectness: scale, probs: probs))
            }
        }
        return out
    }
}
