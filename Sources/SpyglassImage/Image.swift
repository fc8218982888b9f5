/// An RGB image as Darknet holds one: planar (CHW) float32 in [0, 1].
public struct Image: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var data: [Float]

    public init(width: Int, height: Int, channels: Int = 3, data: [Float]) {
        precondition(data.count == width * height * channels, "image data does not match \(width)x\(height)x\(channels)")
        self.width = width; self.height = height; self.channels = channels; self.data = data
    }

    public init(width: Int, height: Int, channels: Int = 3, fill: Float = 0) {
        self.init(width: width, height: height, channels: channels,
                  data: [Float](repeating: fill, count: width * height * channels))
    }

    @inlinable public func pixel(_ x: Int, _ y: Int, _ c: Int) -> Float { data[c * width * height + y * width + x] }
}
