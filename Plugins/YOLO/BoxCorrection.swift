import SpyglassDetection
import SpyglassImage

/// Maps a box relative to the network input back to one relative to the original image.
enum BoxCorrection {
    /// Darknet-letterboxed inputs use `correct_yolo_boxes` / `correct_region_boxes` (relative=1) to the
    /// letter, including its integer scaled size and its double-precision offset arithmetic; stretched
    /// inputs need no correction (the network input *is* the image, rescaled); other letterboxes go
    /// through the transform's own inverse.
    static func toImage(_ b: Box, _ t: LetterboxTransform) -> Box {
        switch t.mode {
        case .darknetLetterbox: return darknet(b, imageWidth: t.originalWidth, imageHeight: t.originalHeight,
                                               networkWidth: t.networkWidth, networkHeight: t.networkHeight)
        case .stretch: return b
        case .ultralyticsLetterbox:
            let nw = Float(t.networkWidth), nh = Float(t.networkHeight)
            return t.toOriginal(b.scaled(x: nw, y: nh)).toRelative(imageWidth: t.originalWidth, imageHeight: t.originalHeight)
        }
    }

    static func darknet(_ b: Box, imageWidth w: Int, imageHeight h: Int, networkWidth netw: Int, networkHeight neth: Int) -> Box {
        guard w > 0, h > 0, netw > 0, neth > 0 else { return b }
        var newW = 0, newH = 0
        if Float(netw) / Float(w) < Float(neth) / Float(h) {
            newW = netw
            newH = (h * netw) / w
        } else {
            newH = neth
            newW = (w * neth) / h
        }
        guard newW > 0, newH > 0 else { return b }
        let x = (Double(b.x) - Double(netw - newW) / 2 / Double(netw)) / Double(Float(newW) / Float(netw))
        let y = (Double(b.y) - Double(neth - newH) / 2 / Double(neth)) / Double(Float(newH) / Float(neth))
        return Box(x: Float(x), y: Float(y), w: b.w * (Float(netw) / Float(newW)), h: b.h * (Float(neth) / Float(newH)))
    }
}
