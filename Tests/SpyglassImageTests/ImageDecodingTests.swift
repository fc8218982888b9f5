import Foundation
import SpyglassImage
import TestSupport
import XCTest

final class ImageDecodingTests: XCTestCase {
    static let sampleNames = ["dog", "eagle", "giraffe", "horses", "kite", "person", "scream"]

    /// Darknet (Debian's build uses OpenCV's imread, which decodes with libjpeg-turbo too) gives
    /// byte/255 per channel. Measured: identical bytes for all seven samples (max |Δ| = 0), so
    /// the tolerance is exact equality.
    func testDecodedSampleJPEGsEqualDarknetLoadImageColor() throws {
        if let reason = DarknetReference.unavailableReason() { throw XCTSkip(reason) }
        var worst: Float = 0
        for name in Self.sampleNames {
            let path = Fixtures.image("\(name).jpg").path
            let ours = try ImageIO.load(path: path)
            let ref = try DarknetReference.loadImage(path)
            XCTAssertEqual(ours.width, ref.width, name)
            XCTAssertEqual(ours.height, ref.height, name)
            XCTAssertEqual(ours.channels, 3, name)
            guard ours.data.count == ref.data.count else { XCTFail("\(name): size differs"); continue }
            let diff = zip(ours.data, ref.data).map { abs($0 - $1) }.max() ?? 0
            worst = max(worst, diff)
            XCTAssertEqual(diff, 0, "\(name).jpg differs from darknet's load_image_color by up to \(diff)")
        }
        print("decode vs darknet load_image_color: max |Δ| = \(worst) over \(Self.sampleNames.count) images")
    }

    func testPixelValuesAreBytesOver255InPlanarRGBOrder() throws {
        // 2×1 RGB: red then (10, 20, 30).
        let bytes = PNGBytes.png(width: 2, height: 1, bitDepth: 8, colorType: 2, rows: [[255, 0, 0, 10, 20, 30]])
        let image = try ImageIO.decode(bytes, name: "rgb.png")
        XCTAssertEqual(image.data, [1, Float(10.0 / 255), 0, Float(20.0 / 255), 0, Float(30.0 / 255)])
    }

    func testGrayPNGExpandsToThreeEqualChannels() throws {
        let bytes = PNGBytes.png(width: 2, height: 1, bitDepth: 8, colorType: 0, rows: [[0, 51]])
        let image = try ImageIO.decode(bytes, name: "gray.png")
        XCTAssertEqual(image.data, [0, 0.2, 0, 0.2, 0, 0.2])
    }

    func testOneBitGrayPNGExpandsToBlackAndWhite() throws {
        // 8 pixels in one byte 0b1010_0000 → white, black, white, then black.
        let bytes = PNGBytes.png(width: 8, height: 1, bitDepth: 1, colorType: 0, rows: [[0b1010_0000]])
        let image = try ImageIO.decode(bytes, name: "bits.png")
        XCTAssertEqual(Array(image.data[0..<8]), [1, 0, 1, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(image.data[16..<24]), [1, 0, 1, 0, 0, 0, 0, 0])
    }

    func testPalettePNGLooksUpColours() throws {
        let palette = PNGBytes.chunk("PLTE", [255, 0, 0, 0, 0, 255])
        let bytes = PNGBytes.png(width: 2, height: 1, bitDepth: 8, colorType: 3, rows: [[1, 0]], extraChunks: [palette])
        let image = try ImageIO.decode(bytes, name: "palette.png")
        XCTAssertEqual(image.data, [0, 1, 0, 0, 1, 0])  // R plane, G plane, B plane
    }

    func testSixteenBitRGBAPNGKeepsHighBytesAndDropsAlpha() throws {
        // One pixel: R=0x12FF, G=0x8000, B=0xFF00, A=0x0000.
        let bytes = PNGBytes.png(width: 1, height: 1, bitDepth: 16, colorType: 6,
                                 rows: [[0x12, 0xFF, 0x80, 0x00, 0xFF, 0x00, 0x00, 0x00]])
        let image = try ImageIO.decode(bytes, name: "rgba16.png")
        XCTAssertEqual(image.data, [Float(Double(0x12) / 255), Float(Double(0x80) / 255), 1])
    }

    func testWrittenPNGReadsBackExactly() throws {
        var rng = SystemRandomNumberGenerator()
        let data = (0..<(3 * 7 * 5)).map { _ in Float(Double(UInt8.random(in: 0...255, using: &rng)) / 255) }
        let image = Image(width: 7, height: 5, data: data)
        let dir = try Fixtures.temporaryDirectory("image-io")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.png").path
        try ImageIO.writePNG(image, to: path)
        XCTAssertEqual(try ImageIO.load(path: path), image)
    }
}
