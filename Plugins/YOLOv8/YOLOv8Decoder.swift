import SpyglassDetection
import SpyglassImage

/// Ultralytics' decode of a YOLOv8 prediction tensor (`non_max_suppression` before the NMS, with
/// `multi_label=False`, then `scale_boxes`): per anchor point cx, cy, w, h in network-input pixels
/// and nc class scores already passed through a sigmoid; a candidate when its best score is above
/// the threshold. Only the best class is kept (others 0), so one box gives one detection.
enum YOLOv8Decoder {
    static func candidates(_ data: UnsafeBufferPointer<Float>, output: YOLOv8Output, transform: LetterboxTransform,
                           threshold: Float) -> [RawDetection] {
        let n = output.anchors, attributes = 4 + output.classes
        // element (attribute a, anchor i)
        let value: (Int, Int) -> Float = output.attributesFirst ? { a, i in data[a * n + i] } : { a, i in data[i * attributes + a] }
        var found: [RawDetection] = []
        for i in 0..<n {
            var best = 0, bestScore = value(4, i)
            for k in 1..<output.classes where value(4 + k, i) > bestScore {
                best = k; bestScore = value(4 + k, i)
            }
            guard bestScore > threshold else { continue }
            let cx = value(0, i), cy = value(1, i), w = value(2, i), h = value(3, i)
            var probs = [Float](repeating: 0, count: output.classes)
            probs[best] = bestScore
            let box = toImage(left: cx - w / 2, top: cy - h / 2, right: cx + w / 2, bottom: cy + h / 2, transform)
            found.append(RawDetection(box: box, objectness: 1, probs: probs))
        }
        return found
    }

    /// Network-input pixel corners → a box relative to the original image, not clipped: Ultralytics
    /// runs NMS on unclipped boxes and clips only the survivors, so clipping here would change which
    /// boxes suppress which (boxes wholly outside the image would all collapse to zero area).
    /// Ultralytics' letterbox maps back with one gain, min(net/orig) over both axes (`scale_boxes`);
    /// other preprocessings use the transform's per-axis inverse.
    static func toImage(left: Float, top: Float, right: Float, bottom: Float, _ t: LetterboxTransform) -> Box {
        let ow = Float(max(t.originalWidth, 1)), oh = Float(max(t.originalHeight, 1))
        let c: (left: Float, top: Float, right: Float, bottom: Float)
        if t.mode == .ultralyticsLetterbox {
            let gain = min(Float(t.networkWidth) / ow, Float(t.networkHeight) / oh)
            let px = Float(t.offsetX), py = Float(t.offsetY)
            c = ((left - px) / gain, (top - py) / gain, (right - px) / gain, (bottom - py) / gain)
        } else {
            c = t.toOriginal(left: left, top: top, right: right, bottom: bottom)
        }
        return Box(left: c.left / ow, top: c.top / oh, right: c.right / ow, bottom: c.bottom / oh)
    }
}
