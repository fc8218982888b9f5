import Foundation

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
    var ints: [Int] { values.map { Int($0) } }
    var floats: [Float] { values.map { Float($0) } }
    var isInteger: Bool { dataType != .float && dataType != .double && dataType != .float16 }
}
