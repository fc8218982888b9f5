import Foundation
import SpyglassDarknet
import SpyglassIR
import SpyglassRuntime
import TestSupport
import XCTest

/// Small whole networks written as Darknet cfgs, with seeded random weights, run by libdarknet and by
/// a Spyglass plan (optimised kernels, two threads): every layer's output must agree.
final class DarknetNetworkTests: XCTestCase {
    private static let net = """
    [net]
    batch=1
    subdivisions=1
    width=32
    height=32
    channels=3

    """

    /// conv+BN+leaky, maxpool (both paddings), shortcut (same size; and from a larger layer with fewer
    /// channels), reorg, yolo, route, upsample, strided conv.
    static let yoloCfg = net + """
    [convolutional]
    batch_normalize=1
    filters=8
    size=3
    stride=1
    pad=1
    activation=leaky

    [maxpool]
    size=2
    stride=2

    [convolutional]
    batch_normalize=1
    filters=16
    size=3
    stride=1
    pad=1
    activation=leaky

    [shortcut]
    from=0
    activation=leaky

    [convolutional]
    batch_normalize=1
    filters=8
    size=1
    stride=1
    pad=1
    activation=leaky

    [shortcut]
    from=-4
    activation=linear

    [maxpool]
    size=2
    stride=1

    [reorg]
    stride=2

    [convolutional]
    size=1
    stride=1
    pad=1
    filters=18
    activation=linear

    [yolo]
    mask=0,1,2
    anchors=10,14, 23,27, 37,58, 81,82, 135,169, 344,319
    classes=1
    num=6

    [route]
    layers=-5

    [upsample]
    stride=2

    [route]
    layers=-1,0

    [convolutional]
    size=3
    stride=2
    pad=1
    filters=18
    activation=linear

    [yolo]
    mask=3,4,5
    anchors=10,14, 23,27, 37,58, 81,82, 135,169, 344,319
    classes=1
    num=6

    """

    /// maxpool with odd size, region with softmax.
    static let regionCfg = net + """
    [convolutional]
    batch_normalize=1
    filters=4
    size=3
    stride=2
    pad=1
    activation=leaky

    [maxpool]
    size=3
    stride=2

    [convolutional]
    size=1
    stride=1
    pad=1
    filters=16
    activation=linear

    [region]
    anchors=1,1, 2,2
    bias_match=1
    classes=3
    coords=4
    num=2
    softmax=1

    """

    /// local (Darknet's locally connected layer). libdarknet sizes the shared workspace in bytes but
    /// the local layer's need in floats, so a convolution with a larger im2col comes first.
    static let localCfg = net + """
    [convolutional]
    batch_normalize=1
    filters=4
    size=3
    stride=1
    pad=1
    activation=leaky

    [local]
    size=3
    stride=2
    pad=1
    filters=6
    activation=leaky

    """

    /// avgpool, connected, dropout, softmax with groups; and connected into a YOLOv1 detection layer.
    static let classifierCfg = net + """
    [convolutional]
    batch_normalize=1
    filters=8
    size=3
    stride=2
    pad=1
    activation=leaky

    [avgpool]

    [connected]
    output=12
    activation=leaky

    [dropout]
    probability=.5

    [softmax]
    groups=3

    """

    static let detectionCfg = net + """
    [convolutional]
    filters=4
    size=3
    stride=4
    pad=1
    activation=leaky

    [connected]
    output=32
    activation=linear

    [detection]
    classes=3
    coords=4
    rescore=1
    side=2
    num=1
    softmax=1
    sqrt=1

    """

    func testYoloStyleNetMatchesLibdarknetLayerByLayer() throws { try compare(Self.yoloCfg, name: "tiny-yolo") }
    func testRegionStyleNetMatchesLibdarknetLayerByLayer() throws { try compare(Self.regionCfg, name: "tiny-region") }
    func testLocalNetMatchesLibdarknetLayerByLayer() throws { try compare(Self.localCfg, name: "tiny-local") }
    func testClassifierNetMatchesLibdarknetLayerByLayer() throws { try compare(Self.classifierCfg, name: "tiny-classifier") }
    func testDetectionNetMatchesLibdarknetLayerByLayer() throws { try compare(Self.detectionCfg, name: "tiny-detection") }

    private func compare(_ cfgText: String, name: String, seed: UInt64 = 3) throws {
        try Conformance.requireReference()
        let dir = try Fixtures.temporaryDirectory("runtime-net")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("\(name).cfg"), weights = dir.appendingPathComponent("\(name).weights")
        try cfgText.write(to: cfg, atomically: true, encoding: .utf8)
        try randomDarknetWeights(for: try DarknetImporter.load(cfg: cfg, weights: nil), seed: seed).write(to: weights)

        let model = try DarknetImporter.load(cfg: cfg, weights: weights)
        let reference = try DarknetReference(cfg: cfg.path, weights: weights.path)
        let shape = reference.inputShape
        let input = Conformance.randomInput(count: shape.reduce(1, *), seed: seed)
        reference.predict(input)

        let plan = try Plan(graph: model.graph, options: RuntimeOptions(threads: 2, keepIntermediates: true))
        guard let inputName = plan.inputNames.first else { return XCTFail("graph has no input") }
        _ = try plan.run([inputName: Tensor(shape: shape, data: input)])
        XCTAssertEqual(model.layers.count, reference.layerCount)
        for layer in model.layers {
            let expected = reference.layerOutput(layer.index).values
            let ours = try plan.tensor(named: layer.output).data
            let error = scaledError(ours, expected)
            XCTAssertLessThanOrEqual(error, Conformance.darknetTolerance, "\(name) layer \(layer.index) [\(layer.section)]")
            if error > Conformance.darknetTolerance { break }  // later layers only inherit the difference
        }
    }
}
