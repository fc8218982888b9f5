import SpyglassDetection
import TestSupport
import XCTest

final class DarknetNMSTests: XCTestCase {
    private func compareWithLibdarknet(_ dets: [RawDetection], classes: Int, threshold: Float,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        let ref = try DarknetReference.doNMSSort(dets.map {
            DarknetReference.RawDetection(x: $0.box.x, y: $0.box.y, w: $0.box.w, h: $0.box.h, objectness: $0.objectness, probs: $0.probs)
        }, classes: classes, threshold: threshold)
        let ours = darknetNMSSort(dets, classes: classes, threshold: threshold)
        XCTAssertEqual(ours.count, ref.detections.count, file: file, line: line)
        for (i, (o, r)) in zip(ours, ref.detections).enumerated() {
            XCTAssertEqual(o.box, Box(x: r.x, y: r.y, w: r.w, h: r.h), "slot \(i) (ref from input \(ref.order[i]))", file: file, line: line)
            XCTAssertEqual(o.objectness, r.objectness, "slot \(i)", file: file, line: line)
            XCTAssertEqual(o.probs, r.probs, "slot \(i)", file: file, line: line)
        }
    }

    /// Hand-made: a zero-objectness detection in front (swapped to the end), two overlapping boxes
    /// per class, a tie in class 1, and a box overlapping across classes.
    func testCraftedDetectionsMatchLibdarknetDoNMSSort() throws {
        if let reason = DarknetReference.unavailableReason() { throw XCTSkip(reason) }
        let dets = [
            RawDetection(box: Box(x: 0.5, y: 0.5, w: 0.2, h: 0.2), objectness: 0, probs: [0, 0, 0]),
            RawDetection(box: Box(x: 0.30, y: 0.30, w: 0.20, h: 0.20), objectness: 0.9, probs: [0.6, 0.5, 0]),
            RawDetection(box: Box(x: 0.31, y: 0.30, w: 0.20, h: 0.20), objectness: 0.8, probs: [0.7, 0.5, 0]),
            RawDetection(box: Box(x: 0.70, y: 0.70, w: 0.10, h: 0.30), objectness: 0.7, probs: [0, 0.2, 0.9]),
            RawDetection(box: Box(x: 0.70, y: 0.72, w: 0.10, h: 0.30), objectness: 0.7, probs: [0, 0.3, 0.8]),
            RawDetection(box: Box(x: 0.10, y: 0.90, w: 0.05, h: 0.05), objectness: 0.6, probs: [0.4, 0, 0]),
        ]
        try compareWithLibdarknet(dets, classes: 3, threshold: 0.45)
        // Worked by hand for class 0: boxes 1 and 2 overlap (IoU 0.19/0.21 ≈ 0.905), 2 scores higher,
        // so 1 loses class 0; class 1 is a tie (0.5, 0.5): the earlier one (after the class-0 sort: box 2) wins.
        let ours = darknetNMSSort(dets, classes: 3, threshold: 0.45)
        XCTAssertEqual(ours.last?.objectness, 0)
        let box1 = ours.first { $0.box.x == 0.30 && $0.box.y == 0.30 }
        XCTAssertEqual(box1?.probs, [0, 0, 0])
    }

    func testRandomDetectionsWithManyTiesMatchLibdarknet() throws {
        if let reason = DarknetReference.unavailableReason() { throw XCTSkip(reason) }
        var rng = SeededGenerator(seed: 42)
        for round in 0..<5 {
            let n = 30 + round * 17, classes = 4
            let levels: [Float] = [0, 0, 0.25, 0.5, 0.5, 0.75, 1]
            let dets = (0..<n).map { _ in
                RawDetection(box: Box(x: .random(in: 0.2...0.8, using: &rng), y: .random(in: 0.2...0.8, using: &rng),
                                      w: .random(in: 0.05...0.5, using: &rng), h: .random(in: 0.05...0.5, using: &rng)),
                             objectness: levels.randomElement(using: &rng) ?? 0,
                             probs: (0..<classes).map { _ in levels.randomElement(using: &rng) ?? 0 })
            }
            try compareWithLibdarknet(dets, classes: classes, threshold: 0.3)
        }
    }

    func testNoDetectionsAndAllZeroObjectnessAreHandled() {
        XCTAssertEqual(darknetNMSSort([], classes: 80, threshold: 0.45), [])
        let zero = RawDetection(box: Box(x: 0.5, y: 0.5, w: 0.1, h: 0.1), objectness: 0, probs: [0.9])
        XCTAssertEqual(darknetNMSSort([zero, zero], classes: 1, threshold: 0.45), [zero, zero])
    }
}
