import CONNXProto
import Foundation

/// Serialises an `ONNXModel` to ModelProto bytes with libprotobuf-c.
public enum ONNXWriter {
    /// Protobuf cannot represent messages of 2 GiB or more.
    public static let maxModelBytes = Int(Int32.max)

    public static func serialize(_ model: ONNXModel) throws -> Data {
        let arena = CArena()
        let proto = ProtoEncoder(arena: arena).model(model)
        let size = onnx__model_proto__get_packed_size(proto)
        guard size <= maxModelBytes else {
            throw ONNXError.writeFailed(path: "<memory>", reason: "the model would be \(size) bytes; protobuf's limit is 2 GiB")
        }
        var data = Data(count: size)
        let written = data.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
            return onnx__model_proto__pack(proto, base)
        }
        guard written == size else { throw ONNXError.writeFailed(path: "<memory>", reason: "packed \(written) of \(size) bytes") }
        return data
    }

    public static func write(_ model: ONNXModel, to url: URL) throws {
        let data = try serialize(model)
        do { try data.write(to: url, options: .atomic) } catch {
            throw ONNXError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
