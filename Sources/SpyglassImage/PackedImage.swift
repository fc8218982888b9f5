import CImageCodecs

/// An image as the decoders produce it: interleaved 8-bit RGB, rows top to bottom. Preprocessing
/// reads it directly (byte / 255 as Darknet's `load_image_color`), so the full-size float image
/// is never made; `image` gives that float image when something else needs it.
public struct PackedImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// width × height × 3 bytes.
    public var rgb: [UInt8]

    public init(width: Int, height: Int, rgb: [UInt8]) {
        precondition(rgb.count == width * height * 3, "pixel bytes do not match \(width)x\(height)x3")
        self.width = width; self.height = height; self.rgb = rgb
    }

    /// The planar float image (`ImageIO.load`'s result for the same file).
    public var image: Image {
        var data = [Float](repeating: 0, count: 3 * width * height)
        rgb.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBufferPointer { cic_rgb8_to_chw(src.baseAddress, Int32(width), Int32(height), $0.baseAddress) }
        }
        return Image(width: width, height: height, channels: 3, data: data)
    }
}
