import SpyglassImage
import TestSupport
import XCTest

final class PreprocessTests: XCTestCase {
    /// Measured: bit-identical to libdarknet's letterbox_image for all 7 samples at 416 and 608
    /// (max |Δ| = 0), so the test demands exact equality.
    func testDarknetLetterboxEqualsLibdarknetOnAllSamples() throws {
        if let reason = DarknetReference.unavailableReason() { throw XCTSkip(reason) }
        var worst: Float = 0
        for name in ImageDecodingTests.sampleNames {
            let path = Fixtures.image("\(name).jpg").path
            let image = try ImageIO.load(path: path)
            for size in [416, 608] {
                let (ours, transform) = preprocess(image, width: size, height: size, mode: .darknetLetterbox)
                let ref = try DarknetReference.letterbox(image: path, width: size, height: size)
                XCTAssertEqual(ours.width, size)
                XCTAssertEqual(transform.networkWidth, size)
                let diff = zip(ours.data, ref).map { abs($0 - $1) }.max() ?? .infinity
                worst = max(worst, diff)
                XCTAssertEqual(diff, 0, "\(name) at \(size): max |Δ| = \(diff)")
            }
        }
        print("darknet letterbox vs libdarknet: max |Δ| = \(worst)")
    }

    func testDarknetLetterboxOfDogSizeUsesDarknetIntegerArithmetic() {
        // 768×576 into 416×416: 416/768 < 416/576, so new_w = 416, new_h = 576*416/768 = 312, dy = 52.
        let (out, t) = preprocess(Image(width: 768, height: 576, fill: 1), width: 416, height: 416, mode: .darknetLetterbox)
        XCTAssertEqual([t.scaledWidth, t.scaledHeight, t.offsetX, t.offsetY], [416, 312, 0, 52])
        XCTAssertEqual(out.pixel(0, 51, 0), 0.5)
        XCTAssertEqual(out.pixel(0, 52, 0), 1)
        XCTAssertEqual(out.pixel(415, 363, 2), 1)
        XCTAssertEqual(out.pixel(415, 364, 2), 0.5)
    }

    func testDarknetResizeIsCornerAlignedTwoPassBilinear() {
        // 2×2 [[0, 1], [1, 0]] → 3×3; scales (2-1)/(3-1) = 0.5 in both directions.
        let image = Image(width: 2, height: 2, channels: 1, data: [0, 1, 1, 0])
        let out = darknetResize(image, width: 3, height: 3)
        XCTAssertEqual(out.data, [0, 0.5, 1,
                                  0.5, 0.5, 0.5,
                                  1, 0.5, 0])
    }

    func testStretchResizesToTheNetworkSizeWithoutPadding() {
        let ramp = Image(width: 3, height: 1, channels: 1, data: [0, 0.5, 1])
        let (out, t) = preprocess(ramp, width: 5, height: 1, mode: .stretch)
        XCTAssertEqual(out.data, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual([t.scaledWidth, t.scaledHeight, t.offsetX, t.offsetY], [5, 1, 0, 0])
    }

    func testUltralyticsLetterboxUsesHalfPixelBilinearAndGreyPadding() {
        // 4×2 ramp → 8×8: r = min(8/2, 8/4) = 2, unpadded 8×4, dh = 2 → top = round(1.9) = 2.
        let row: [Float] = [0, 0.2, 0.4, 0.6]
        let image = Image(width: 4, height: 2, channels: 1, data: row + row)
        let (out, t) = preprocess(image, width: 8, height: 8, mode: .ultralyticsLetterbox)
        XCTAssertEqual([t.scaledWidth, t.scaledHeight, t.offsetX, t.offsetY], [8, 4, 0, 2])
        let grey = Float(114.0 / 255.0)
        XCTAssertEqual(Array(out.data[8..<16]), [Float](repeating: grey, count: 8))  // row 1: padding
        // Source x = (i + 0.5) / 2 - 0.5, clamped at the edges.
        let expected: [Float] = [0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.6]
        for (got, want) in zip(out.data[16..<24], expected) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        XCTAssertEqual(out.data[6 * 8], grey)  // row 6: padding again
    }

    func testUltralyticsLetterboxRoundsLikePython() {
        // 10×5 into 9×9: r = 0.9, height 5*0.9 = 4.5 → Python's round gives 4 (half to even);
        // dh = 5/2 = 2.5 → top = round(2.4) = 2 (bottom gets round(2.6) = 3).
        let (out, t) = preprocess(Image(width: 10, height: 5, channels: 1, fill: 1), width: 9, height: 9, mode: .ultralyticsLetterbox)
        XCTAssertEqual([t.scaledWidth, t.scaledHeight, t.offsetX, t.offsetY], [9, 4, 0, 2])
        XCTAssertEqual(out.pixel(0, 1, 0), Float(114.0 / 255.0))
        XCTAssertEqual(out.pixel(0, 2, 0), 1)
        XCTAssertEqual(out.pixel(0, 5, 0), 1)
        XCTAssertEqual(out.pixel(0, 6, 0), Float(114.0 / 255.0))
    }

    func testTransformMapsNetworkBoxesBackToTheOriginalImage() {
        let (_, t) = preprocess(Image(width: 768, height: 576), width: 416, height: 416, mode: .darknetLetterbox)
        let box = t.toOriginal(left: 0, top: 52, right: 416, bottom: 364)
        XCTAssertEqual(box.left, 0); XCTAssertEqual(box.top, 0)
        XCTAssertEqual(box.right, 768); XCTAssertEqual(box.bottom, 576)
        let mid = t.toOriginal(x: 208, y: 208)
        XCTAssertEqual(mid.x, 384); XCTAssertEqual(mid.y, 288)
    }

    func testDarknetTransformUsesHalfPixelPaddingLikeCorrectYoloBoxes() {
        // 10×7 into 8×8: new 8×5, embedded at y = (8-5)/2 = 1, but darknet maps back with 1.5.
        let (_, t) = preprocess(Image(width: 10, height: 7), width: 8, height: 8, mode: .darknetLetterbox)
        XCTAssertEqual(t.offsetY, 1)
        XCTAssertEqual(t.mappingPad.y, 1.5)
        XCTAssertEqual(t.toOriginal(x: 0, y: 6.5).y, 7)
    }
}
