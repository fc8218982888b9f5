import Foundation
import SpyglassRuntime

/// NumPy `.npy` files (format 1.0–3.0), the array format Python users hold. Spyglass reads
/// little-endian float32/float64 (converted to float32) in C order and writes float32.
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
        let elementSize: Int
        switch descrValue {
        case "<f4", "=f4", "|f4": elementSize = 4
        case "<f8", "=f8": elementSize = 8
        default: throw fail("dtype \(descrValue) not supported (use float32)")
        }
        guard b.count - body == count * elementSize else {
            throw fail("data is \(b.count - body) bytes, shape \(shape) of \(descrValue) needs \(count * elementSize)")
        }
        var values = [Float](repeating: 0, count: count)
        b.withUnsafeBytes { raw in
            let p = raw.baseAddress!.advanced(by: body)
            if elementSize == 4 {
                values.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: p, count: count * 4)) }
            } else {
                for i in 0..<count { values[i] = Float(p.loadUnaligned(fromByteOffset: i * 8, as: Double.self)) }
            }
        }
        return Tensor(shape: shape, data: values)
    }

    public static func encode(_ t: Tensor) -> Data {
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let n = header.utf8.count
        out.append(contentsOf: [UInt8(n & 0xff), UInt8(n >> 8)])
        out.append(contentsOf: Array(header.utf8))
        t.data.withUnsafeBytes { out.append(contentsOf: $0) }
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
