import Foundation
import SpyglassIR
import SpyglassRuntime

/// NumPy `.npy` files (format 1.0–3.0), the array format Python users hold. Spyglass reads
/// little-endian float32/float64 (converted to float32), int64, int32, uint8 and bool arrays in C
/// order, and writes each tensor in its own element type.
public enum NPY {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    public static func read(_ path: String) throws -> Tensor {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try decode([UInt8](data), name: path)
    }

    public static func decode(_ b: [UInt8], name: String) throws -> Tensor {
        func fail(_ r: String) -> Error { Error(file: name, reason: r) }
        guard b.count >= 10, b[0] == 0x93, Array(b[1..<6]) == Array("NUMPY".utf8) else { throw fail("not a .npy file (bad magic)") }
        let major = b[6]
        let headerLen: Int, start: Int
        switch major {
        case 1: headerLen = Int(b[8]) | Int(b[9]) << 8; start = 10
        case 2, 3:
            guard b.count >= 12 else { throw fail("truncated header") }
            headerLen = Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24; start = 12
        default: throw fail("unsupported .npy version \(major)")
        }
        guard start + headerLen <= b.count, let header = String(bytes: b[start..<(start + headerLen)], encoding: .utf8) else {
            throw fail("header runs past the end of the file")
        }
        guard let descr = field("descr", in: header) else { throw fail("header has no 'descr'") }
        let descrValue = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
        if let order = field("fortran_order", in: header), order.hasPrefix("True") { throw fail("Fortran-ordered arrays are not supported; save with np.ascontiguousarray") }
        guard let shapeText = shapeField(in: header) else { throw fail("header has no 'shape'") }
        let shape = try shapeText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { s -> Int in
            guard let v = Int(s), v >= 0 else { throw fail("bad shape entry '\(s)'") }
            return v
        }
        let count = shape.reduce(1, *)
        let body = start + headerLen
        guard let kind = ElementKind(descr: descrValue) else {
            throw fail("dtype \(descrValue) not supported (use float32, float64, int64, int32, uint8 or bool)")
        }
        guard b.count - body == count * kind.size else {
            throw fail("data is \(b.count - body) bytes, shape \(shape) of \(descrValue) needs \(count * kind.size)")
        }
        return b.withUnsafeBytes { raw -> Tensor in
            let p = UnsafeRawBufferPointer(rebasing: raw[body...])
            switch kind {
            case .float32: return Tensor(shape: shape, data: (0..<count).map { p.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) })
            case .float64: return Tensor(shape: shape, data: (0..<count).map { Float(p.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self)) })
            case .int64: return Tensor(shape: shape, integers: (0..<count).map { p.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) }, dtype: .int64)
            case .int32: return Tensor(shape: shape, integers: (0..<count).map { Int64(p.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }, dtype: .int32)
            case .uint8: return Tensor(shape: shape, integers: (0..<count).map { Int64(p[$0]) }, dtype: .uint8)
            case .bool: return Tensor(shape: shape, integers: (0..<count).map { Int64(p[$0] != 0 ? 1 : 0) }, dtype: .bool)
            }
        }
    }

    /// The element types .npy files may hold here, by their numpy descr.
    enum ElementKind {
        case float32, float64, int64, int32, uint8, bool

        init?(descr: String) {
            switch descr {
            case "<f4", "=f4", "|f4": self = .float32
            case "<f8", "=f8": self = .float64
            case "<i8", "=i8": self = .int64
            case "<i4", "=i4": self = .int32
            case "|u1", "<u1", "=u1": self = .uint8
            case "|b1", "<b1", "=b1": self = .bool
            default: return nil
            }
        }

        var size: Int {
            switch self {
            case .float64, .int64: return 8
            case .float32, .int32: return 4
            case .uint8, .bool: return 1
            }
        }
    }

    public static func encode(_ t: Tensor) -> Data {
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        let descr: String
        switch t.dtype {
        case .float32: descr = "<f4"
        case .int64: descr = "<i8"
        case .int32: descr = "<i4"
        case .uint8: descr = "|u1"
        case .bool: descr = "|b1"
        }
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let n = header.utf8.count
        out.append(contentsOf: [UInt8(n & 0xff), UInt8(n >> 8)])
        out.append(contentsOf: Array(header.utf8))
        switch t.dtype {
        case .float32: t.data.withUnsafeBytes { out.append(contentsOf: $0) }
        case .int64: t.integers.withUnsafeBytes { out.append(contentsOf: $0) }
        case .int32: t.integers.map { Int32(truncatingIfNeeded: $0) }.withUnsafeBytes { out.append(contentsOf: $0) }
        case .uint8, .bool: out.append(contentsOf: t.integers.map { UInt8(truncatingIfNeeded: $0) })
        }
        return out
    }

    public static func write(_ t: Tensor, to path: String) throws {
        try encode(t).write(to: URL(fileURLWithPath: path))
    }

    private static func field(_ key: String, in header: String) -> String? {
        guard let r = header.range(of: "'\(key)':") else { return nil }
        let rest = header[r.upperBound...]
        let end = rest.firstIndex(of: ",") ?? rest.endIndex
        return String(rest[..<end]).trimmingCharacters(in: .whitespaces)
    }

    private static func shapeField(in header: String) -> String? {
        guard let r = header.range(of: "'shape':"), let open = header[r.upperBound...].firstIndex(of: "("),
              let close = header[open...].firstIndex(of: ")") else { return nil }
        return String(header[header.index(after: open)..<close])
    }
}
