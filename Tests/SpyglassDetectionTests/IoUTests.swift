import SpyglassDetection
import SpyglassImage
import TestSupport
import XCTest

final class IoUTests: XCTestCase {
    func testIdenticalBoxesHaveIoUOne() {
        let a = Box(left: 0, top: 0, right: 4, bottom: 2)
        XCTAssertEqual(a.iou(a), 1)
    }

    func testBoxesOverlappingInOneUnitSquareOfSevenHaveIoUOneSeventh() {
        // (0,0)-(2,2) and (1,1)-(3,3): intersection 1, union 4 + 4 − 1 = 7.
        let a = Box(left: 0, top: 0, right: 2, bottom: 2), b = Box(left: 1, top: 1, right: 3, bottom: 3)
        XCTAssertEqual(a.intersection(with: b), 1)
        XCTAssertEqual(a.union(with: b), 7)
        XCTAssertEqual(a.iou(b), 1.0 / 7, accuracy: 1e-7)
    }

    func testDisjointAndEdgeTouchingBoxesHaveIoUZero() {
        let a = Box(left: 0, top: 0, right: 2, bottom: 2)
        XCTAssertEqual(a.iou(Box(left: 5, top: 5, right: 6, bottom: 6)), 0)
        XCTAssertEqual(a.iou(Box(left: 2, top: 0, right: 4, bottom: 2)), 0)
    }

    func testContainedBoxHasIoUOfAreaRatio() {
        // 1×2 inside 4×2: 2 / 8.
        let outer = Box(x: 2, y: 1, w: 4, h: 2), inner = Box(x: 1, y: 1, w: 1, h: 2)
        XCTAssertEqual(outer.iou(inner), 0.25)
    }

    func testIoUEqualsLibdarknetBoxIoU() throws {
        if let reason = DarknetReference.unavailableReason() { throw XCTSkip(reason) }
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let a = Box(x: .random(in: 0...1, using: &rng), y: .random(in: 0...1, using: &rng),
                        w: .random(in: 0.01...0.6, using: &rng), h: .random(in: 0.01...0.6, using: &rng))
            let b = Box(x: .random(in: 0...1, using: &rng), y: .random(in: 0...1, using: &rng),
                        w: .random(in: 0.01...0.6, using: &rng), h: .random(in: 0.01...0.6, using: &rng))
            XCTAssertEqual(a.iou(b), try DarknetReference.boxIoU((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h)), "\(a) \(b)")
        }
    }

    func testRelativeAndPixelBoxesConvertBothWays() {
        let rel = Box(x: 0.5, y: 0.25, w: 0.1, h: 0.5)
        let px = rel.toPixels(imageWidth: 200, imageHeight: 100)
        XCTAssertEqual(px, Box(x: 100, y: 25, w: 20, h: 50))
        XCTAssertEqual(px.corners.left, 90); XCTAssertEqual(px.corners.bottom, 50)
        let back = px.toRelative(imageWidth: 200, imageHeight: 100)
        for (got, want) in zip([back.x, back.y, back.w, back.h], [rel.x, rel.y, rel.w, rel.h]) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        XCTAssertEqual(Box(left: -5, top: 10, right: 300, bottom: 90).clipped(width: 200, height: 100),
                       Box(left: 0, top: 10, right: 200, bottom: 90))
    }

    func testLetterboxTransformMapsBoxesToTheOriginalImage() {
        let (_, t) = preprocess(Image(width: 768, height: 576), width: 416, height: 416, mode: .darknetLetterbox)
        // Network box (104, 104)-(312, 260) → original ((104)·768/416, (104−52)·576/312) …
        let box = t.toOriginal(Box(left: 104, top: 104, right: 312, bottom: 260))
        XCTAssertEqual(box.left, 192, accuracy: 1e-3); XCTAssertEqual(box.top, 96, accuracy: 1e-3)
        XCTAssertEqual(box.right, 576, accuracy: 1e-3); XCTAssertEqual(box.bottom, 384, accuracy: 1e-3)
    }
}
