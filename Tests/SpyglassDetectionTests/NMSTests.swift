import SpyglassDetection
import XCTest

final class NMSTests: XCTestCase {
    private func det(_ l: Float, _ t: Float, _ r: Float, _ b: Float, _ score: Float, cls: Int = 0) -> Detection {
        Detection(classIndex: cls, className: "c\(cls)", score: score, box: Box(left: l, top: t, right: r, bottom: b))
    }

    /// The survey's NMS recipe: discard boxes with confidence ≤ 0.6, take the most confident, discard
    /// any remaining box with IoU ≥ 0.5 with it, repeat. Numbers worked by hand:
    /// A–B IoU = 38²/(2·40² − 38²) = 1444/1756 ≈ 0.82 → B goes; A–C IoU = 800/2400 = 1/3 → C stays;
    /// C–F IoU = 800/1600 = 0.5 exactly → F goes (≥); D has exactly 0.6 → discarded; E is alone.
    func testSurveyRecipeDiscardsLowConfidenceAndSuppressesIoUAtLeastHalf() {
        let a = det(10, 10, 50, 50, 0.9), b = det(12, 12, 52, 52, 0.8), c = det(30, 10, 70, 50, 0.75)
        let f = det(30, 10, 70, 30, 0.7), e = det(102, 100, 142, 140, 0.65), d = det(100, 100, 140, 140, 0.6)
        let kept = suppress([d, f, b, e, c, a], method: .perClass, scoreThreshold: 0.6, iouThreshold: 0.5)
        XCTAssertEqual(kept, [a, c, e])
    }

    func testDarknetStyleKeepsABoxWhoseIoUIsExactlyTheThreshold() {
        let c = det(30, 10, 70, 50, 0.75), f = det(30, 10, 70, 30, 0.7)
        XCTAssertEqual(suppress([c, f], method: .darknet, scoreThreshold: 0.6, iouThreshold: 0.5), [c, f])
        XCTAssertEqual(suppress([c, f], method: .perClass, scoreThreshold: 0.6, iouThreshold: 0.5), [c])
    }

    func testPerClassNMSKeepsOverlappingBoxesOfDifferentClasses() {
        let dogBox = det(0, 0, 10, 10, 0.9, cls: 16), catBox = det(1, 0, 11, 10, 0.8, cls: 15)
        XCTAssertEqual(suppress([dogBox, catBox], method: .perClass, scoreThreshold: 0.5, iouThreshold: 0.5), [dogBox, catBox])
        XCTAssertEqual(suppress([dogBox, catBox], method: .agnostic, scoreThreshold: 0.5, iouThreshold: 0.5), [dogBox])
    }

    /// Soft-NMS, A (0,0)-(10,10) 0.9, B (0,5)-(10,15) 0.8, C far away 0.7; IoU(A, B) = 50/150 = 1/3.
    /// Linear (Nt = 0.3): B → 0.8·(1 − 1/3) = 0.5333; Gaussian σ = 0.5: B → 0.8·e^(−(1/9)/0.5) = 0.64059.
    func testSoftNMSDecaysOverlappingScoresInsteadOfRemovingThem() throws {
        let a = det(0, 0, 10, 10, 0.9), b = det(0, 5, 10, 15, 0.8), c = det(50, 50, 60, 60, 0.7)
        let linear = suppress([a, b, c], method: .softLinear, scoreThreshold: 0.1, iouThreshold: 0.3)
        XCTAssertEqual(linear.map(\.score)[0...1], [0.9, 0.7], "\(linear)")
        XCTAssertEqual(linear.map(\.score)[2], 0.8 * (1 - 1.0 / 3), accuracy: 1e-6)
        XCTAssertEqual(linear.last?.box, b.box)
        let gaussian = suppress([a, b, c], method: .softGaussian(sigma: 0.5), scoreThreshold: 0.1, iouThreshold: 0.3)
        XCTAssertEqual(gaussian.map(\.score)[0], 0.9)
        XCTAssertEqual(gaussian.map(\.score)[1], 0.7)
        XCTAssertEqual(gaussian.map(\.score)[2], 0.64059, accuracy: 1e-5)
        // Linear decay leaves boxes below the IoU threshold alone; a score threshold of 0.55 removes B.
        XCTAssertEqual(suppress([a, b, c], method: .softLinear, scoreThreshold: 0.1, iouThreshold: 0.4).map(\.score), [0.9, 0.8, 0.7])
        XCTAssertEqual(suppress([a, b, c], method: .softLinear, scoreThreshold: 0.55, iouThreshold: 0.3), [a, c])
    }

    func testSoftNMSOnRawCandidatesDecaysOnlyTheSameClass() {
        let a = RawDetection(box: Box(left: 0, top: 0, right: 10, bottom: 10), objectness: 1, probs: [0.9, 0])
        let b = RawDetection(box: Box(left: 0, top: 5, right: 10, bottom: 15), objectness: 1, probs: [0.8, 0.6])
        let out = NMSMethod.softLinear.apply([a, b], classes: 2, threshold: 0.3)
        XCTAssertEqual(out[1].probs[0], 0.8 * (1 - Float(1) / 3), accuracy: 1e-6)
        XCTAssertEqual(out[1].probs[1], 0.6)
    }

    func testMethodsParseFromTheirCommandLineSpelling() throws {
        XCTAssertEqual(try NMSMethod(parsing: "darknet"), .darknet)
        XCTAssertEqual(try NMSMethod(parsing: "class"), .perClass)
        XCTAssertEqual(try NMSMethod(parsing: "agnostic"), .agnostic)
        XCTAssertEqual(try NMSMethod(parsing: "soft"), .softLinear)
        XCTAssertEqual(try NMSMethod(parsing: "soft-gaussian"), .softGaussian(sigma: 0.5))
        XCTAssertEqual(try NMSMethod(parsing: "soft-gaussian:0.25"), .softGaussian(sigma: 0.25))
        XCTAssertEqual(try NMSMethod(parsing: NMSMethod.softGaussian(sigma: 0.75).description), .softGaussian(sigma: 0.75))
        XCTAssertThrowsError(try NMSMethod(parsing: "fast"))
        XCTAssertThrowsError(try NMSMethod(parsing: "soft-gaussian:-1")) { XCTAssertTrue("\($0)".contains("sigma")) }
        XCTAssertThrowsError(try NMSMethod(parsing: "soft-gaussian:x"))
    }

    func testEnumerationListsEveryClassAboveThresholdInPixels() {
        let raw = [RawDetection(box: Box(x: 0.5, y: 0.5, w: 0.2, h: 0.4), objectness: 0.9, probs: [0.3, 0.7, 0.6]),
                   RawDetection(box: Box(x: 0.1, y: 0.1, w: 0.1, h: 0.1), objectness: 0.9, probs: [0.55, 0.5, 0])]
        let dets = enumerateDetections(raw, threshold: 0.5, imageWidth: 100, imageHeight: 50, classNames: ["a", "b"])
        XCTAssertEqual(dets.map(\.classIndex), [1, 2, 0])
        XCTAssertEqual(dets.map(\.className), ["b", "class 2", "a"])
        XCTAssertEqual(dets[0].box, Box(x: 50, y: 25, w: 20, h: 20))
    }
}
