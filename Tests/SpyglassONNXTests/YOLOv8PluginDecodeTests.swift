import XCTest
import SpyglassDetection
import SpyglassImage
@testable import YOLOv8Plugin

/// The YOLOv8 decode on a hand-made prediction tensor: 3 anchor points, 2 classes, a 640×480 image
/// letterboxed Ultralytics-style into 320×320 (gain 0.5, 40 px of padding on top).
final class YOLOv8PluginDecodeTests: XCTestCase {
    // Rows cx, cy, w, h, score0, score1; one column per anchor point.
    let rows: [[Float]] = [
        [160, 100, 10],
        [160, 100, 50],
        [64, 8, 40],
        [32, 8, 20],
        [0.9, 0.2, 0.3],
        [0.1, 0.25, 0.6],
    ]
    let transform = LetterboxTransform(mode: .ultralyticsLetterbox, originalWidth: 640, originalHeight: 480,
                                       networkWidth: 320, networkHeight: 320, scaledWidth: 320, scaledHeight: 240,
                                       offsetX: 0, offsetY: 40)

    func decode(attributesFirst: Bool) -> [RawDetection] {
        let data = attributesFirst ? rows.flatMap { $0 } : (0..<3).flatMap { i in rows.map { $0[i] } }
        let output = YOLOv8Output(name: "out", classes: 2, anchors: 3, attributesFirst: attributesFirst)
        return data.withUnsafeBufferPointer {
            YOLOv8Decoder.candidates($0, output: output, transform: transform, threshold: 0.25)
        }
    }

    func testCandidatesKeepTheirBestClassAboveThresholdWithUnclippedBoxesMappedThroughTheLetterbox() {
        let found = decode(attributesFirst: true)
        // Anchor 1's best score is 0.25, not above the threshold.
        XCTAssertEqual(found.count, 2)
        guard found.count == 2 else { return }
        XCTAssertEqual(found[0].probs, [0.9, 0])
        XCTAssertEqual(found[1].probs, [0, 0.6])
        XCTAssertEqual(found[0].objectness, 1)
        // Anchor 0: corners 128,144,192,176 in the input → minus (0,40), / 0.5 → 256,208,384,272 px.
        assertBox(found[0].box, left: 256, top: 208, right: 384, bottom: 272)
        // Anchor 2: corners -10,40,30,60 → -20,0,60,40 px, not clipped (Ultralytics clips after NMS).
        assertBox(found[1].box, left: -20, top: 0, right: 60, bottom: 40)
    }

    func testTransposedLayoutDecodesTheSame() {
        XCTAssertEqual(decode(attributesFirst: false), decode(attributesFirst: true))
    }

    func testAnchorCountsAreThePointsOfStrides8To32Or64() {
        // 320: 40² + 20² = 2000 (two scales), + 10² = 2100 (v8), + 5² = 2125 (P6).
        XCTAssertEqual(YOLOv8Output.anchorCounts(width: 320, height: 320), [2000, 2100, 2125])
        // 640: 6400 + 1600 + 400 = 8400, Ultralytics' yolov8n output [1, 84, 8400].
        XCTAssertTrue(YOLOv8Output.anchorCounts(width: 640, height: 640).contains(8400))
    }

    func assertBox(_ b: Box, left: Float, top: Float, right: Float, bottom: Float, line: UInt = #line) {
        let px = b.toPixels(imageWidth: 640, imageHeight: 480)
        XCTAssertEqual(px.left, left, accuracy: 1e-3, line: line)
        XCTAssertEqual(px.top, top, accuracy: 1e-3, line: line)
        XCTAssertEqual(px.right, right, accuracy: 1e-3, line: line)
        XCTAssertEqual(px.bottom, bottom, accuracy: 1e-3, line: line)
    }
}
