import Foundation

/// Hand-written protobuf wire format, for files the writer would never produce (bad dtypes,
/// absurd lengths, deep nesting, typed-field tensors, external data).
enum ProtoBytes {
    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        repeat {
            var byte = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { byte |= 0x80 }
            out.append(byte)
        } while v != 0
        return out
    }

    static func int(_ field: UInt64, _ value: Int64) -> [UInt8] { varint(field << 3) + varint(UInt64(bitPattern: value)) }

    static func bytes(_ field: UInt64, _ payload: [UInt8]) -> [UInt8] { varint(field << 3 | 2) + varint(UInt64(payload.count)) + payload }

    static func string(_ field: UInt64, _ s: String) -> [UInt8] { bytes(field, Array(s.utf8)) }

    static func floats(_ field: UInt64, _ values: [Float]) -> [UInt8] {
        bytes(field, values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
    }

    // Messages by onnx.proto field numbers.
    static func model(graph: [UInt8]) -> Data {
        Data(int(1, 8) + bytes(8, string(1, "") + int(2, 17)) + bytes(7, graph))
    }

    static func graph(nodes: [[UInt8]] = [], initializers: [[UInt8]] = []) -> [UInt8] {
        string(2, "g") + nodes.flatMap { bytes(1, $0) } + initializers.flatMap { bytes(5, $0) }
    }

    static func tensor(name: String, dataType: Int64, dims: [Int64], extra: [UInt8] = []) -> [UInt8] {
        dims.flatMap { int(1, $0) } + int(2, dataType) + string(8, name) + extra
    }

    static func externalEntry(_ key: String, _ value: String) -> [UInt8] { bytes(13, string(1, key) + string(2, value)) }
}
