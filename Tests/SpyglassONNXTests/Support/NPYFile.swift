import Foundation

/// Minimal .npy (version 1.0) for float32 C-order arrays: what the tests exchange with Python.
enum NPYFile {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func write(_ values: [Float], shape: [Int], to url: URL) throws {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        try data.write(to: url)
    }

    static func read(_ url: URL) throws -> (shape: [Int], values: [Float]) {
        let data = try Data(contentsOf: url)
        guard data.count >= 10, data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)) else { throw Failure(description: "\(url.lastPathComponent) is not .npy") }
        let major = data[6]
        let headerLength: Int, start: Int
        if major == 1 {
            headerLength = Int(data[8]) | Int(data[9]) << 8; start = 10
        } else {
            headerLength = Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24; start = 12
        }
        let header = String(decoding: data[start..<(start + headerLength)], as: UTF8.self)
        guard header.contains("'<f4'"), header.contains("'fortran_order': False") else {
            throw Failure(description: "\(url.lastPathComponent): only little-endian float32 C-order arrays are supported (\(header))")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw Failure(description: "\(url.lastPathComponent): no shape in header")
        }
        let shape = header[open.upperBound..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = data[(start + headerLength)...]
        let count = shape.reduce(1, *)
        guard body.count == count * 4 else { throw Failure(description: "\(url.lastPathComponent): \(body.count) bytes for shape \(shape)") }
        let values = body.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
        return (shape, values)
    }
}
