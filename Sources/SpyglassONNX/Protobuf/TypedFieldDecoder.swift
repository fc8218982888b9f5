import CONNXProto
import Foundation

/// Tensor values stored in TensorProto's typed fields instead of raw_data, re-encoded as packed
/// little-endian element bytes. Which field holds which type follows onnx.proto's comments:
/// float_data (float, complex64), int32_data (int32 and every narrower type incl. float16/bfloat16 bits),
/// int64_data (int64), double_data (double, complex128), uint64_data (uint32, uint64).
enum TypedFieldDecoder {
    static func decode(_ t: Onnx__TensorProto, dataType: ONNXDataType, count: Int, tensor: String, dims: [Int]) throws -> Data {
        func check(_ got: Int, field: String, perElement: Int = 1) throws {
            guard got == count * perElement else {
                throw ONNXError.tensorData(tensor: tensor, message: "dims \(dims) say \(count) elements, \(field) holds \(got / perElement)"
                                           + (got == 0 ? " (and there is no raw_data)" : ""))
            }
        }
        switch dataType {
        case .float, .complex64:
            let per = dataType == .complex64 ? 2 : 1
            try check(t.n_float_data, field: "float_data", perElement: per)
            return littleEndianBytes(buffer(t.float_data, t.n_float_data))
        case .double, .complex128:
            let per = dataType == .complex128 ? 2 : 1
            try check(t.n_double_data, field: "double_data", perElement: per)
            return littleEndianBytes(buffer(t.double_data, t.n_double_data).map(\.bitPattern))
        case .int64:
            try check(t.n_int64_data, field: "int64_data")
            return littleEndianBytes(buffer(t.int64_data, t.n_int64_data))
        case .uint32:
            try check(t.n_uint64_data, field: "uint64_data")
            return littleEndianBytes(buffer(t.uint64_data, t.n_uint64_data).map { UInt32(truncatingIfNeeded: $0) })
        case .uint64:
            try check(t.n_uint64_data, field: "uint64_data")
            return littleEndianBytes(buffer(t.uint64_data, t.n_uint64_data))
        case .int32:
            try check(t.n_int32_data, field: "int32_data")
            return littleEndianBytes(buffer(t.int32_data, t.n_int32_data))
        case .int16, .uint16, .float16, .bfloat16:
            try check(t.n_int32_data, field: "int32_data")
            return littleEndianBytes(buffer(t.int32_data, t.n_int32_data).map { UInt16(truncatingIfNeeded: $0) })
        case .int8, .uint8, .bool:
            try check(t.n_int32_data, field: "int32_data")
            return Data(buffer(t.int32_data, t.n_int32_data).map { UInt8(truncatingIfNeeded: $0) })
        case .string:
            return Data()
        }
    }
}
