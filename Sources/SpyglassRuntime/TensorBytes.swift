import SpyglassIR

/// Moves a `Tensor`'s values to and from the runtime's buffers, where every element type is laid
/// out as ONNX lays it out: float32/int32 4 bytes, int64 8, bool/uint8 1.
enum TensorBytes {
    static func store(_ t: Tensor, to dst: UnsafeMutableRawPointer) {
        switch t.dtype {
        case .float32:
            t.data.withUnsafeBytes { src in if let b = src.baseAddress { dst.copyMemory(from: b, byteCount: src.count) } }
        case .int64:
            t.integers.withUnsafeBytes { src in if let b = src.baseAddress { dst.copyMemory(from: b, byteCount: src.count) } }
        case .int32:
            let p = dst.assumingMemoryBound(to: Int32.self)
            for (i, v) in t.integers.enumerated() { p[i] = Int32(truncatingIfNeeded: v) }
        case .uint8, .bool:
            let p = dst.assumingMemoryBound(to: UInt8.self)
            for (i, v) in t.integers.enumerated() { p[i] = UInt8(truncatingIfNeeded: v) }
        }
    }

    static func load(_ src: UnsafeRawPointer, shape: [Int], dtype: DType) -> Tensor {
        let n = shape.reduce(1, *)
        switch dtype {
        case .float32:
            return Tensor(shape: shape, data: Array(UnsafeBufferPointer(start: src.assumingMemoryBound(to: Float.self), count: n)))
        case .int64:
            return Tensor(shape: shape, integers: Array(UnsafeBufferPointer(start: src.assumingMemoryBound(to: Int64.self), count: n)), dtype: .int64)
        case .int32:
            return Tensor(shape: shape, integers: UnsafeBufferPointer(start: src.assumingMemoryBound(to: Int32.self), count: n).map(Int64.init), dtype: .int32)
        case .uint8, .bool:
            return Tensor(shape: shape, integers: UnsafeBufferPointer(start: src.assumingMemoryBound(to: UInt8.self), count: n).map(Int64.init), dtype: dtype)
        }
    }
}
