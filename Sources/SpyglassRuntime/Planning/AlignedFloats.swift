#if canImport(Glibc)
import Glibc
#endif

/// Plan-owned, 64-byte-aligned float memory (arena, workspace, prepacked weights, constant copies),
/// or a constant's own memory borrowed for as long as this object lives (weights used as they are
/// stored: no second copy).
///
/// Owned memory reads as zero. Large buffers come straight from anonymous `mmap`, whose pages the
/// kernel zeroes on first touch: planning does not fault in (and count in RSS) an arena or
/// workspace that a forward may only partly use, and nothing is zeroed twice.
public final class AlignedFloats {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    private enum Ownership {
        case allocated
        case mapped(bytes: Int)
        /// Borrowed memory, kept alive by the owner.
        case borrowed(AnyObject)
    }
    private let ownership: Ownership

    /// From this size on, memory is mapped lazily instead of allocated and zeroed.
    static let mappingThreshold = 64 * 1024

    init(count: Int) {
        self.count = count
        let bytes = max(count, 1) * 4
        if bytes >= Self.mappingThreshold,
           let base = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), base != MAP_FAILED {
            pointer = base.bindMemory(to: Float.self, capacity: max(count, 1))
            ownership = .mapped(bytes: bytes)
        } else {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            ownership = .allocated
        }
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
        ownership = .borrowed(owner)
    }

    deinit {
        switch ownership {
        case .allocated: UnsafeMutableRawPointer(pointer).deallocate()
        case .mapped(let bytes): munmap(UnsafeMutableRawPointer(pointer), bytes)
        case .borrowed: break
        }
    }

    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
