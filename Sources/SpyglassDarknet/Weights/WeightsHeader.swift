import Foundation

/// The header of a Darknet .weights file (load_weights_upto).
public struct DarknetWeightsHeader: Equatable, Sendable {
    public var major: Int32
    public var minor: Int32
    public var revision: Int32
    public var seen: UInt64

    public init(major: Int32 = 0, minor: Int32 = 2, revision: Int32 = 0, seen: UInt64 = 0) {
        self.major = major; self.minor = minor; self.revision = revision; self.seen = seen
    }

    /// `seen` is a 64-bit count from version 0.2 on (and below 1000.1000), a 32-bit one before.
    public var seenIs64Bit: Bool { (Int(major) * 10 + Int(minor)) >= 2 && major < 1000 && minor < 1000 }
    /// Connected-layer weights are stored transposed in files from these versions.
    public var transposesConnected: Bool { major > 1000 || minor > 1000 }
    public var byteCount: Int { 12 + (seenIs64Bit ? 8 : 4) }

    /// Reads the header; nil plus a message when the data is too short.
    static func read(_ data: Data) throws -> DarknetWeightsHeader {
        guard data.count >= 12 else {
            throw DarknetError.badWeightsHeader(message: "file has \(data.count) bytes, the header alone needs at least 16")
        }
        var h = DarknetWeightsHeader(major: data.littleEndian(Int32.self, at: 0), minor: data.littleEndian(Int32.self, at: 4),
                                     revision: data.littleEndian(Int32.self, at: 8))
        guard data.count >= h.byteCount else {
            throw DarknetError.badWeightsHeader(message: "file has \(data.count) bytes, the header needs \(h.byteCount)")
        }
        h.seen = h.seenIs64Bit ? data.littleEndian(UInt64.self, at: 12) : UInt64(UInt32(bitPattern: data.littleEndian(Int32.self, at: 12)))
        return h
    }

    func bytes() -> Data {
        var d = Data()
        d.appendLittleEndian(major); d.appendLittleEndian(minor); d.appendLittleEndian(revision)
        if seenIs64Bit { d.appendLittleEndian(seen) } else { d.appendLittleEndian(UInt32(truncatingIfNeeded: seen)) }
        return d
    }

    // Stored in graph metadata so the exporter writes the same header back.
    static let keys = (major: "darknet.major", minor: "darknet.minor", revision: "darknet.revision", seen: "darknet.seen")

    var properties: [String: String] {
        [Self.keys.major: String(major), Self.keys.minor: String(minor), Self.keys.revision: String(revision), Self.keys.seen: String(seen)]
    }

    /// The header recorded in `properties`, or the default (0.2.0, seen 0) when absent or unreadable.
    init(properties p: [String: String]) {
        self.init()
        if let v = p[Self.keys.major].flatMap({ Int32($0) }) { major = v }
        if let v = p[Self.keys.minor].flatMap({ Int32($0) }) { minor = v }
        if let v = p[Self.keys.revision].flatMap({ Int32($0) }) { revision = v }
        if let v = p[Self.keys.seen].flatMap({ UInt64($0) }) { seen = v }
    }
}

extension Data {
    func littleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        var value: T = 0
        _ = Swift.withUnsafeMutableBytes(of: &value) { dst in
            self.copyBytes(to: dst, from: (startIndex + offset)..<(startIndex + offset + MemoryLayout<T>.size))
        }
        return T(littleEndian: value)
    }

    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendFloats(_ values: UnsafeBufferPointer<Float>) {
        // .weights files are little-endian float32, like every machine Spyglass runs on.
        append(UnsafeBufferPointer(start: UnsafeRawPointer(values.baseAddress)?.assumingMemoryBound(to: UInt8.self),
                                   count: values.count * 4))
    }
}
