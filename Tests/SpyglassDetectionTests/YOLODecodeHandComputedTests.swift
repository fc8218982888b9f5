import Foundation
import SpyglassDetection
import SpyglassIR
import SpyglassImage
import SpyglassRuntime
import XCTest
import YOLOPlugin

/// Darknet's decoding formulas on a tiny [yolo] output, with every number worked out by hand.
final class YOLODecodeHandComputedTests: XCTestCase {
    /// One [yolo] op over a 2×1 grid, one anchor (10×20 px), two classes, a 100×100 network.
    private func yoloGraph() -> Graph {
        let attrs = YoloAttributes(classes: 2, anchors: [10, 20], mask: [0], networkWidth: 100, networkHeight: 100)
        return Graph(name: "tiny-yolo", inputs: [ValueInfo(name: "x", type: .float32([1, 7, 1, 2]))], outputs: ["y"],
                     nodes: [Node(name: "yolo", op: .yolo(attrs), inputs: ["x"], outputs: ["y"])])
    }

    /// Channel-major (x, y, w, h, objectness, class 0, class 1), two cells each.
    /// Cell 0 has objectness 0.2 (under the threshold), cell 1: x .5, y `y1`, tw ln 2, th 0, obj .9, classes .5 / .1.
    private func output(y1: Float = 0.25) -> [String: Tensor] {
        ["y": Tensor(shape: [1, 7, 1, 2], data: [0.1, 0.5, 0.1, y1, 0, logf(2), 0, 0, 0.2, 0.9, 0.3, 0.5, 0.3, 0.1])]
    }

    private func transform(_ mode: ResizeMode) -> LetterboxTransform {
        // 200×100 image into 100×100: scaled to 100×50, 25 rows of padding above (same for every mode here).
        LetterboxTransform(mode: mode, originalWidth: 200, originalHeight: 100, networkWidth: 100, networkHeight: 100,
                           scaledWidth: 100, scaledHeight: 50, offsetX: 0, offsetY: 25)
    }

    private func assertBox(_ b: Box, _ x: Float, _ y: Float, _ w: Float, _ h: Float, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(b.x, x, accuracy: 1e-6, file: file, line: line)
        XCTAssertEqual(b.y, y, accuracy: 1e-6, file: file, line: line)
        XCTAssertEqual(b.w, w, accuracy: 1e-6, file: file, line: line)
        XCTAssertEqual(b.h, h, accuracy: 1e-6, file: file, line: line)
    }

    func testYoloCellAboveThresholdGivesGridBoxAnchorSizeAndThresholdedProducts() throws {
        let plugin = try YOLOv3Plugin(graph: yoloGraph())
        let raw = try plugin.decode(outputs: output(), transform: transform(.stretch), threshold: 0.3)
        XCTAssertEqual(raw.count, 1, "cell 0's objectness 0.2 is not above 0.3")
        let d = try XCTUnwrap(raw.first)
        // x = (col 1 + .5) / 2, y = (row 0 + .25) / 1, w = e^ln2 · 10 / 100, h = e^0 · 20 / 100
        assertBox(d.box, 0.75, 0.25, 0.2, 0.2)
        XCTAssertEqual(d.objectness, 0.9)
        XCTAssertEqual(d.probs[0], 0.45, accuracy: 1e-6)
        XCTAssertEqual(d.probs[1], 0, "0.9 × 0.1 = 0.09 is not above the threshold")
    }

    func testDarknetLetterboxCorrectionUndoesTheBarsWithDarknetsArithmetic() throws {
        let plugin = try YOLOv3Plugin(graph: yoloGraph())
        let d = try XCTUnwrap(plugin.decode(outputs: output(), transform: transform(.darknetLetterbox), threshold: 0.3).first)
        // new_w = 100, new_h = 100·100/200 = 50: y' = (.25 − 25/100) / (50/100) = 0, h' = .2 · 100/50 = .4
        assertBox(d.box, 0.75, 0, 0.2, 0.4)
    }

    func testUltralyticsLetterboxGoesThroughTheTransformsInverse() throws {
        let plugin = try YOLOv3Plugin(graph: yoloGraph())
        let d = try XCTUnwrap(plugin.decode(outputs: output(y1: 0.5), transform: transform(.ultralyticsLetterbox), threshold: 0.3).first)
        // network px: centre (75, 50), size 20×20 → original px: ((75)·2, (50 − 25)·2) = (150, 50), size 40×40
        assertBox(d.box, 0.75, 0.5, 0.2, 0.4)
    }

    func testMissingOrWronglySizedOutputsAreErrorsNamingTheNode() throws {
        let plugin = try YOLOv3Plugin(graph: yoloGraph())
        XCTAssertThrowsError(try plugin.decode(outputs: [:], transform: transform(.stretch), threshold: 0.3)) { error in
            guard case DetectorError.badOutput(let node, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(node.contains("yolo"), node)
        }
        let short = ["y": Tensor(shape: [1, 6, 1, 2], data: [Float](repeating: 0, count: 12))]
        XCTAssertThrowsError(try plugin.decode(outputs: short, transform: transform(.stretch), threshold: 0.3)) { error in
            guard case DetectorError.badOutput = error else { return XCTFail("\(error)") }
        }
    }

    func testYOLO9000StyleBackgroundRegionIsRefusedAtPluginCreation() {
        let attrs = RegionAttributes(classes: 2, coords: 4, num: 1, anchors: [1, 1], softmax: true, background: true,
                                     biasMatch: false, networkWidth: 32, networkHeight: 32)
        let graph = Graph(name: "bg", inputs: [ValueInfo(name: "x", type: .float32([1, 6, 1, 1]))], outputs: ["y"],
                          nodes: [Node(name: "region", op: .region(attrs), inputs: ["x"], outputs: ["y"])])
        XCTAssertThrowsError(try YOLOv2Plugin(graph: graph)) { error in
            guard case DetectorError.unsupported = error else { return XCTFail("\(error)") }
        }
    }
}
