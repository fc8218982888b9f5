/// Element type of a tensor.
public enum DType: String, Hashable, Sendable, CaseIterable {
    case float32, int64, int32, uint8, bool

    /// Size of one element in bytes.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: return 4
        case .int64: return 8
        case .uint8, .bool: return 1
        }
    }
}
