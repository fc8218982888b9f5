import Foundation

/// A node attribute's value, by ONNX attribute type. Sparse tensors and type protos are not kept
/// (the reader reports them as unsupported).
public enum ONNXAttribute: Hashable, Sendable {
    case float(Float)
    case int(Int64)
    /// ONNX strings are bytes; `stringValue` decodes UTF-8.
    case string(Data)
    case tensor(ONNXTensor)
    case graph(ONNXGraph)
    case floats([Float])
    case ints([Int64])
    case strings([Data])
    case tensors([ONNXTensor])
    case graphs([ONNXGraph])

    public static func string(_ s: String) -> ONNXAttribute { .string(Data(s.utf8)) }

    /// ONNX's AttributeProto.AttributeType code for this value.
    public var typeCode: Int32 {
        switch self {
        case .float: return 1
        case .int: return 2
        case .string: return 3
        case .tensor: return 4
        case .graph: return 5
        case .floats: return 6
        case .ints: return 7
        case .strings: return 8
        case .tensors: return 9
        case .graphs: return 10
        }
    }

    public var typeName: String {
        switch self {
        case .float: return "float"
        case .int: return "int"
        case .string: return "string"
        case .tensor: return "tensor"
        case .graph: return "graph"
        case .floats: return "floats"
        case .ints: return "ints"
        case .strings: return "strings"
        case .tensors: return "tensors"
        case .graphs: return "graphs"
        }
    }

    // Typed accessors for importers: nil when the attribute has another type.
    public var floatValue: Float? { if case .float(let v) = self { return v } else { return nil } }
    public var intValue: Int64? { if case .int(let v) = self { return v } else { return nil } }
    public var stringValue: String? { if case .string(let v) = self { return String(data: v, encoding: .utf8) } else { return nil } }
    public var intsValue: [Int64]? { if case .ints(let v) = self { return v } else { return nil } }
    public var floatsValue: [Float]? { if case .floats(let v) = self { return v } else { return nil } }
    public var tensorValue: ONNXTensor? { if case .tensor(let v) = self { return v } else { return nil } }
    public var graphValue: ONNXGraph? { if case .graph(let v) = self { return v } else { return nil } }
}
