import Foundation

/// Owns every C allocation made while building protobuf-c structs for packing; frees them all at once.
final class CArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit { for b in blocks { free(b) } }

    /// Zeroed memory for `count` values of T (at least one byte, so the pointer is never NULL).
    func allocate<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count * MemoryLayout<T>.stride)
        guard let raw = calloc(1, bytes) else { fatalError("out of memory allocating \(bytes) bytes for ONNX serialisation") }
        blocks.append(raw)
        return raw.assumingMemoryBound(to: T.self)
    }

    func cString(_ s: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(s.utf8CString)
        let p = allocate(CChar.self, count: utf8.count)
        for (i, c) in utf8.enumerated() { p[i] = c }
        return p
    }

    /// A C string, or NULL for an empty Swift string (so optional fields stay absent).
    func optionalString(_ s: String) -> UnsafeMutablePointer<CChar>? { s.isEmpty ? nil : cString(s) }

    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let p = allocate(T.self, count: values.count)
        for (i, v) in values.enumerated() { (p + i).initialize(to: v) }
        return p
    }

    func bytes(_ data: Data) -> UnsafeMutablePointer<UInt8>? {
        guard !data.isEmpty else { return nil }
        let p = allocate(UInt8.self, count: data.count)
        data.copyBytes(to: p, count: data.count)
        return p
    }
}
