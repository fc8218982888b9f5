import Foundation
import SpyglassDarknet
import SpyglassDetection
import SpyglassIR
import TestSupport
import XCTest

/// Shared pieces of the YOLO plugin tests: importing Debian's cfgs, mapping nodes back to Darknet
/// layer numbers, and comparing detections with libdarknet's.
enum YOLOTest {
    static let images = ["dog.jpg", "eagle.jpg", "giraffe.jpg", "horses.jpg", "kite.jpg", "person.jpg", "scream.jpg"]

    /// A Debian cfg imported without weights (structure only).
    static func structure(_ cfg: String) throws -> DarknetModel {
        let url = Fixtures.cfg(cfg)
        try Conformance.requireFile(url, hint: "install Debian's darknet package or run `make fetch`")
        return try DarknetImporter.load(cfg: url, weights: nil)
    }

    /// Darknet layer index of every node.
    static func layerOfNode(_ model: DarknetModel) -> [String: Int] {
        var map: [String: Int] = [:]
        for layer in model.layers { for n in layer.nodes { map[n] = layer.index } }
        return map
    }

    /// A detection as both sides are compared: class, probability and box relative to the image.
    struct Found: CustomStringConvertible {
        var classIndex: Int
        var prob: Float
        var box: Box
        var description: String { "class \(classIndex) p=\(prob) \(box)" }
    }

    static func found(_ reference: [DarknetReference.Detection], scaleX: Float = 1, scaleY: Float = 1) -> [Found] {
        reference.map { Found(classIndex: $0.classIndex, prob: $0.prob,
                              box: Box(x: $0.x * scaleX, y: $0.y * scaleY, w: $0.w * scaleX, h: $0.h * scaleY)) }
    }

    /// Same count, same classes, and each reference detection paired with one of ours of its class
    /// with |Δprob| < 0.01 and IoU > 0.98 (or, for near-empty boxes where IoU is ill-conditioned,
    /// every coordinate within 1e-5 of the reference's).
    static func assertSameDetections(_ ours: [Found], _ reference: [Found], _ label: String,
                                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ours.count, reference.count, "\(label): detection count\nours: \(ours)\nreference: \(reference)", file: file, line: line)
        XCTAssertEqual(ours.map(\.classIndex).sorted(), reference.map(\.classIndex).sorted(), "\(label): classes", file: file, line: line)
        var used = Set<Int>()
        var worstProb: Float = 0, worstIoU: Float = 1
        defer {
            // The figures the issue notes quote: one line per compared image.
            print("[detections] \(label): \(ours.count) ours / \(reference.count) libdarknet, max |Δprob| \(worstProb), min IoU \(worstIoU)")
        }
        for r in reference.sorted(by: { $0.prob > $1.prob }) {
            let candidates = ours.indices.filter { !used.contains($0) && ours[$0].classIndex == r.classIndex }
            guard let best = candidates.min(by: { distance(ours[$0].box, r.box) < distance(ours[$1].box, r.box) }) else {
                XCTFail("\(label): no detection of class \(r.classIndex) to pair with reference \(r)", file: file, line: line)
                continue
            }
            used.insert(best)
            let o = ours[best]
            XCTAssertLessThan(abs(o.prob - r.prob), 0.01, "\(label): prob of \(o) vs reference \(r)", file: file, line: line)
            worstProb = max(worstProb, abs(o.prob - r.prob))
            worstIoU = min(worstIoU, iou(o.box, r.box))
            let close = [o.box.x - r.box.x, o.box.y - r.box.y, o.box.w - r.box.w, o.box.h - r.box.h].allSatisfy { abs($0) < 1e-5 }
            XCTAssertTrue(iou(o.box, r.box) > 0.98 || close, "\(label): box of \(o) vs reference \(r), IoU \(iou(o.box, r.box))", file: file, line: line)
        }
    }

    static func distance(_ a: Box, _ b: Box) -> Float {
        abs(a.x - b.x) + abs(a.y - b.y) + abs(a.w - b.w) + abs(a.h - b.h)
    }

    /// Intersection over union of two centre/size boxes, written out here so the test does not
    /// depend on the code under test.
    static func iou(_ a: Box, _ b: Box) -> Float {
        let w = min(a.right, b.right) - max(a.left, b.left)
        let h = min(a.bottom, b.bottom) - max(a.top, b.top)
        guard w > 0, h > 0 else { return 0 }
        let inter = w * h
        return inter / (a.w * a.h + b.w * b.h - inter)
    }
}
