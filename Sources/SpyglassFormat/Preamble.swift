/// The fixed 20 bytes at the start of a `.spyglass` file, validated.
struct Preamble {
    var headerLength: Int
    /// Offset of the weight blob from the start of the file (64-byte aligned).
    var blobStart: UInt64

    var headerRange: Range<Int> { ContainerLayout.headerOffset..<(ContainerLayout.headerOffset + headerLength) }

    /// Checks magic, version and header length. `bytes` may be only the start of the file;
    /// `fileSize` is the size of the whole file.
    static func parse(_ bytes: UnsafeRawBufferPointer, fileSize: UInt64, file: String) throws -> Preamble {
        let magic = ContainerLayout.magic
        let available = min(bytes.count, magic.count)
        let found = Array(bytes.prefix(available))
        guard found == Array(magic.prefix(available)) else { throw FormatError.badMagic(file: file, found: found) }
        guard bytes.count >= magic.count else {
            throw FormatError.truncated(file: file, section: "magic", neededBytes: UInt64(magic.count), fileSize: fileSize)
        }
        guard bytes.count >= ContainerLayout.headerLengthOffset else {
            throw FormatError.truncated(file: file, section: "container version", neededBytes: UInt64(ContainerLayout.headerLengthOffset), fileSize: fileSize)
        }
        let version = ContainerLayout.readUInt32LE(bytes, at: ContainerLayout.versionOffset)
        guard version == ContainerLayout.version else {
            throw FormatError.unsupportedVersion(file: file, version: version, supported: ContainerLayout.version)
        }
        guard bytes.count >= ContainerLayout.headerOffset else {
            throw FormatError.truncated(file: file, section: "header length", neededBytes: UInt64(ContainerLayout.headerOffset), fileSize: fileSize)
        }
        let headerLength = ContainerLayout.readUInt64LE(bytes, at: ContainerLayout.headerLengthOffset)
        let room = fileSize - UInt64(ContainerLayout.headerOffset)
        guard headerLength <= room, let blobStart = ContainerLayout.aligned(UInt64(ContainerLayout.headerOffset) + headerLength) else {
            throw FormatError.headerLengthOutOfRange(file: file, headerLength: headerLength, fileSize: fileSize)
        }
        return Preamble(headerLength: Int(headerLength), blobStart: blobStart)
    }
}
