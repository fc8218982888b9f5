/// The plain reference for `preprocess`: each mode written out with `darknetResize` /
/// `bilinearResize` and `embed` on float images. `preprocess` must equal it bit for bit (tests).
public func referencePreprocess(_ image: Image, width: Int, height: Int, mode: ResizeMode) -> (Image, LetterboxTransform) {
    let width = max(width, 0), height = max(height, 0)
    let transform = LetterboxPlan(mode: mode, sourceWidth: image.width, sourceHeight: image.height, width: width, height: height).transform
    let newW = transform.scaledWidth, newH = transform.scaledHeight
    switch mode {
    case .darknetLetterbox:
        var boxed = Image(width: width, height: height, channels: image.channels, fill: 0.5)
        embed(darknetResize(image, width: newW, height: newH), into: &boxed, x: transform.offsetX, y: transform.offsetY)
        return (boxed, transform)
    case .stretch:
        return (darknetResize(image, width: width, height: height), transform)
    case .ultralyticsLetterbox:
        let resized = (newW == image.width && newH == image.height) ? image : bilinearResize(image, width: newW, height: newH)
        var boxed = Image(width: width, height: height, channels: image.channels, fill: Float(114.0 / 255.0))
        embed(resized, into: &boxed, x: transform.offsetX, y: transform.offsetY)
        return (boxed, transform)
    }
}
