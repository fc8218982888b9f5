import CImageCodecs

/// Fits `image` to a `width`×`height` network input as `mode` prescribes; returns the input image
/// and the transform that maps boxes back to the original. `split` may spread the output rows over
/// threads (the result does not depend on it).
public func preprocess(_ image: Image, width: Int, height: Int, mode: ResizeMode,
                       split: RowSplitter? = nil) -> (Image, LetterboxTransform) {
    let plan = LetterboxPlan(mode: mode, sourceWidth: image.width, sourceHeight: image.height, width: width, height: height)
    let data = image.data.withUnsafeBufferPointer { pixels in
        plan.run(cic_source(rgb: nil, planar: pixels.baseAddress, width: Int32(image.width), height: Int32(image.height),
                            channels: Int32(image.channels)), split: split)
    }
    return (Image(width: plan.width, height: plan.height, channels: image.channels, data: data), plan.transform)
}

/// As `preprocess` of `image.image`, bit for bit, reading the decoded bytes directly (conversion
/// to float, the interleaved → planar reorder, resize and padding in one pass).
public func preprocess(_ image: PackedImage, width: Int, height: Int, mode: ResizeMode,
                       split: RowSplitter? = nil) -> (Image, LetterboxTransform) {
    let plan = LetterboxPlan(mode: mode, sourceWidth: image.width, sourceHeight: image.height, width: width, height: height)
    let data = image.rgb.withUnsafeBufferPointer { bytes in
        plan.run(cic_source(rgb: bytes.baseAddress, planar: nil, width: Int32(image.width), height: Int32(image.height), channels: 3),
                 split: split)
    }
    return (Image(width: plan.width, height: plan.height, channels: 3, data: data), plan.transform)
}

/// Where the resized image lands in the network input, its resampling tables and the padding value.
/// The sizes and offsets are each mode's own rules (Darknet's integer arithmetic, Ultralytics' rounding);
/// `darknetResize`, `bilinearResize` and `embed` are the plain reference for what `run` computes.
struct LetterboxPlan {
    let width: Int, height: Int
    let transform: LetterboxTransform
    let cols: ResampleTaps, rows: ResampleTaps
    let fill: Float

    init(mode: ResizeMode, sourceWidth: Int, sourceHeight: Int, width: Int, height: Int) {
        let width = max(width, 0), height = max(height, 0)
        let iw = max(sourceWidth, 1), ih = max(sourceHeight, 1)
        var newW = width, newH = height, dx = 0, dy = 0
        switch mode {
        case .darknetLetterbox:
            // Darknet's `letterbox_image`: its float comparison and integer division.
            if Float(width) / Float(iw) < Float(height) / Float(ih) { newH = ih * width / iw } else { newW = iw * height / ih }
            dx = (width - newW) / 2; dy = (height - newH) / 2
            fill = 0.5
        case .stretch:
            fill = 0.5
        case .ultralyticsLetterbox:
            // Ultralytics' `LetterBox` (center, no `auto` stride padding, scale-up allowed): Python's
            // round-half-even for the unpadded size and round(pad/2 ∓ 0.1) for the split of the padding.
            let r = min(Double(height) / Double(ih), Double(width) / Double(iw))
            newW = Int((Double(iw) * r).rounded(.toNearestOrEven))
            newH = Int((Double(ih) * r).rounded(.toNearestOrEven))
            dy = Int((Double(height - newH) / 2 - 0.1).rounded(.toNearestOrEven))
            dx = Int((Double(width - newW) / 2 - 0.1).rounded(.toNearestOrEven))
            fill = Float(114.0 / 255.0)
        }
        self.width = width; self.height = height
        transform = LetterboxTransform(mode: mode, originalWidth: sourceWidth, originalHeight: sourceHeight,
                                       networkWidth: width, networkHeight: height, scaledWidth: newW, scaledHeight: newH,
                                       offsetX: dx, offsetY: dy)
        if sourceWidth <= 0 || sourceHeight <= 0 || newW <= 0 || newH <= 0 {
            cols = ResampleTaps(); rows = ResampleTaps()  // nothing to resample: all padding
        } else if mode == .ultralyticsLetterbox {
            cols = .halfPixel(output: newW, input: sourceWidth); rows = .halfPixel(output: newH, input: sourceHeight)
        } else {
            cols = .darknet(output: newW, input: sourceWidth); rows = .darknetRows(output: newH, input: sourceHeight)
        }
    }

    func run(_ source: cic_source, split: RowSplitter?) -> [Float] {
        resampleEmbed(source, cols: cols, rows: rows, offsetX: transform.offsetX, offsetY: transform.offsetY,
                      width: width, height: height, fill: fill, split: split)
    }
}
