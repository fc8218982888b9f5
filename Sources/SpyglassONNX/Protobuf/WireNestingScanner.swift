/// Walks protobuf wire format iteratively, before libprotobuf-c sees it: protobuf-c unpacks nested
/// messages recursively with no depth limit, so a crafted file could exhaust the stack. The walk
/// also gives precise errors for truncated or garbage bytes.
///
/// Only (message, field) pairs listed in `subMessages` are descended into; every other
/// length-delimited field (strings, bytes, packed numbers, unknown fields) is skipped.
struct WireNestingScanner {
    enum Message: Hashable {
        case model, graph, node, attribute, tensor, valueInfo, typeProto, typeTensor, tensorShape, dimension
        case opsetId, stringEntry
    }

    /// Which fields of which message hold sub-messages (field numbers from onnx.proto).
    static let subMessages: [Message: [UInt64: Message]] = [
        .model: [7: .graph, 8: .opsetId, 14: .stringEntry],
        .graph: [1: .node, 5: .tensor, 11: .valueInfo, 12: .valueInfo, 13: .valueInfo],
        .node: [5: .attribute],
        .attribute: [5: .tensor, 6: .graph, 10: .tensor, 11: .graph],
        .tensor: [13: .stringEntry],
        .valueInfo: [2: .typeProto],
        .typeProto: [1: .typeTensor],
        .typeTensor: [2: .tensorShape],
        .tensorShape: [1: .dimension],
    ]

    let maxDepth: Int

    /// Throws `ONNXError.truncated`, `.malformed` or `.nestingTooDeep`; returns the deepest nesting seen.
    @discardableResult
    func scan(_ bytes: UnsafeRawBufferPointer) throws -> Int {
        var stack: [(message: Message, end: Int)] = [(.model, bytes.count)]
        var deepest = 1
        var pos = 0

        func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            let start = pos
            while true {
                guard pos < (stack.last?.end ?? bytes.count) else {
                    throw ONNXError.truncated(offset: start, message: "a varint runs past the end of its message")
                }
                let byte = bytes[pos]
                pos += 1
                guard shift < 64 else { throw ONNXError.malformed(offset: start, message: "varint longer than 10 bytes") }
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }

        while let top = stack.last {
            if pos == top.end { stack.removeLast(); continue }
            let fieldStart = pos
            let tag = try varint()
            let field = tag >> 3
            guard field != 0 else { throw ONNXError.malformed(offset: fieldStart, message: "field number 0") }
            let remaining = top.end - pos
            switch tag & 7 {
            case 0:
                _ = try varint()
            case 1, 5:
                let width = tag & 7 == 1 ? 8 : 4
                guard width <= remaining else {
                    throw ONNXError.truncated(offset: fieldStart, message: "field \(field) needs \(width) bytes, \(remaining) left")
                }
                pos += width
            case 2:
                let length = try varint()
                let left = top.end - pos
                guard length <= UInt64(left) else {
                    throw ONNXError.truncated(offset: fieldStart, message: "field \(field) claims \(length) bytes, \(left) left")
                }
                if let sub = Self.subMessages[top.message]?[field] {
                    stack.append((sub, pos + Int(length)))
                    deepest = max(deepest, stack.count)
                    guard stack.count <= maxDepth else {
                        throw ONNXError.nestingTooDeep(offset: fieldStart, depth: stack.count, limit: maxDepth)
                    }
                } else {
                    pos += Int(length)
                }
            default:
                throw ONNXError.malformed(offset: fieldStart, message: "field \(field) has wire type \(tag & 7), which ONNX never uses")
            }
        }
        return deepest
    }
}
