import SpyglassIR

/// One row of the header's tensor table: where a constant's bytes are in the weight blob.
struct TensorEntry: Equatable {
    var name: String
    var dtype: DType
    var shape: [Int]
    /// From the start of the blob; a multiple of `ContainerLayout.alignment`.
    var offset: UInt64
    var length: UInt64

    /// dtype size × element count, or nil on overflow.
    static func byteCount(dtype: DType, shape: [Int]) -> UInt64? {
        var total = UInt64(dtype.byteSize)
        for d in shape {
            guard d >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: UInt64(d))
            if overflow { return nil }
            total = product
        }
        return total
    }
}

/// One row of the header's `packed_weights` table: a kernel's prepacked blob in the weight blob
/// (see `PackedWeight`). Offsets are from the blob start, like tensors.
struct PackedEntry: Equatable {
    var node: String
    var weights: String
    var layout: String
    var geometry: String
    var offset: UInt64
    var length: UInt64
}
