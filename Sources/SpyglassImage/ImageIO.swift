import CImageCodecs
import Foundation

/// Reading and writing image files. Decoded images are Darknet's `load_image_color`: RGB, CHW,
/// each byte / 255.
public enum ImageIO {
    /// Images larger than this (width × height) are refused unless the caller raises the limit.
    public static let defaultMaxPixels = 64 * 1024 * 1024

    public static func load(path: String, maxPixels: Int = defaultMaxPixels) throws -> Image {
        try loadPacked(path: path, maxPixels: maxPixels).image
    }

    /// Decodes JPEG or PNG bytes; the format is taken from the magic bytes. `name` labels errors.
    public static func decode(_ bytes: [UInt8], name: String, maxPixels: Int = defaultMaxPixels) throws -> Image {
        try decodePacked(bytes, name: name, maxPixels: maxPixels).image
    }

    /// The file's pixels as decoded (interleaved RGB bytes), for preprocessing straight from them.
    public static func loadPacked(path: String, maxPixels: Int = defaultMaxPixels) throws -> PackedImage {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ImageError.io(file: path, reason: "cannot read file: \((error as NSError).localizedDescription)")
        }
        return try data.withUnsafeBytes { try decodePacked($0.bindMemory(to: UInt8.self), name: path, maxPixels: maxPixels) }
    }

    /// As `decode`, keeping the decoded interleaved RGB bytes.
    public static func decodePacked(_ bytes: [UInt8], name: String, maxPixels: Int = defaultMaxPixels) throws -> PackedImage {
        try bytes.withUnsafeBufferPointer { try decodePacked($0, name: name, maxPixels: maxPixels) }
    }

    static func decodePacked(_ bytes: UnsafeBufferPointer<UInt8>, name: String, maxPixels: Int) throws -> PackedImage {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw ImageError.empty(file: name) }
        guard let format = ImageFormat.sniff(bytes) else {
            throw ImageError.unsupportedFormat(file: name, reason: ImageFormat.describeUnknown(bytes))
        }
        var message = [CChar](repeating: 0, count: 512)
        let limit = Int64(max(maxPixels, 0))
        switch format {
        case .jpeg:
            // Header first, then straight into the array's storage: no second 3·w·h-byte buffer to copy.
            var width: Int32 = 0, height: Int32 = 0
            try check(cic_jpeg_info(base, bytes.count, limit, &width, &height, &message, Int32(message.count)),
                      format: format, name: name, width: width, height: height, limit: maxPixels, message: message)
            let w = Int(width), h = Int(height)
            var status = CIC_OK
            let rgb = [UInt8](unsafeUninitializedCapacity: 3 * w * h) { pixels, count in
                status = cic_jpeg_decode_into(base, bytes.count, width, height, pixels.baseAddress, &message, Int32(message.count))
                count = status == CIC_OK ? 3 * w * h : 0
            }
            try check(status, format: format, name: name, width: width, height: height, limit: maxPixels, message: message)
            return PackedImage(width: w, height: h, rgb: rgb)
        case .png:
            var decoded = cic_image()
            defer { cic_free(decoded.rgb) }
            try check(cic_png_decode(base, bytes.count, limit, &decoded, &message, Int32(message.count)),
                      format: format, name: name, width: decoded.width, height: decoded.height, limit: maxPixels, message: message)
            guard let rgb = decoded.rgb else { throw ImageError.corrupt(file: name, reason: "decoder returned no pixels") }
            let width = Int(decoded.width), height = Int(decoded.height)
            return PackedImage(width: width, height: height, rgb: Array(UnsafeBufferPointer(start: rgb, count: 3 * width * height)))
        }
    }

    /// Throws the error a decoder's status stands for (nothing for CIC_OK).
    private static func check(_ status: cic_status, format: ImageFormat, name: String, width: Int32, height: Int32,
                              limit: Int, message: [CChar]) throws {
        let reason = String(cString: message)
        switch status {
        case CIC_OK: return
        case CIC_ERR_TOO_LARGE: throw ImageError.tooLarge(file: name, width: Int(width), height: Int(height), limit: limit)
        case CIC_ERR_EMPTY: throw ImageError.empty(file: name)
        case CIC_ERR_UNSUPPORTED: throw ImageError.unsupportedFormat(file: name, reason: reason)
        case CIC_ERR_CORRUPT: throw ImageError.corrupt(file: name, reason: "\(format.rawValue): \(reason)")
        default: throw ImageError.io(file: name, reason: "decoder failure: \(reason)")
        }
    }

    /// Writes an RGB image (values clamped to [0,1], rounded to bytes) as a PNG file.
    public static func writePNG(_ image: Image, to path: String) throws {
        let bytes = try encodePNG(image, name: path)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ImageError.io(file: path, reason: "cannot write file: \((error as NSError).localizedDescription)")
        }
    }

    /// PNG bytes of an RGB image. A 1-channel image is written as gray replicated to RGB.
    public static func encodePNG(_ image: Image, name: String = "<memory>") throws -> [UInt8] {
        if image.width <= 0 || image.height <= 0 { throw ImageError.empty(file: name) }
        let rgbImage: Image
        switch image.channels {
        case 3: rgbImage = image
        case 1: rgbImage = Image(width: image.width, height: image.height, channels: 3,
                                 data: image.data + image.data + image.data)
        default:
            throw ImageError.unsupportedFormat(file: name, reason: "cannot write a \(image.channels)-channel image as PNG")
        }
        var rgb = [UInt8](repeating: 0, count: 3 * image.width * image.height)
        rgbImage.data.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { cic_chw_to_rgb8(src.baseAddress, Int32(image.width), Int32(image.height), $0.baseAddress) }
        }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 512)
        let status = rgb.withUnsafeBufferPointer {
            cic_png_encode($0.baseAddress, Int32(image.width), Int32(image.height), &out, &size, &message, Int32(message.count))
        }
        defer { cic_free(out) }
        guard status == CIC_OK, let out else {
            throw ImageError.io(file: name, reason: "PNG encoding failed: \(String(cString: message))")
        }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

}
