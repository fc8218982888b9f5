import Foundation
import SpyglassDarknet
import SpyglassFormat
import SpyglassIR
import TestSupport
import XCTest

/// Graphs imported from Debian's Darknet cfgs (with seeded random weights) survive write → read
/// with identical structure and identical constant bytes.
final class DarknetRoundTripTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory("format-darknet") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func importWithRandomWeights(_ cfgName: String) throws -> Graph {
        let cfg = Fixtures.cfg(cfgName)
        try Conformance.requireFile(cfg)
        let skeleton = try DarknetImporter.load(cfg: cfg, weights: nil)
        let weights = directory.appendingPathComponent("\(cfgName).weights")
        try randomDarknetWeights(for: skeleton, seed: 11).write(to: weights)
        return try DarknetImporter.load(cfg: cfg, weights: weights).graph
    }

    private func assertRoundTrips(_ cfgName: String) throws {
        let graph = try importWithRandomWeights(cfgName)
        XCTAssertFalse(graph.constants.isEmpty)
        let url = directory.appendingPathComponent("\(cfgName).spyglass")
        try SpyglassFile.write(graph, to: url)
        let read = try SpyglassFile.read(url)
        assertSameGraph(graph, read)
        XCTAssertNoThrow(try Verifier.verify(read))
    }

    func testYoloV3TinyRoundTrips() throws { try assertRoundTrips("yolov3-tiny") }
    func testYoloV2TinyRoundTrips() throws { try assertRoundTrips("yolov2-tiny") }
    func testYoloV1TinyRoundTrips() throws { try assertRoundTrips("yolov1-tiny") }
}
