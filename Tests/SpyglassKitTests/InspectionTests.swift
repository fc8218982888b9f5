import Foundation
import XCTest
import SpyglassKit
import TestSupport

final class InspectionTests: XCTestCase {
    /// The BFLOPs column equals what libdarknet itself prints while loading the same cfg.
    func testPerLayerBFLOPsMatchWhatDarknetPrints() throws {
        try Conformance.requireReference()
        for name in ["yolov3-tiny", "yolov2-tiny", "yolov1-tiny", "yolov3", "yolov2-voc", "darknet53"] {
            let cfg = Fixtures.cfg(name).path
            let printed = try DarknetReference.printedBFLOPs(cfg: cfg)
            XCTAssertFalse(printed.isEmpty, "no BFLOPs lines in libdarknet's output for \(name)")
            let inspection = try Inspector.inspect(try ModelLoader.load([cfg], allowMissingWeights: true))
            for (index, bflops) in printed {
                guard index < inspection.layers.count else { XCTFail("\(name): no row \(index)"); continue }
                let ours = String(format: "%.3f", Double(inspection.layers[index].flops) / 1e9)
                XCTAssertEqual(ours, bflops, "\(name) layer \(index) (\(inspection.layers[index].summary))")
            }
        }
    }

    func testYoloV3TinyIsSplitIntoBackboneNeckAndHead() throws {
        let inspection = try Inspector.inspect(try ModelLoader.load([Fixtures.cfg("yolov3-tiny").path], allowMissingWeights: true))
        XCTAssertEqual(inspection.layers.count, 24)
        XCTAssertEqual(Set(inspection.parts.map(\.part)), ["backbone", "neck", "head"])
        XCTAssertEqual(inspection.parts.reduce(0) { $0 + $1.params }, inspection.totalParams)
        XCTAssertEqual(inspection.layers[0].part, "backbone")
        XCTAssertEqual(inspection.layers[16].part, "head", "layer 16 is the first [yolo]")
        XCTAssertEqual(inspection.layers[23].part, "head", "layer 23 is the second [yolo]")
    }

    func testIgnoredTrainingOptionsAreListed() throws {
        let inspection = try Inspector.inspect(try ModelLoader.load([Fixtures.cfg("yolov3-tiny").path], allowMissingWeights: true))
        XCTAssertTrue(inspection.ignoredOptions.contains { $0.contains("momentum") }, "\(inspection.ignoredOptions)")
        XCTAssertTrue(inspection.ignoredOptions.contains { $0.contains("ignore_thresh") }, "\(inspection.ignoredOptions)")
    }
}
