/// An axis-aligned box stored by its centre and size (Darknet's `box`), in whatever unit the
/// caller uses (relative to the image, or pixels). Conversions are explicit.
public struct Box: Hashable, Sendable, CustomStringConvertible {
    public var x: Float, y: Float, w: Float, h: Float

    public init(x: Float, y: Float, w: Float, h: Float) { self.x = x; self.y = y; self.w = w; self.h = h }

    public init(left: Float, top: Float, right: Float, bottom: Float) {
        self.init(x: (left + right) / 2, y: (top + bottom) / 2, w: right - left, h: bottom - top)
    }

    public var left: Float { x - w / 2 }
    public var top: Float { y - h / 2 }
    public var right: Float { x + w / 2 }
    public var bottom: Float { y + h / 2 }
    public var area: Float { max(w, 0) * max(h, 0) }

    /// This box with x/w multiplied by `sx` and y/h by `sy` (relative ↔ pixels).
    public func scaled(x sx: Float, y sy: Float) -> Box { Box(x: x * sx, y: y * sy, w: w * sx, h: h * sy) }

    public var description: String { "Box(x: \(x), y: \(y), w: \(w), h: \(h))" }
}

/// One detected object.
public struct Detection: Hashable, Sendable {
    public var classIndex: Int
    public var className: String
    public var score: Float
    /// Box in pixels of the original image (centre and size).
    public var box: Box

    public init(classIndex: Int, className: String, score: Float, box: Box) {
        self.classIndex = classIndex; self.className = className; self.score = score; self.box = box
    }
}
