/// Everything that can be wrong with a `.spyglass` file, or with a graph that cannot be written as one.
/// Each case says what is wrong and where (file, byte offset, header path, node, tensor).
public enum FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened, read, mapped or written.
    case io(file: String, message: String)
    /// The file ends before `section` does.
    case truncated(file: String, section: String, neededBytes: UInt64, fileSize: UInt64)
    /// The first 8 bytes are not "SPYGLASS".
    case badMagic(file: String, found: [UInt8])
    case unsupportedVersion(file: String, version: UInt32, supported: UInt32)
    /// The header length field points past the end of the file.
    case headerLengthOutOfRange(file: String, headerLength: UInt64, fileSize: UInt64)
    /// The header is not valid JSON (json-c's message, with the byte offset inside the header).
    case invalidJSON(file: String, message: String)
    /// The header is JSON but not a valid header: `path` is where (e.g. `graph.nodes[3].inputs`).
    case invalidHeader(file: String, path: String, message: String)
    case unknownOp(file: String, node: String, op: String)
    /// An op attribute is missing, ill-typed, out of range or not known for that op.
    case invalidAttribute(file: String, node: String, attribute: String, message: String)
    /// A tensor's bytes lie outside the weight blob.
    case tensorOutOfBounds(file: String, tensor: String, offset: UInt64, length: UInt64, blobSize: UInt64)
    case misalignedTensor(file: String, tensor: String, offset: UInt64, alignment: Int)
    /// `length` disagrees with dtype size × element count.
    case tensorSizeMismatch(file: String, tensor: String, expectedBytes: UInt64, length: UInt64)
    /// The graph cannot be written (non-finite attribute, symbolic constant shape, storage size mismatch …).
    case unencodable(node: String?, message: String)

    public var description: String {
        switch self {
        case .io(let file, let m):
            return "\(file): \(m)"
        case .truncated(let file, let section, let needed, let size):
            return "\(file): truncated: the \(section) needs the file to be at least \(needed) bytes, but it has \(size)"
        case .badMagic(let file, let found):
            let hex = found.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
            return "\(file): not a .spyglass file: expected magic \"SPYGLASS\", found bytes \(hex)"
        case .unsupportedVersion(let file, let v, let supported):
            return "\(file): container version \(v) is not supported (this build reads version \(supported))"
        case .headerLengthOutOfRange(let file, let length, let size):
            return "\(file): header length \(length) at byte 12 reaches past the end of the \(size)-byte file (file truncated or length corrupt)"
        case .invalidJSON(let file, let m):
            return "\(file): header is not valid JSON: \(m)"
        case .invalidHeader(let file, let path, let m):
            return "\(file): header \(path): \(m)"
        case .unknownOp(let file, let node, let op):
            return "\(file): node '\(node)' has unknown op '\(op)'"
        case .invalidAttribute(let file, let node, let attribute, let m):
            return "\(file): node '\(node)' attribute '\(attribute)': \(m)"
        case .tensorOutOfBounds(let file, let tensor, let offset, let length, let blob):
            return "\(file): tensor '\(tensor)' at blob offset \(offset) with length \(length) lies outside the \(blob)-byte weight blob (file truncated or offset corrupt)"
        case .misalignedTensor(let file, let tensor, let offset, let alignment):
            return "\(file): tensor '\(tensor)' blob offset \(offset) is not a multiple of \(alignment)"
        case .tensorSizeMismatch(let file, let tensor, let expected, let length):
            return "\(file): tensor '\(tensor)' has length \(length) but its dtype and shape need \(expected) bytes"
        case .unencodable(let node, let m):
            if let node { return "cannot write node '\(node)': \(m)" }
            return "cannot write graph: \(m)"
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
