import Foundation
import SpyglassIR

/// Graph → `.spyglass` bytes. Constants go into the blob in name order, each at a 64-byte-aligned
/// offset, so the same graph always gives the same bytes.
enum ContainerWriter {
    static func encode(_ graph: Graph) throws -> Data {
        var entries: [TensorEntry] = []
        var storages: [TensorStorage] = []
        var blobSize: UInt64 = 0
        for (name, constant) in graph.constants.sorted(by: { $0.key < $1.key }) {
            guard let shape = constant.type.shape.concrete else {
                throw FormatError.unencodable(node: nil, message: "constant '\(name)' has a symbolic shape \(constant.type.shape)")
            }
            guard let length = TensorEntry.byteCount(dtype: constant.type.dtype, shape: shape),
                  length == UInt64(constant.storage.bytes.count) else {
                throw FormatError.unencodable(node: nil, message: "constant '\(name)' \(constant.type) holds \(constant.storage.bytes.count) bytes, which does not match its type")
            }
            let offset = try aligned(blobSize)
            entries.append(TensorEntry(name: name, dtype: constant.type.dtype, shape: shape, offset: offset, length: length))
            storages.append(constant.storage)
            blobSize = offset + length
        }

        let header = Array(JSONC.serialize(try HeaderEncoder.header(for: graph, tensors: entries)).utf8)
        let blobStart = try aligned(UInt64(ContainerLayout.headerOffset + header.count))
        var data = Data(capacity: Int(blobStart + blobSize))
        data.append(contentsOf: ContainerLayout.magic)
        data.append(contentsOf: ContainerLayout.littleEndianBytes(ContainerLayout.version))
        data.append(contentsOf: ContainerLayout.littleEndianBytes(UInt64(header.count)))
        data.append(contentsOf: header)
        for (entry, storage) in zip(entries, storages) {
            padWithZeros(&data, to: blobStart + entry.offset)
            data.append(contentsOf: storage.bytes)
        }
        padWithZeros(&data, to: blobStart + blobSize)
        return data
    }

    private static func aligned(_ value: UInt64) throws -> UInt64 {
        guard let a = ContainerLayout.aligned(value) else { throw FormatError.unencodable(node: nil, message: "model too large") }
        return a
    }

    private static func padWithZeros(_ data: inout Data, to size: UInt64) {
        let missing = Int(size) - data.count
        if missing > 0 { data.append(contentsOf: [UInt8](repeating: 0, count: missing)) }
    }
}
