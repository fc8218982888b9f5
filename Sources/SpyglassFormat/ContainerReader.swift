import SpyglassIR

/// `.spyglass` file → graph whose constants point into the memory-mapped file (no copy).
/// Everything is checked before any constant is handed out: preamble, header, and every
/// tensor's size, alignment and bounds.
enum ContainerReader {
    static func read(path: String) throws -> Graph {
        let file = try MappedFile(path: path)
        let size = UInt64(file.bytes.count)
        let preamble = try Preamble.parse(file.bytes, fileSize: size, file: path)
        let json = try parseHeader(UnsafeRawBufferPointer(rebasing: file.bytes[preamble.headerRange]), file: path)
        var decoded = try HeaderDecoder(file: path).decode(json)

        guard preamble.blobStart <= size else {
            throw FormatError.truncated(file: path, section: "padding before the weight blob", neededBytes: preamble.blobStart, fileSize: size)
        }
        let blobSize = size - preamble.blobStart
        for entry in decoded.tensors {
            try check(entry, blobSize: blobSize, file: path)
            let start = Int(preamble.blobStart + entry.offset)
            let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[start..<(start + Int(entry.length))])
            decoded.graph.constants[entry.name] = ConstantTensor(
                type: TensorType(entry.dtype, Shape(entry.shape)), storage: TensorStorage(bytes: bytes, owner: file, isFileMapping: true))
        }
        for entry in decoded.packed {
            try checkBounds(name: "packed weights of '\(entry.node)'", offset: entry.offset, length: entry.length, blobSize: blobSize, file: path)
            guard let weights = decoded.graph.constants[entry.weights] else {
                throw FormatError.invalidHeader(file: path, path: "packed_weights", message: "blob of node '\(entry.node)' names weights '\(entry.weights)', which is not a tensor")
            }
            let start = Int(preamble.blobStart + entry.offset)
            let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[start..<(start + Int(entry.length))])
            // Bound to the weights as loaded: the runtime uses the blob only while they are unchanged.
            decoded.graph.packedWeights.insert(PackedWeight(
                node: entry.node, weights: entry.weights, layout: entry.layout, geometry: entry.geometry,
                storage: TensorStorage(bytes: bytes, owner: file, isFileMapping: true), source: weights.storage))
        }
        return decoded.graph
    }

    /// The header's text, after checking the preamble and that the header is valid JSON.
    static func headerText(path: String) throws -> String {
        let file = try MappedFile(path: path)
        let preamble = try Preamble.parse(file.bytes, fileSize: UInt64(file.bytes.count), file: path)
        let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[preamble.headerRange])
        _ = try parseHeader(bytes, file: path)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func parseHeader(_ bytes: UnsafeRawBufferPointer, file: String) throws -> JSONValue {
        do {
            return try JSONC.parse(bytes)
        } catch let e as JSONC.ParseError {
            throw FormatError.invalidJSON(file: file, message: e.message)
        }
    }

    private static func check(_ entry: TensorEntry, blobSize: UInt64, file: String) throws {
        guard let expected = TensorEntry.byteCount(dtype: entry.dtype, shape: entry.shape), expected == entry.length else {
            throw FormatError.tensorSizeMismatch(file: file, tensor: entry.name,
                                                 expectedBytes: TensorEntry.byteCount(dtype: entry.dtype, shape: entry.shape) ?? .max,
                                                 length: entry.length)
        }
        try checkBounds(name: entry.name, offset: entry.offset, length: entry.length, blobSize: blobSize, file: file)
    }

    /// Aligned and inside the blob.
    private static func checkBounds(name: String, offset: UInt64, length: UInt64, blobSize: UInt64, file: String) throws {
        guard offset % UInt64(ContainerLayout.alignment) == 0 else {
            throw FormatError.misalignedTensor(file: file, tensor: name, offset: offset, alignment: ContainerLayout.alignment)
        }
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= blobSize else {
            throw FormatError.tensorOutOfBounds(file: file, tensor: name, offset: offset, length: length, blobSize: blobSize)
        }
    }
}
