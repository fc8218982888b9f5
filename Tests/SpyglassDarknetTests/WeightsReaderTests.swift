import SpyglassDarknet
import SpyglassIR
import TestSupport
import XCTest

/// Darknet's load order and header rules on a tiny hand-written model.
final class WeightsReaderTests: XCTestCase {
    /// conv (BN, 2 filters, 1×1 on 1 channel) then connected (3 outputs from 2·4·4 = 32 inputs).
    static let cfg = """
    [net]
    width=4
    height=4
    channels=1
    [convolutional]
    batch_normalize=1
    filters=2
    size=1
    activation=leaky
    [connected]
    output=3
    activation=linear
    """

    /// conv: biases 1,2 · scales 3,4 · means 5,6 · variances 7,8 · weights 9,10; connected: biases 11…13, weights 100…195.
    static func file(major: Int32 = 0, minor: Int32 = 2, seen64: Bool = true) -> WeightsFile {
        var f = WeightsFile(major: major, minor: minor, revision: 5, seen: 1234, seen64: seen64)
        f.floats(1...10)
        f.floats(11...13)
        f.floats(100...195)
        return f
    }

    func testParametersAreReadInDarknetsLoadOrder() throws {
        let model = try DarknetImporter.parse(cfgText: Self.cfg, fileName: "tiny.cfg", weights: Self.file().data)
        let c = model.graph.constants
        XCTAssertEqual(c["L0.bn.bias"]?.floatArray, [1, 2])
        XCTAssertEqual(c["L0.bn.scale"]?.floatArray, [3, 4])
        XCTAssertEqual(c["L0.bn.mean"]?.floatArray, [5, 6])
        XCTAssertEqual(c["L0.bn.variance"]?.floatArray, [7, 8])
        XCTAssertEqual(c["L0.conv.weight"]?.floatArray, [9, 10])
        XCTAssertEqual(c["L0.conv.weight"]?.shape, [2, 1, 1, 1])
        XCTAssertEqual(c["L1.fc.bias"]?.floatArray, [11, 12, 13])
        XCTAssertEqual(c["L1.fc.weight"]?.shape, [3, 32])
        XCTAssertEqual(c["L1.fc.weight"]?.floatArray, (100...195).map(Float.init))
        let p = model.graph.metadata.properties
        XCTAssertEqual([p["darknet.major"], p["darknet.minor"], p["darknet.revision"], p["darknet.seen"]], ["0", "2", "5", "1234"])
    }

    func testOldFilesHaveA32BitSeenCount() throws {
        let f = Self.file(major: 0, minor: 1, seen64: false)
        let model = try DarknetImporter.parse(cfgText: Self.cfg, fileName: "tiny.cfg", weights: f.data)
        XCTAssertEqual(model.graph.constants["L1.fc.bias"]?.floatArray, [11, 12, 13])
        XCTAssertEqual(model.graph.metadata.properties["darknet.seen"], "1234")
        XCTAssertEqual(try DarknetExporter.export(model.graph).weights, f.data)
    }

    func testVersionsAbove1000StoreConnectedWeightsTransposed() throws {
        let f = Self.file(major: 1001, minor: 0, seen64: false)
        let model = try DarknetImporter.parse(cfgText: Self.cfg, fileName: "tiny.cfg", weights: f.data)
        // The file holds [inputs=32][outputs=3]: IR weight[o][i] = file[i·3 + o].
        let w = try XCTUnwrap(model.graph.constants["L1.fc.weight"]?.floatArray)
        XCTAssertEqual(w[0], 100)
        XCTAssertEqual(w[1], 103)
        XCTAssertEqual(w[32], 101)
        XCTAssertEqual(w[2 * 32 + 31], Float(100 + 31 * 3 + 2))
        // The convolution is not affected.
        XCTAssertEqual(model.graph.constants["L0.conv.weight"]?.floatArray, [9, 10])
        XCTAssertEqual(try DarknetExporter.export(model.graph).weights, f.data)
    }

    func testFlippedConvolutionWeightsAreTransposedAndWrittenBackTheSameWay() throws {
        let cfg = """
        [net]
        width=3
        height=3
        channels=2
        [convolutional]
        filters=3
        size=1
        flipped=1
        activation=linear
        """
        var f = WeightsFile()
        f.floats([0.5, 0.25, 0.125])
        f.floats([1, 2, 3, 4, 5, 6])  // stored [c·k·k = 2][filters = 3]
        let model = try DarknetImporter.parse(cfgText: cfg, fileName: "flip.cfg", weights: f.data)
        XCTAssertEqual(model.graph.constants["L0.conv.weight"]?.floatArray, [1, 4, 2, 5, 3, 6])
        let exported = try DarknetExporter.export(model.graph)
        XCTAssertEqual(exported.weights, f.data)
        XCTAssertTrue(exported.cfg.contains("flipped=1"))
    }

    func testProgressIsReportedForEveryLayer() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("tiny.cfg"), weights = dir.appendingPathComponent("tiny.weights")
        try Self.cfg.write(to: cfg, atomically: true, encoding: .utf8)
        try Self.file().data.write(to: weights)
        var calls: [[Int]] = []
        _ = try DarknetImporter.load(cfg: cfg, weights: weights) { calls.append([$0, $1]) }
        XCTAssertEqual(calls, [[0, 2], [1, 2], [2, 2]])
    }
}
