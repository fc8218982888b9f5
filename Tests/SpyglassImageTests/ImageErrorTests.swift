import Foundation
import SpyglassImage
import TestSupport
import XCTest

final class ImageErrorTests: XCTestCase {
    func testTextFileIsRejectedAsUnsupportedFormatNamingTheFile() throws {
        let bytes = Array("class cx cy w h\n".utf8)
        XCTAssertThrowsError(try ImageIO.decode(bytes, name: "labels.txt")) { error in
            guard case ImageError.unsupportedFormat(let file, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "labels.txt")
            XCTAssertTrue("\(error)".contains("not a JPEG or PNG"), "\(error)")
        }
    }

    func testGIFIsNamedInTheUnsupportedFormatError() {
        XCTAssertThrowsError(try ImageIO.decode(Array("GIF89a....".utf8), name: "a.gif")) { error in
            XCTAssertTrue("\(error)".contains("GIF"), "\(error)")
        }
    }

    func testTruncatedJPEGIsCorrupt() throws {
        let full = try [UInt8](Data(contentsOf: Fixtures.image("dog.jpg")))
        let cut = Array(full.prefix(full.count / 2))
        XCTAssertThrowsError(try ImageIO.decode(cut, name: "dog-cut.jpg")) { error in
            guard case ImageError.corrupt(let file, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "dog-cut.jpg")
            XCTAssertFalse(reason.isEmpty)
        }
    }

    func testJPEGCutInsideItsHeaderIsCorrupt() throws {
        let full = try [UInt8](Data(contentsOf: Fixtures.image("dog.jpg")))
        XCTAssertThrowsError(try ImageIO.decode(Array(full.prefix(40)), name: "head.jpg")) { error in
            guard case ImageError.corrupt = error else { return XCTFail("\(error)") }
        }
    }

    func testPNGWhoseHeaderClaims100000x100000IsTooLargeBeforeAllocating() {
        // Valid signature, IHDR with a correct CRC, a few bytes of IDAT, IEND.
        let bytes = PNGBytes.signature + PNGBytes.ihdr(width: 100_000, height: 100_000, bitDepth: 8, colorType: 2)
            + PNGBytes.chunk("IDAT", PNGBytes.zlibStored([0, 1, 2, 3])) + PNGBytes.chunk("IEND", [])
        XCTAssertThrowsError(try ImageIO.decode(bytes, name: "huge.png")) { error in
            XCTAssertEqual(error as? ImageError,
                           .tooLarge(file: "huge.png", width: 100_000, height: 100_000, limit: ImageIO.defaultMaxPixels))
        }
    }

    func testJPEGOverTheCallersPixelLimitIsRefused() throws {
        XCTAssertThrowsError(try ImageIO.load(path: Fixtures.image("dog.jpg").path, maxPixels: 1000)) { error in
            XCTAssertEqual(error as? ImageError,
                           .tooLarge(file: Fixtures.image("dog.jpg").path, width: 768, height: 576, limit: 1000))
        }
    }

    func testPNGWithBadChunkCRCIsCorrupt() {
        var bytes = PNGBytes.png(width: 1, height: 1, bitDepth: 8, colorType: 2, rows: [[1, 2, 3]])
        bytes[29] ^= 0xFF  // inside IHDR's CRC
        XCTAssertThrowsError(try ImageIO.decode(bytes, name: "crc.png")) { error in
            guard case ImageError.corrupt = error else { return XCTFail("\(error)") }
        }
    }

    func testPNGMissingImageDataIsCorrupt() {
        let full = PNGBytes.png(width: 4, height: 4, bitDepth: 8, colorType: 2, rows: Array(repeating: [UInt8](repeating: 9, count: 12), count: 4))
        XCTAssertThrowsError(try ImageIO.decode(Array(full.prefix(50)), name: "short.png")) { error in
            guard case ImageError.corrupt(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertFalse(reason.isEmpty)
        }
    }

    func testEmptyFileIsEmpty() throws {
        XCTAssertThrowsError(try ImageIO.decode([], name: "x.jpg")) { XCTAssertEqual($0 as? ImageError, .empty(file: "x.jpg")) }
    }

    func testMissingFileIsAnIOErrorNamingThePath() {
        XCTAssertThrowsError(try ImageIO.load(path: "/nonexistent/dir/a.jpg")) { error in
            guard case ImageError.io(let file, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "/nonexistent/dir/a.jpg")
        }
    }
}
