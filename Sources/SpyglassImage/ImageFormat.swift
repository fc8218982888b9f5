/// Image container formats recognised by their first bytes (never by file extension).
public enum ImageFormat: String, Sendable {
    case jpeg, png

    /// The format whose magic bytes start `bytes`, or nil.
    public static func sniff<C: Collection>(_ bytes: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        return nil
    }

    /// A human name for formats we recognise but do not decode, to make the error useful.
    static func describeUnknown<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let head = Array(bytes.prefix(12))
        if head.starts(with: Array("GIF8".utf8)) { return "GIF is not supported (JPEG or PNG only)" }
        if head.starts(with: Array("BM".utf8)) { return "BMP is not supported (JPEG or PNG only)" }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) {
            return "WebP is not supported (JPEG or PNG only)"
        }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return "TIFF is not supported (JPEG or PNG only)"
        }
        let hex = head.prefix(8).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }
        return "not a JPEG or PNG file (starts with \(hex.joined(separator: " ")))"
    }
}
