import SpyglassDetection
import XCTest

final class AnchorTests: XCTestCase {
    /// Faster R-CNN's nine anchors: scales 128, 256, 512 × ratios (h/w) 1, 1/2, 2; w = s/√r, h = s·√r,
    /// so for 128: 128×128, 128√2 × 128/√2 = 181.019×90.510, and 90.510×181.019.
    func testNineFasterRCNNAnchorsHaveTheExpectedSizes() {
        let anchors = fasterRCNNAnchors()
        let expected: [(Float, Float)] = [
            (128, 128), (181.01934, 90.50967), (90.50967, 181.01934),
            (256, 256), (362.03867, 181.01934), (181.01934, 362.03867),
            (512, 512), (724.07734, 362.03867), (362.03867, 724.07734),
        ]
        XCTAssertEqual(anchors.count, 9)
        for (a, e) in zip(anchors, expected) {
            XCTAssertEqual(a.w, e.0, accuracy: 1e-3)
            XCTAssertEqual(a.h, e.1, accuracy: 1e-3)
        }
    }

    func testAnchorGridCentresAnchorsOnEveryCell() {
        let boxes = anchorGrid([(w: 4, h: 8)], featureWidth: 2, featureHeight: 3, stride: 16)
        XCTAssertEqual(boxes.count, 6)
        XCTAssertEqual(boxes[0], Box(x: 8, y: 8, w: 4, h: 8))
        XCTAssertEqual(boxes[5], Box(x: 24, y: 40, w: 4, h: 8))
    }

    func testSizeIoUAlignsBoxesAtACorner() {
        // 2×4 vs 4×2: intersection 2×2 = 4, union 8 + 8 − 4 = 12.
        XCTAssertEqual(AnchorKMeans.sizeIoU((2, 4), (4, 2)), 1.0 / 3, accuracy: 1e-7)
        XCTAssertEqual(AnchorKMeans.sizeIoU((3, 3), (3, 3)), 1)
    }

    func testKMeansRecoversSyntheticClusterCentres() {
        let centres: [(w: Float, h: Float)] = [(10, 13), (30, 61), (116, 90)]
        var rng = SeededGenerator(seed: 1)
        var sizes: [(w: Float, h: Float)] = []
        for c in centres {
            for _ in 0..<100 {
                sizes.append((c.w * .random(in: 0.95...1.05, using: &rng), c.h * .random(in: 0.95...1.05, using: &rng)))
            }
        }
        sizes.shuffle(using: &rng)
        let fit = AnchorKMeans.fit(sizes: sizes, k: 3, seed: 123, iterations: 100)
        XCTAssertEqual(fit.anchors.count, 3)
        for (a, c) in zip(fit.anchors, centres) {  // both sorted by area
            XCTAssertEqual(a.w, c.w, accuracy: c.w * 0.02)
            XCTAssertEqual(a.h, c.h, accuracy: c.h * 0.02)
        }
        XCTAssertGreaterThan(fit.meanIoU, 0.9)
        let again = AnchorKMeans.fit(sizes: sizes, k: 3, seed: 123, iterations: 100)
        XCTAssertEqual(again.anchors.map(\.w), fit.anchors.map(\.w))
    }

    func testKMeansOnDegenerateInputDoesNotCrash() {
        XCTAssertTrue(AnchorKMeans.fit(sizes: [], k: 3, seed: 1, iterations: 10).anchors.isEmpty)
        XCTAssertTrue(AnchorKMeans.fit(sizes: [(1, 1)], k: 0, seed: 1, iterations: 10).anchors.isEmpty)
        let same = AnchorKMeans.fit(sizes: [(5, 5), (5, 5), (-1, .nan)], k: 2, seed: 1, iterations: 10)
        XCTAssertEqual(same.anchors.count, 2)
        XCTAssertEqual(same.meanIoU, 1)
    }
}
