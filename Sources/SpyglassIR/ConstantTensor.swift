import Foundation

/// Bytes backing a constant tensor: an owned array or a region of a memory-mapped file.
/// The `owner` keeps whatever holds the memory alive (an array box or an mmap handle).
public final class TensorStorage: @unchecked Sendable {
    public let bytes: UnsafeRawBufferPointer
    private let owner: AnyObject?

    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject?) {
        self.bytes = bytes
        self.owner = owner
    }

    /// Copies `values` into freshly allocated, 64-byte-aligned memory owned by this storage.
    public convenience init<T>(copying values: [T]) {
        let count = values.count * MemoryLayout<T>.stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        values.withUnsafeBytes { src in
            if let base = src.baseAddress { raw.copyMemory(from: base, byteCount: count) }
        }
        self.init(bytes: UnsafeRawBufferPointer(start: raw, count: count), owner: AllocationOwner(raw))
    }
}

private final class AllocationOwner {
    let pointer: UnsafeMutableRawPointer
    init(_ p: UnsafeMutableRawPointer) { pointer = p }
    deinit { pointer.deallocate() }
}

/// A constant (weights, biases, BN statistics …) with its type and bytes. Kept apart from the
/// graph's structure so a graph can be printed, verified and transformed without touching weights.
public struct ConstantTensor: @unchecked Sendable {
    public var type: TensorType
    public var storage: TensorStorage

    public init(type: TensorType, storage: TensorStorage) {
        self.type = type
        self.storage = storage
    }

    public init(floats: [Float], shape: [Int]) {
        self.type = .float32(shape)
        self.storage = TensorStorage(copying: floats)
    }

    public init(int64s: [Int64], shape: [Int]) {
        self.type = TensorType(.int64, Shape(shape))
        self.storage = TensorStorage(copying: int64s)
    }

    public var shape: [Int] { type.shape.concrete ?? [] }
    public var elementCount: Int { shape.reduce(1, *) }

    /// The values as floats (the tensor must be float32).
    public var floats: UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: storage.bytes.baseAddress?.assumingMemoryBound(to: Float.self),
                            count: storage.bytes.count / 4)
    }

    public var floatArray: [Float] { Array(floats) }
}
