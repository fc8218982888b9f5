/// Anchor shapes in the style of Faster R-CNN's region proposal network: for each scale s and
/// ratio r = h / w, a box of area s² with w = s / √r and h = s · √r. Scales outer, ratios inner.
public func fasterRCNNAnchors(scales: [Float] = [128, 256, 512], ratios: [Float] = [1, 0.5, 2]) -> [(w: Float, h: Float)] {
    scales.flatMap { s in ratios.map { r in (w: s / r.squareRoot(), h: s * r.squareRoot()) } }
}

/// The anchors placed at every cell centre of a `featureWidth`×`featureHeight` map with `stride`
/// pixels per cell: boxes in input pixels, cells row by row, anchors inner.
public func anchorGrid(_ anchors: [(w: Float, h: Float)], featureWidth: Int, featureHeight: Int, stride: Float) -> [Box] {
    var boxes: [Box] = []
    boxes.reserveCapacity(max(featureWidth * featureHeight * anchors.count, 0))
    for y in 0..<max(featureHeight, 0) {
        for x in 0..<max(featureWidth, 0) {
            let cx = (Float(x) + 0.5) * stride, cy = (Float(y) + 0.5) * stride
            for a in anchors { boxes.append(Box(x: cx, y: cy, w: a.w, h: a.h)) }
        }
    }
    return boxes
}
