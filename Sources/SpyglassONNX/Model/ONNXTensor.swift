import Foundation

/// A constant tensor (initializer or tensor attribute) with its data decoded: numeric types as
/// densely packed little-endian element bytes, whichever field the file used (raw_data, the typed
/// `*_data` fields, or external data).
public struct ONNXTensor: Hashable, Sendable {
    public var name: String
    public var dataType: ONNXDataType
    public var dims: [Int]
    /// Element bytes, little-endian, `elementCount × byteSize` of them (empty for strings).
    public var rawData: Data
    /// STRING tensors only.
    public var strings: [Data]

    public init(name: String, dataType: ONNXDataType, dims: [Int], rawData: Data, strings: [Data] = []) {
        self.name = name; self.dataType = dataType; self.dims = dims; self.rawData = rawData; self.strings = strings
    }

    public init(name: String, floats: [Float], dims: [Int]) {
        self.init(name: name, dataType: .float, dims: dims, rawData: littleEndianBytes(floats))
    }

    public init(name: String, int64s: [Int64], dims: [Int]) {
        self.init(name: name, dataType: .int64, dims: dims, rawData: littleEndianBytes(int64s))
    }

    public init(name: String, bools: [Bool], dims: [Int]) {
        self.init(name: name, dataType: .bool, dims: dims, rawData: Data(bools.map { $0 ? 1 : 0 }))
    }

    /// Product of the dims (1 for a scalar).
    public var elementCount: Int { dims.reduce(1, *) }

    /// The values of a FLOAT tensor.
    public func floats() throws -> [Float] {
        guard dataType == .float else { throw ONNXError.tensorData(tensor: name, message: "is \(dataType.name), not float") }
        #if _endian(little)
        let count = rawData.count / 4
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBytes { dst in _ = rawData.copyBytes(to: dst.bindMemory(to: UInt8.self), count: count * 4) }
        return out
        #else
        return decodeLittleEndian(rawData, as: UInt32.self).map { Float(bitPattern: $0) }
        #endif
    }

    /// The values of an INT64 tensor.
    public func int64s() throws -> [Int64] {
        guard dataType == .int64 else { throw ONNXError.tensorData(tensor: name, message: "is \(dataType.name), not int64") }
        return decodeLittleEndian(rawData, as: Int64.self)
    }
}

/// Little-endian bytes of fixed-width values (a plain copy on little-endian hosts).
func littleEndianBytes(_ values: [Float]) -> Data {
    #if _endian(little)
    return values.withUnsafeBytes { Data($0) }
    #else
    return littleEndianBytes(values.map(\.bitPattern))
    #endif
}

func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
    #if _endian(little)
    return values.withUnsafeBytes { Data($0) }
    #else
    var data = Data(count: values.count * MemoryLayout<T>.size)
    data.withUnsafeMutableBytes { raw in
        for (i, v) in values.enumerated() { raw.storeBytes(of: v.littleEndian, toByteOffset: i * MemoryLayout<T>.size, as: T.self) }
    }
    return data
    #endif
}

func decodeLittleEndian<T: FixedWidthInteger>(_ data: Data, as: T.Type) -> [T] {
    let size = MemoryLayout<T>.size
    let count = data.count / size
    var out = [T](repeating: 0, count: count)
    out.withUnsafeMutableBytes { dst in _ = data.copyBytes(to: dst.bindMemory(to: UInt8.self), count: count * size) }
    #if !_endian(little)
    for i in out.indices { out[i] = T(littleEndian: out[i]) }
    #endif
    return out
}
