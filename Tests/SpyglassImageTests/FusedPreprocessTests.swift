import SpyglassImage
import TestSupport
import XCTest

/// `preprocess` (one C pass: bytes → float, interleaved → planar, resize, padding) against
/// `referencePreprocess` (the Swift resizes and embed), which it must equal bit for bit.
final class FusedPreprocessTests: XCTestCase {
    /// Square, odd and tall network sizes; the dog also up-scaled (the Swift reference is slow in debug builds).
    private func sizes(_ name: String) -> [(Int, Int)] { [(416, 416), (417, 333), (64, 480)] + (name == "dog" ? [(1000, 900)] : []) }

    func testPreprocessFromBytesEqualsReferenceBitForBitOnEverySample() throws {
        var compared = 0
        for name in ImageDecodingTests.sampleNames {
            let path = Fixtures.image("\(name).jpg").path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let packed = try ImageIO.loadPacked(path: path)
            let image = packed.image
            XCTAssertEqual(image, try ImageIO.load(path: path))
            for mode in ResizeMode.allCases {
                for (w, h) in sizes(name) {
                    let (want, wantTransform) = referencePreprocess(image, width: w, height: h, mode: mode)
                    let (fromBytes, t1) = preprocess(packed, width: w, height: h, mode: mode)
                    let (fromFloats, t2) = preprocess(image, width: w, height: h, mode: mode, split: Self.unevenSplit)
                    XCTAssertEqual(t1, wantTransform); XCTAssertEqual(t2, wantTransform)
                    XCTAssertTrue(fromBytes == want, "\(name) \(mode) \(w)x\(h) from bytes: \(Self.firstDifference(fromBytes, want))")
                    XCTAssertTrue(fromFloats == want, "\(name) \(mode) \(w)x\(h) from floats: \(Self.firstDifference(fromFloats, want))")
                    compared += 1
                }
            }
        }
        if compared == 0 { throw XCTSkip("Darknet sample images not found") }
    }

    func testPreprocessEqualsReferenceOnTinyOddAndExtremeImages() {
        var r = SeededRandom(seed: 7)
        let shapes: [(Int, Int, Int, Int)] = [(1, 1, 5, 4), (2, 1, 3, 7), (1, 9, 4, 4), (3, 2, 1, 1), (7, 5, 7, 5), (5, 3, 13, 11),
                                              (300, 2, 16, 16), (2, 300, 16, 16), (9, 9, 2, 3)]
        for (w, h, netW, netH) in shapes {
            let bytes = (0..<(3 * w * h)).map { _ in UInt8(r.int(0...255)) }
            let packed = PackedImage(width: w, height: h, rgb: bytes)
            for mode in ResizeMode.allCases {
                let (want, wantTransform) = referencePreprocess(packed.image, width: netW, height: netH, mode: mode)
                let (got, transform) = preprocess(packed, width: netW, height: netH, mode: mode, split: Self.unevenSplit)
                XCTAssertEqual(transform, wantTransform, "\(w)x\(h) → \(netW)x\(netH) \(mode)")
                XCTAssertTrue(got == want, "\(w)x\(h) → \(netW)x\(netH) \(mode): \(Self.firstDifference(got, want))")
            }
        }
    }

    func testPreprocessOfOneChannelFloatImageEqualsReference() {
        var r = SeededRandom(seed: 8)
        let image = Image(width: 11, height: 6, channels: 1, data: (0..<66).map { _ in r.float(-1...2) })
        for mode in ResizeMode.allCases {
            XCTAssertEqual(preprocess(image, width: 8, height: 9, mode: mode).0, referencePreprocess(image, width: 8, height: 9, mode: mode).0)
        }
    }

    /// Rows in ranges of 1, 2, 3, … (as a thread pool might hand them out, in any order).
    static let unevenSplit: RowSplitter = { count, body in
        var ranges: [Range<Int>] = [], start = 0, step = 1
        while start < count { ranges.append(start..<min(count, start + step)); start += step; step += 1 }
        for range in ranges.reversed() { body(range) }
    }

    static func firstDifference(_ a: Image, _ b: Image) -> String {
        guard a.data.count == b.data.count else { return "\(a.data.count) vs \(b.data.count) values" }
        guard let i = a.data.indices.first(where: { a.data[$0].bitPattern != b.data[$0].bitPattern }) else { return "none" }
        return "index \(i): \(a.data[i]) vs \(b.data[i])"
    }
}
