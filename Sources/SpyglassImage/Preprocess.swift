/// Fits `image` to a `width`×`height` network input as `mode` prescribes; returns the input image
/// and the transform that maps boxes back to the original.
public func preprocess(_ image: Image, width: Int, height: Int, mode: ResizeMode) -> (Image, LetterboxTransform) {
    let width = max(width, 0), height = max(height, 0)
    switch mode {
    case .darknetLetterbox: return darknetLetterbox(image, width: width, height: height)
    case .stretch: return stretch(image, width: width, height: height)
    case .ultralyticsLetterbox: return ultralyticsLetterbox(image, width: width, height: height)
    }
}

/// Darknet's `letterbox_image`: the scaled size uses Darknet's float comparison and integer division.
private func darknetLetterbox(_ image: Image, width: Int, height: Int) -> (Image, LetterboxTransform) {
    let iw = max(image.width, 1), ih = max(image.height, 1)
    var newW = width, newH = height
    if Float(width) / Float(iw) < Float(height) / Float(ih) {
        newH = ih * width / iw
    } else {
        newW = iw * height / ih
    }
    let resized = darknetResize(image, width: newW, height: newH)
    var boxed = Image(width: width, height: height, channels: image.channels, fill: 0.5)
    let dx = (width - newW) / 2, dy = (height - newH) / 2
    embed(resized, into: &boxed, x: dx, y: dy)
    return (boxed, LetterboxTransform(mode: .darknetLetterbox, originalWidth: image.width, originalHeight: image.height,
                                      networkWidth: width, networkHeight: height, scaledWidth: newW, scaledHeight: newH,
                                      offsetX: dx, offsetY: dy))
}

private func stretch(_ image: Image, width: Int, height: Int) -> (Image, LetterboxTransform) {
    (darknetResize(image, width: width, height: height),
     LetterboxTransform(mode: .stretch, originalWidth: image.width, originalHeight: image.height,
                        networkWidth: width, networkHeight: height, scaledWidth: width, scaledHeight: height,
                        offsetX: 0, offsetY: 0))
}

/// Ultralytics' `LetterBox` (center, no `auto` stride padding, scale-up allowed): Python's
/// round-half-even for the unpadded size and round(pad/2 ∓ 0.1) for the split of the padding.
private func ultralyticsLetterbox(_ image: Image, width: Int, height: Int) -> (Image, LetterboxTransform) {
    let iw = max(image.width, 1), ih = max(image.height, 1)
    let r = min(Double(height) / Double(ih), Double(width) / Double(iw))
    let newW = Int((Double(iw) * r).rounded(.toNearestOrEven))
    let newH = Int((Double(ih) * r).rounded(.toNearestOrEven))
    let dw = Double(width - newW) / 2, dh = Double(height - newH) / 2
    let top = Int((dh - 0.1).rounded(.toNearestOrEven)), left = Int((dw - 0.1).rounded(.toNearestOrEven))
    let resized = (newW == image.width && newH == image.height) ? image : bilinearResize(image, width: newW, height: newH)
    var boxed = Image(width: width, height: height, channels: image.channels, fill: Float(114.0 / 255.0))
    embed(resized, into: &boxed, x: left, y: top)
    return (boxed, LetterboxTransform(mode: .ultralyticsLetterbox, originalWidth: image.width, originalHeight: image.height,
                                      networkWidth: width, networkHeight: height, scaledWidth: newW, scaledHeight: newH,
                                      offsetX: left, offsetY: top))
}
