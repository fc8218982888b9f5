import Foundation

/// Bytes backing a constant tensor: an owned array or a region of a memory-mapped file.
/// The `owner` keeps whatever holds the memory alive (an array box or an mmap handle).
public final class TensorStorage: @unchecked Sendable {
    public let bytes: UnsafeRawBufferPointer
    private let owner: AnyObject?
    /// The bytes are a read-only mapping of a file (a `.spyglass` weight blob), so their pages can be
    /// dropped from the resident set and read back from the file on the next touch.
    public let isFileMapping: Bool

    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject?, isFileMapping: Bool = false) {
        self.bytes = bytes
        self.owner = owner
        self.isFileMapping = isFileMapping
    }

    /// For a file mapping: gives back the resident pages lying wholly inside these bytes (e.g. raw
    /// weights read once to pack them at plan time). The values stay readable. Otherwise a no-op.
    public func releaseResidentPages() {
        guard isFileMapping, let base = bytes.baseAddress else { return }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = (UInt(bitPattern: base) + page - 1) / page * page
        let end = (UInt(bitPattern: base) + UInt(bytes.count)) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, Int(end - start), MADV_DONTNEED)
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
