/// TensorProto.DataType codes Spyglass understands (1…16). Newer codes (float8, 4-bit types …) are
/// refused by the reader with `ONNXError.unknownDataType`.
public enum ONNXDataType: Int32, Hashable, Sendable, CaseIterable {
    case float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7, string = 8, bool = 9
    case float16 = 10, double = 11, uint32 = 12, uint64 = 13, complex64 = 14, complex128 = 15, bfloat16 = 16

    /// Bytes per element in raw_data; nil for strings.
    public var byteSize: Int? {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16, .float16, .bfloat16: return 2
        case .float, .int32, .uint32: return 4
        case .int64, .double, .uint64, .complex64: return 8
        case .complex128: return 16
        case .string: return nil
        }
    }

    public var name: String { String(describing: self) }
}
