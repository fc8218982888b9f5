import Foundation

/// Everything that can go wrong reading, writing or exporting ONNX, with the file, tensor or node named.
public enum ONNXError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case fileTooLarge(path: String, bytes: Int, limit: Int)
    /// A field runs past the end of its message or of the file.
    case truncated(offset: Int, message: String)
    /// Bytes that are not a protobuf message of the expected shape.
    case malformed(offset: Int, message: String)
    case nestingTooDeep(offset: Int, depth: Int, limit: Int)
    case missingGraph
    case unknownDataType(tensor: String, code: Int32)
    case tensorData(tensor: String, message: String)
    case externalData(tensor: String, message: String)
    case attribute(node: String, attribute: String, message: String)
    case unsupportedOpset(Int, supported: ClosedRange<Int>)
    /// The exporter cannot express an IR node in ONNX.
    case export(node: String, message: String)
    case writeFailed(path: String, reason: String)
    /// The importer has no rule for these op types at the model's opset: one (op type, a node using it) each.
    case unsupportedOps([UnsupportedOp], opset: Int)
    /// The importer cannot express an ONNX node in the IR (attribute values, non-constant inputs …).
    case importFailed(node: String, message: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "cannot read '\(p)': \(r)"
        case .fileTooLarge(let p, let b, let l): return "'\(p)' is \(b) bytes, over the \(l)-byte limit for an ONNX model"
        case .truncated(let o, let m): return "ONNX model is truncated at byte \(o): \(m)"
        case .malformed(let o, let m): return "not a valid ONNX model (byte \(o)): \(m)"
        case .nestingTooDeep(let o, let d, let l): return "ONNX model nests messages \(d) deep at byte \(o), over the limit of \(l)"
        case .missingGraph: return "ONNX model has no graph"
        case .unknownDataType(let t, let c): return "tensor '\(t)' has unknown or unsupported data type \(c)"
        case .tensorData(let t, let m): return "tensor '\(t)': \(m)"
        case .externalData(let t, let m): return "tensor '\(t)' external data: \(m)"
        case .attribute(let n, let a, let m): return "\(n) attribute '\(a)': \(m)"
        case .unsupportedOpset(let v, let r): return "opset \(v) is not supported (use \(r.lowerBound)…\(r.upperBound))"
        case .export(let n, let m): return "cannot export \(n) to ONNX: \(m)"
        case .writeFailed(let p, let r): return "cannot write '\(p)': \(r)"
        case .unsupportedOps(let ops, let opset):
            let list = ops.map { "\($0.opType) (e.g. node '\($0.node)')" }.joined(separator: ", ")
            return "\(ops.count) unsupported ONNX op type\(ops.count == 1 ? "" : "s") at opset \(opset): \(list)"
        case .importFailed(let n, let m): return "cannot import \(n): \(m)"
        }
    }
}

/// An op type the importer cannot map, with one node that uses it.
public struct UnsupportedOp: Hashable, Sendable {
    public var opType: String
    public var node: String
    public init(opType: String, node: String) { self.opType = opType; self.node = node }
}
