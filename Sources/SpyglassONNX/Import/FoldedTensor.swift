import Foundation
import SpyglassIR

/// A tensor whose value the importer knows: initializers, `Constant` outputs and the results of
/// shape arithmetic. Values are held as Double, exact for float32 and for the integers shapes use.
struct FoldedTensor: Hashable {
    var dataType: ONNXDataType
    var dims: [Int]
    var values: [Double]

    init(dataType: ONNXDataType, dims: [Int], values: [Double]) {
        self.dataType = dataType; self.dims = dims; self.values = values
    }

    static func int64(_ values: [Int], dims: [Int]? = nil) -> FoldedTensor {
        FoldedTensor(dataType: .int64, dims: dims ?? [values.count], values: values.map(Double.init))
    }

    /// Decodes a numeric ONNX tensor; nil for types the importer does not compute with.
    init?(_ t: ONNXTensor) {
        let d = t.rawData
        let values: [Double]
        switch t.dataType {
        case .float: guard let f = try? t.floats() else { return nil }; values = f.map(Double.init)
        case .int64: guard let v = try? t.int64s() else { return nil }; values = v.map(Double.init)
        case .int32: values = decodeLittleEndian(d, as: Int32.self).map(Double.init)
        case .int8: values = decodeLittleEndian(d, as: Int8.self).map(Double.init)
        case .uint8, .bool: values = d.map(Double.init)
        case .double: values = decodeLittleEndian(d, as: UInt64.self).map { Double(bitPattern: $0) }
        default: return nil
        }
        guard values.count == t.elementCount else { return nil }
        self.init(dataType: t.dataType, dims: t.dims, values: values)
    }

    var count: Int { values.count }

    /// An IR constant's values (from import-time evaluation).
    init?(_ c: ConstantTensor) {
        let n = c.elementCount, bytes = c.storage.bytes
        guard bytes.count >= n * c.type.dtype.byteSize else { return nil }
        let values: [Double]
        switch c.type.dtype {
        case .float32: values = (0..<n).map { Double(bytes.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self)) }
        case .int64: values = (0..<n).map { Double(bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
        case .int32: values = (0..<n).map { Double(bytes.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
        case .uint8, .bool: values = (0..<n).map { Double(bytes[$0]) }
        }
        self.init(dataType: ONNXDataType(c.type.dtype), dims: c.shape, values: values)
    }

    /// This value as an IR constant of element type `dtype`.
    func constant(_ dtype: DType) -> ConstantTensor {
        switch dtype {
        case .float32: return ConstantTensor(floats: values.map { Float($0) }, shape: dims)
        case .int64: return ConstantTensor(int64s: values.map { $0.int64Clamped }, shape: dims)
        case .int32:
            return ConstantTensor(type: TensorType(.int32, Shape(dims)), storage: TensorStorage(copying: values.map { Int32(clamping: $0.int64Clamped) }))
        case .uint8, .bool:
            return ConstantTensor(type: TensorType(dtype, Shape(dims)), storage: TensorStorage(copying: values.map { UInt8(clamping: $0.int64Clamped) }))
        }
    }
    /// Clamped to Int64's range (INT64_MAX slice ends), never trapping.
    var ints: [Int] { values.map { Int($0.int64Clamped) } }
    var floats: [Float] { values.map { Float($0) } }
    var isInteger: Bool { dataType != .float && dataType != .double && dataType != .float16 }
}

extension Double {
    /// Rounded toward zero and clamped to Int64's range (INT64_MAX ends of Slice, say); NaN → 0.
    var int64Clamped: Int64 {
        if isNaN { return 0 }
        if self >= 9.2233720368547758e18 { return .max }
        if self <= -9.2233720368547758e18 { return .min }
        return Int64(self.rounded(.towardZero))
    }
}

extension ONNXDataType {
    /// The ONNX element type of an IR element type.
    init(_ d: DType) {
        switch d {
        case .float32: self = .float
        case .int64: self = .int64
        case .int32: self = .int32
        case .uint8: self = .uint8
        case .bool: self = .bool
        }
    }

    /// The IR element type holding this ONNX type, if the runtime has one.
    var irType: DType? {
        switch self {
        case .float: return .float32
        case .int64: return .int64
        case .int32: return .int32
        case .uint8: return .uint8
        case .bool: return .bool
        default: return nil
        }
    }
}
