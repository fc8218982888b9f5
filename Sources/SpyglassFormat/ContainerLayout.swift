/// Byte layout of a `.spyglass` file:
///
///     0   "SPYGLASS"                 8 bytes
///     8   container version          u32 little-endian
///     12  header length              u64 little-endian
///     20  header                     UTF-8 JSON, `header length` bytes
///         zero padding               up to the next multiple of 64
///         weight blob                each tensor at a 64-byte-aligned offset from the blob start,
///                                    then the optional prepacked kernel blobs (header `packed_weights`),
///                                    each 64-byte aligned too
enum ContainerLayout {
    static let magic: [UInt8] = Array("SPYGLASS".utf8)
    static let version: UInt32 = 1
    static let versionOffset = 8
    static let headerLengthOffset = 12
    static let headerOffset = 20
    /// Alignment of the blob start and of every tensor in it: enough for any SIMD load.
    static let alignment = 64
    /// File-offset alignment of the cold raw weights that follow prepacked blobs (see `ContainerWriter`):
    /// the largest page-cache folio Linux maps at once on a fault (PMD size).
    static let coldAlignment = 2 * 1024 * 1024

    /// `value` rounded up to a multiple of `alignment`, or nil on overflow.
    static func aligned(_ value: UInt64) -> UInt64? {
        let a = UInt64(alignment)
        let (sum, overflow) = value.addingReportingOverflow(a - 1)
        return overflow ? nil : sum / a * a
    }

    static func readUInt32LE(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    static func readUInt64LE(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
