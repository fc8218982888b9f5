import SpyglassDarknet
import SpyglassIR
import TestSupport
import XCTest

/// cfg + weights → IR → cfg + weights gives back the same weights, byte for byte, and a cfg that
/// imports to the same graph.
final class RoundTripTests: XCTestCase {
    func testDebianCfgsWithRandomWeightsRoundTripByteIdentical() throws {
        for (n, name) in ["yolov3-tiny", "yolov2-tiny", "yolov1-tiny", "resnet18"].enumerated() {
            let text = try String(contentsOf: Fixtures.cfg(name), encoding: .utf8)
            let skeleton = try DarknetImporter.parse(cfgText: text, fileName: "\(name).cfg", weights: nil)
            try assertRoundTrip(text, weights: randomDarknetWeights(for: skeleton, seed: UInt64(n + 1)), name: name)
        }
    }

    /// Without weights the parameters are zeros (variance ones): cheap enough for the big cfgs.
    func testLargeCfgsRoundTripStructurally() throws {
        for name in ["yolov3", "yolov3-spp", "yolov2-voc", "densenet201", "resnext50"] {
            let text = try String(contentsOf: Fixtures.cfg(name), encoding: .utf8)
            let model = try DarknetImporter.parse(cfgText: text, fileName: "\(name).cfg", weights: nil)
            let zeros = try DarknetExporter.export(model.graph).weights
            try assertRoundTrip(text, weights: zeros, name: name)
        }
    }

    func testSmallCfgsCoveringEveryLayerTypeRoundTrip() throws {
        for (name, text) in SampleCfgs.all {
            let skeleton = try DarknetImporter.parse(cfgText: text, fileName: "\(name).cfg", weights: nil)
            try assertRoundTrip(text, weights: randomDarknetWeights(for: skeleton, seed: 7), name: name)
        }
    }

    func testPretrainedYoloV3TinyWeightsRoundTripByteIdentical() throws {
        let url = Fixtures.pretrainedYoloV3TinyWeights
        guard Fixtures.exists(url) else { throw XCTSkip("\(url.path) is missing (run `make fetch`)") }
        let original = try Data(contentsOf: url)
        let model = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: url)
        let exported = try DarknetExporter.export(model.graph)
        XCTAssertEqual(exported.weights.count, original.count)
        XCTAssertTrue(exported.weights == original, "exported weights differ from the pretrained file")
    }

    func testWriteProducesFilesThatLoadBack() throws {
        let text = SampleCfgs.all[0].text
        let skeleton = try DarknetImporter.parse(cfgText: text, fileName: "a.cfg", weights: nil)
        let weights = randomDarknetWeights(for: skeleton, seed: 3)
        let model = try DarknetImporter.parse(cfgText: text, fileName: "a.cfg", weights: weights)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("out.cfg"), out = dir.appendingPathComponent("out.weights")
        try DarknetExporter.write(model.graph, cfg: cfg, weights: out)
        XCTAssertEqual(try Data(contentsOf: out), weights)
        let again = try DarknetImporter.load(cfg: cfg, weights: out)
        XCTAssertEqual(again.layers.count, model.layers.count)
    }

    /// Imports `text` with `weights`, exports, checks the bytes, and re-imports the exported pair.
    func assertRoundTrip(_ text: String, weights: Data, name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let model = try DarknetImporter.parse(cfgText: text, fileName: "\(name).cfg", weights: weights)
        let exported = try DarknetExporter.export(model.graph)
        XCTAssertEqual(exported.weights.count, weights.count, "\(name): size", file: file, line: line)
        XCTAssertTrue(exported.weights == weights, "\(name): weights differ", file: file, line: line)
        let again = try DarknetImporter.parse(cfgText: exported.cfg, fileName: "again.cfg", weights: exported.weights)
        XCTAssertEqual(again.graph.nodes.map(\.name), model.graph.nodes.map(\.name), name, file: file, line: line)
        XCTAssertEqual(again.graph.nodes.map(\.op), model.graph.nodes.map(\.op), name, file: file, line: line)
        XCTAssertEqual(again.graph.nodes.map(\.inputs), model.graph.nodes.map(\.inputs), name, file: file, line: line)
        XCTAssertEqual(again.graph.outputs, model.graph.outputs, name, file: file, line: line)
        XCTAssertEqual(again.graph.inputs, model.graph.inputs, name, file: file, line: line)
    }
}

/// Small cfgs that use every supported section and option, so round trips cover them all quickly.
enum SampleCfgs {
    static let all: [(name: String, text: String)] = [
        ("every-image-layer", """
        [net]
        width=16
        height=16
        channels=3
        [convolutional]
        batch_normalize=1
        filters=8
        size=3
        stride=1
        pad=1
        activation=mish
        [maxpool]
        size=3
        stride=2
        padding=1
        [convolutional]
        filters=8
        size=3
        padding=1
        groups=2
        activation=relu
        [shortcut]
        from=-3
        alpha=0.5
        beta=2
        activation=leaky
        [upsample]
        stride=2
        scale=0.5
        [reorg]
        stride=2
        [reorg]
        stride=2
        reverse=1
        [route]
        layers=-1,0
        [route]
        layers=-1
        groups=2
        group_id=1
        [convolutional]
        filters=4
        size=3
        pad=1
        dilation=2
        activation=linear
        [dropout]
        probability=0.25
        [avgpool]
        [softmax]
        groups=2
        temperature=2
        """),
        ("connected-local-detection", """
        [net]
        width=8
        height=8
        channels=2
        [local]
        filters=3
        size=3
        stride=1
        pad=1
        activation=leaky
        [local]
        filters=2
        size=2
        stride=2
        activation=linear
        [connected]
        output=5
        batch_normalize=1
        activation=relu
        [dropout]
        probability=0.5
        [connected]
        output=28
        activation=linear
        [detection]
        classes=2
        coords=4
        side=2
        num=1
        softmax=1
        sqrt=1
        """),
        ("region-and-yolo", """
        [net]
        width=32
        height=32
        channels=3
        [convolutional]
        filters=14
        size=1
        activation=linear
        [region]
        anchors=1,2,3,4
        classes=2
        coords=4
        num=2
        softmax=1
        bias_match=1
        [route]
        layers=-2
        [convolutional]
        batch_normalize=1
        filters=21
        size=3
        stride=2
        pad=1
        activation=logistic
        [yolo]
        mask=0,2,4
        anchors=1,2,3,4,5,6,7,8,9,10
        classes=2
        num=5
        """),
    ]
}
