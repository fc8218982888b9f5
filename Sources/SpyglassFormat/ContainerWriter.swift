import Foundation
import SpyglassIR

/// Graph → `.spyglass` bytes. Constants go into the blob in name order, each at a 64-byte-aligned
/// offset, so the same graph always gives the same bytes.
///
/// With prepacked blobs, the blob is laid out hot first: the constants a plan reads, then the packed
/// blobs, then — from a `ContainerLayout.coldAlignment` boundary of the file — the raw weights that
/// only have packed consumers (kept for export, not read when planning from the blobs). The page
/// cache maps file pages in large folios, so mixing cold weights in among hot ones would bring them
/// into the resident set all the same.
enum ContainerWriter {
    static func encode(_ graph: Graph) throws -> Data {
        let constants = try graph.constants.sorted(by: { $0.key < $1.key }).map { name, constant -> (String, ConstantTensor, [Int], UInt64) in
            guard let shape = constant.type.shape.concrete else {
                throw FormatError.unencodable(node: nil, message: "constant '\(name)' has a symbolic shape \(constant.type.shape)")
            }
            guard let length = TensorEntry.byteCount(dtype: constant.type.dtype, shape: shape),
                  length == UInt64(constant.storage.bytes.count) else {
                throw FormatError.unencodable(node: nil, message: "constant '\(name)' \(constant.type) holds \(constant.storage.bytes.count) bytes, which does not match its type")
            }
            return (name, constant, shape, length)
        }
        let blobs = validPackedBlobs(graph)
        let cold = coldConstants(graph, blobs: blobs)

        // The header holds the offsets and the cold section's padding depends on where the blob
        // starts, i.e. on the header's length: settle both by a few rounds (lengths barely move).
        var blobStart = try aligned(UInt64(ContainerLayout.headerOffset))
        var layout = try Layout(constants: constants, blobs: blobs, cold: cold, blobStart: blobStart)
        var header = Array(JSONC.serialize(try HeaderEncoder.header(for: graph, tensors: layout.entries, packed: layout.packed)).utf8)
        for _ in 0..<8 {
            let start = try aligned(UInt64(ContainerLayout.headerOffset + header.count))
            if start == blobStart { break }
            blobStart = start
            layout = try Layout(constants: constants, blobs: blobs, cold: cold, blobStart: blobStart)
            header = Array(JSONC.serialize(try HeaderEncoder.header(for: graph, tensors: layout.entries, packed: layout.packed)).utf8)
        }
        blobStart = try aligned(UInt64(ContainerLayout.headerOffset + header.count))

        var data = Data(capacity: Int(blobStart + layout.size))
        data.append(contentsOf: ContainerLayout.magic)
        data.append(contentsOf: ContainerLayout.littleEndianBytes(ContainerLayout.version))
        data.append(contentsOf: ContainerLayout.littleEndianBytes(UInt64(header.count)))
        data.append(contentsOf: header)
        for (offset, storage) in layout.contents.sorted(by: { $0.offset < $1.offset }) {
            padWithZeros(&data, to: blobStart + offset)
            data.append(contentsOf: storage.bytes)
        }
        padWithZeros(&data, to: blobStart + layout.size)
        return data
    }

    /// Where everything goes in the blob, for a blob starting at file offset `blobStart`.
    private struct Layout {
        var entries: [TensorEntry] = []
        var packed: [PackedEntry] = []
        var contents: [(offset: UInt64, storage: TensorStorage)] = []
        var size: UInt64 = 0

        init(constants: [(String, ConstantTensor, [Int], UInt64)], blobs: [PackedWeight], cold: Set<String>, blobStart: UInt64) throws {
            var offsets: [String: UInt64] = [:]
            for (name, _, _, length) in constants where !cold.contains(name) { offsets[name] = try place(length) }
            for blob in blobs {
                let offset = try place(UInt64(blob.storage.bytes.count))
                packed.append(PackedEntry(node: blob.node, weights: blob.weights, layout: blob.layout, geometry: blob.geometry,
                                          offset: offset, length: UInt64(blob.storage.bytes.count)))
                contents.append((offset, blob.storage))
            }
            if !cold.isEmpty {
                let boundary = UInt64(ContainerLayout.coldAlignment)
                let fileOffset = blobStart + (try ContainerWriter.aligned(size))
                size = (fileOffset + boundary - 1) / boundary * boundary - blobStart
            }
            for (name, _, _, length) in constants where cold.contains(name) { offsets[name] = try place(length) }
            for (name, constant, shape, length) in constants {
                let offset = offsets[name] ?? 0
                entries.append(TensorEntry(name: name, dtype: constant.type.dtype, shape: shape, offset: offset, length: length))
                contents.append((offset, constant.storage))
            }
        }

        private mutating func place(_ length: UInt64) throws -> UInt64 {
            let offset = try ContainerWriter.aligned(size)
            size = offset + length
            return offset
        }
    }

    /// Packed blobs still made from the graph's current weights, for nodes that use those weights.
    private static func validPackedBlobs(_ graph: Graph) -> [PackedWeight] {
        graph.packedWeights.all.filter { blob in
            guard let node = graph.node(named: blob.node), node.inputs.contains(blob.weights) else { return false }
            return blob.isPacked(from: graph.constants[blob.weights])
        }
    }

    /// Constants every consumer of which has a packed blob made from them (and that are not graph outputs).
    private static func coldConstants(_ graph: Graph, blobs: [PackedWeight]) -> Set<String> {
        let packedNodes = Dictionary(blobs.map { ($0.node, $0.weights) }, uniquingKeysWith: { a, _ in a })
        var cold = Set(blobs.map(\.weights))
        for node in graph.nodes {
            for input in node.inputs where cold.contains(input) && packedNodes[node.name] != input { cold.remove(input) }
        }
        return cold.subtracting(graph.outputs)
    }

    fileprivate static func aligned(_ value: UInt64) throws -> UInt64 {
        guard let a = ContainerLayout.aligned(value) else { throw FormatError.unencodable(node: nil, message: "model too large") }
        return a
    }

    private static func padWithZeros(_ data: inout Data, to size: UInt64) {
        let missing = Int(size) - data.count
        if missing > 0 { data.append(contentsOf: [UInt8](repeating: 0, count: missing)) }
    }
}
