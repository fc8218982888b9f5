import SpyglassImage

extension Box {
    /// Corner form (left, top, right, bottom).
    public var corners: (left: Float, top: Float, right: Float, bottom: Float) { (left, top, right, bottom) }

    /// A box relative to an image (0…1) → pixels of that image.
    public func toPixels(imageWidth: Int, imageHeight: Int) -> Box {
        scaled(x: Float(imageWidth), y: Float(imageHeight))
    }

    /// A box in pixels → relative to the image (0…1).
    public func toRelative(imageWidth: Int, imageHeight: Int) -> Box {
        scaled(x: 1 / Float(max(imageWidth, 1)), y: 1 / Float(max(imageHeight, 1)))
    }

    /// This box with its corners clipped to [0, width] × [0, height].
    public func clipped(width: Float, height: Float) -> Box {
        Box(left: min(max(left, 0), width), top: min(max(top, 0), height),
            right: min(max(right, 0), width), bottom: min(max(bottom, 0), height))
    }
}

extension LetterboxTransform {
    /// A box in network-input pixels → pixels of the original image.
    public func toOriginal(_ box: Box) -> Box {
        let c = toOriginal(left: box.left, top: box.top, right: box.right, bottom: box.bottom)
        return Box(left: c.left, top: c.top, right: c.right, bottom: c.bottom)
    }
}
