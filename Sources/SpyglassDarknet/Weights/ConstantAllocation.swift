import SpyglassIR

/// Float constants written straight into 64-byte-aligned storage, without an intermediate array.
enum ConstantAllocation {
    private final class Owner {
        let pointer: UnsafeMutableRawPointer
        init(_ p: UnsafeMutableRawPointer) { pointer = p }
        deinit { pointer.deallocate() }
    }

    /// A float32 tensor of `shape` whose values `fill` writes.
    static func make(shape: [Int], _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> ConstantTensor {
        let count = shape.reduce(1, *)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count * 4, 1), alignment: 64)
        let floats = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        let buffer = UnsafeMutableBufferPointer(start: floats, count: count)
        fill(buffer)
        let storage = TensorStorage(bytes: UnsafeRawBufferPointer(start: raw, count: count * 4), owner: Owner(raw))
        return ConstantTensor(type: .float32(shape), storage: storage)
    }

    static func filled(_ value: Float, shape: [Int]) -> ConstantTensor {
        make(shape: shape) { $0.initialize(repeating: value) }
    }
}
