import Foundation
import SpyglassDarknet
import SpyglassFormat
import SpyglassIR
import TestSupport
import XCTest

/// Graphs imported from Debian's Darknet cfgs survive write → read with identical structure and
/// identical constant bytes. Constants are filled with a seeded pattern (any bytes will do here, and
/// generating tame Darknet weights for yolov1-tiny's 27M parameters takes seconds in debug builds).
final class DarknetRoundTripTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory("format-darknet") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func importWithPatternedWeights(_ cfgName: String) throws -> Graph {
        let cfg = Fixtures.cfg(cfgName)
        try Conformance.requireFile(cfg)
        var graph = try DarknetImporter.load(cfg: cfg, weights: nil).graph
        var state: UInt32 = 2_463_534_242
        for (name, constant) in graph.constants where constant.type.dtype == .float32 {
            var values = [Float](repeating: 0, count: constant.elementCount)
            for i in values.indices {
                state ^= state << 13; state ^= state >> 17; state ^= state << 5  // xorshift32
                values[i] = Float(bitPattern: 0x3F80_0000 | (state >> 9)) - 1.5
            }
            graph.constants[name] = ConstantTensor(floats: values, shape: constant.shape)
        }
        return graph
    }

    private func assertRoundTrips(_ cfgName: String) throws {
        let graph = try importWithPatternedWeights(cfgName)
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
