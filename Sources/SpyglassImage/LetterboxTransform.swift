/// Where the original image ended up inside the network input, so boxes can be mapped back.
public struct LetterboxTransform: Equatable, Sendable {
    public var mode: ResizeMode
    public var originalWidth: Int, originalHeight: Int
    public var networkWidth: Int, networkHeight: Int
    /// Size of the resized image inside the network input (before padding).
    public var scaledWidth: Int, scaledHeight: Int
    /// Top-left pixel of the resized image inside the network input.
    public var offsetX: Int, offsetY: Int

    public init(mode: ResizeMode, originalWidth: Int, originalHeight: Int, networkWidth: Int, networkHeight: Int,
                scaledWidth: Int, scaledHeight: Int, offsetX: Int, offsetY: Int) {
        self.mode = mode
        self.originalWidth = originalWidth; self.originalHeight = originalHeight
        self.networkWidth = networkWidth; self.networkHeight = networkHeight
        self.scaledWidth = scaledWidth; self.scaledHeight = scaledHeight
        self.offsetX = offsetX; self.offsetY = offsetY
    }

    /// The padding subtracted when mapping back. Darknet's `correct_yolo_boxes` uses
    /// (net - scaled) / 2 unrounded, half a pixel off the integer offset it embedded at when the
    /// difference is odd; we follow it so mapped boxes match Darknet's. Other modes use the offset.
    public var mappingPad: (x: Float, y: Float) {
        switch mode {
        case .darknetLetterbox:
            return (Float(networkWidth - scaledWidth) / 2, Float(networkHeight - scaledHeight) / 2)
        case .stretch, .ultralyticsLetterbox:
            return (Float(offsetX), Float(offsetY))
        }
    }

    /// A point in network-input pixels → original-image pixels.
    public func toOriginal(x: Float, y: Float) -> (x: Float, y: Float) {
        let pad = mappingPad
        return ((x - pad.x) * Float(originalWidth) / Float(max(scaledWidth, 1)),
                (y - pad.y) * Float(originalHeight) / Float(max(scaledHeight, 1)))
    }

    /// A corner box in network-input pixels → original-image pixels (not clipped).
    public func toOriginal(left: Float, top: Float, right: Float, bottom: Float)
        -> (left: Float, top: Float, right: Float, bottom: Float) {
        let a = toOriginal(x: left, y: top), b = toOriginal(x: right, y: bottom)
        return (a.x, a.y, b.x, b.y)
    }
}
