import Foundation

/// Builds .weights bytes by hand for tests: a header, then float32 values, all little-endian.
struct WeightsFile {
    var data = Data()

    init(major: Int32 = 0, minor: Int32 = 2, revision: Int32 = 0, seen: UInt64 = 0, seen64: Bool = true) {
        append(major); append(minor); append(revision)
        if seen64 { append(seen) } else { append(UInt32(seen)) }
    }

    mutating func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func floats(_ values: [Float]) { values.withUnsafeBytes { data.append(contentsOf: $0) } }
    mutating func floats(_ range: ClosedRange<Int>) { floats(range.map(Float.init)) }
}
