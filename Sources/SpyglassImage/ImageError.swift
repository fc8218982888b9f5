/// Why an image could not be read or written. Every case names the file (or the name given to
/// `ImageIO.decode`) so the message stands on its own.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a JPEG or PNG (or a kind of one we cannot convert to RGB).
    case unsupportedFormat(file: String, reason: String)
    /// The data is truncated or malformed.
    case corrupt(file: String, reason: String)
    /// width × height exceeds the pixel limit; refused before any pixel buffer is allocated.
    case tooLarge(file: String, width: Int, height: Int, limit: Int)
    /// The file has no bytes, or the image has no pixels.
    case empty(file: String)
    /// The file could not be read or written.
    case io(file: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let f, let r): return "\(f): unsupported image format: \(r)"
        case .corrupt(let f, let r): return "\(f): corrupt or truncated image: \(r)"
        case .tooLarge(let f, let w, let h, let limit):
            return "\(f): image is \(w)×\(h) = \(w * h) pixels, more than the limit of \(limit)"
        case .empty(let f): return "\(f): empty image"
        case .io(let f, let r): return "\(f): \(r)"
        }
    }
}
