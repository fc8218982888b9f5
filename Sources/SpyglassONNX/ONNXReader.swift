import CONNXProto
import Foundation

/// Limits that keep a hostile or broken file from exhausting memory or stack.
public struct ONNXReadOptions: Sendable {
    /// Largest model file accepted (protobuf itself cannot exceed 2 GiB).
    public var maxFileBytes: Int = Int(Int32.max)
    /// Deepest nesting of messages (model → graph → node → attribute → graph …).
    public var maxNestingDepth: Int = 64
    /// Largest external-data file region accepted per tensor.
    public var maxExternalTensorBytes: Int = 1 << 34
    public init() {}
}

/// Reads ONNX ModelProto files: size check before reading, an iterative nesting pre-scan, then
/// libprotobuf-c's unpack, then conversion to Swift values (tensor data decoded, external data loaded).
public enum ONNXReader {
    public static func read(contentsOf url: URL, options: ONNXReadOptions = ONNXReadOptions()) throws -> ONNXModel {
        let path = url.path
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ONNXError.unreadable(path: path, reason: "no such file or not accessible")
        }
        guard size <= options.maxFileBytes else { throw ONNXError.fileTooLarge(path: path, bytes: size, limit: options.maxFileBytes) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ONNXError.unreadable(path: path, reason: error.localizedDescription) }
        guard data.count <= options.maxFileBytes else { throw ONNXError.fileTooLarge(path: path, bytes: data.count, limit: options.maxFileBytes) }
        return try parse(data, baseDirectory: url.deletingLastPathComponent(), options: options)
    }

    /// Parses ModelProto bytes. External tensor data is resolved against `baseDirectory`
    /// (refused when it is nil).
    public static func parse(_ data: Data, baseDirectory: URL? = nil, options: ONNXReadOptions = ONNXReadOptions()) throws -> ONNXModel {
        guard data.count <= options.maxFileBytes else {
            throw ONNXError.fileTooLarge(path: "<memory>", bytes: data.count, limit: options.maxFileBytes)
        }
        return try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> ONNXModel in
            try WireNestingScanner(maxDepth: options.maxNestingDepth).scan(bytes)
            let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard let proto = onnx__model_proto__unpack(nil, bytes.count, base) else {
                throw ONNXError.malformed(offset: 0, message: "libprotobuf-c could not unpack a ModelProto")
            }
            defer { onnx__model_proto__free_unpacked(proto, nil) }
            let external = ExternalDataResolver(baseDirectory: baseDirectory, maxBytes: options.maxExternalTensorBytes)
            return try ProtoDecoder(external: external).model(proto.pointee)
        }
    }

    /// Parses a serialized TensorProto (the `.pb` files of ONNX's backend test data).
    public static func parseTensor(_ data: Data) throws -> ONNXTensor {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> ONNXTensor in
            // A TensorProto nests no messages recursively, so no nesting pre-scan is needed.
            let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard let proto = onnx__tensor_proto__unpack(nil, bytes.count, base) else {
                throw ONNXError.malformed(offset: 0, message: "libprotobuf-c could not unpack a TensorProto")
            }
            defer { onnx__tensor_proto__free_unpacked(proto, nil) }
            return try ProtoDecoder(external: ExternalDataResolver(baseDirectory: nil, maxBytes: 0)).tensor(proto.pointee)
        }
    }
}
