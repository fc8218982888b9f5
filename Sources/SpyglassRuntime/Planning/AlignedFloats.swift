import CKernels

/// Plan-owned, 64-byte-aligned float memory (arena, workspace, prepacked weights, constant copies),
/// or a constant's own memory borrowed for as long as this object lives (weights used as they are
/// stored: no second copy).
public final class AlignedFloats {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    /// What keeps borrowed memory alive; nil when this object allocated (and frees) it.
    private let owner: AnyObject?

    init(count: Int) {
        self.count = count
        owner = nil
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    convenience init(copying values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { pointer.update(from: base, count: values.count) }
        }
    }

    /// Borrows `count` floats at `pointer`, kept valid by `owner`. Kernels only read weights.
    init(borrowing pointer: UnsafePointer<Float>, count: Int, owner: AnyObject) {
        self.pointer = UnsafeMutablePointer(mutating: pointer)
        self.count = count
        self.owner = owner
    }

    deinit { if owner == nil { UnsafeMutableRawPointer(pointer).deallocate() } }

    /// For borrowed memory that a kernel has copied (e.g. weights packed at plan time): lets the OS
    /// reclaim its resident pages, so a mapped file's weights do not stay in RSS beside their copy.
    /// Harmless if they are read again (they come back from the file).
    func releaseBorrowedPages() {
        if owner != nil { sg_release_pages(pointer, count * MemoryLayout<Float>.stride) }
    }

    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
