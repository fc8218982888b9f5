import SpyglassDarknet
import SpyglassIR
import TestSupport
import XCTest

/// The graph the importer builds for known cfgs, checked against the cfg text by hand.
final class ImportStructureTests: XCTestCase {
    func testYoloV3TinyLayersBecomeNamedNodesWithCfgOrigins() throws {
        let model = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil)
        let g = model.graph
        XCTAssertEqual(g.name, "yolov3-tiny")
        XCTAssertEqual(g.inputs, [ValueInfo(name: "input", type: .float32([1, 3, 416, 416]))])
        XCTAssertEqual(g.metadata.source, "darknet:yolov3-tiny.cfg")
        XCTAssertEqual(g.metadata.preprocessing, .darknetLetterbox)
        XCTAssertEqual(g.outputs, ["L16.yolo", "L23.yolo"])

        // Layer 0 (line 25): batch_normalize=1 filters=16 size=3 stride=1 pad=1 activation=leaky.
        let l0 = model.layers[0]
        XCTAssertEqual(l0, DarknetLayer(index: 0, section: "convolutional", line: 25, output: "L0.act", nodes: ["L0.conv", "L0.bn", "L0.act"]))
        let conv = try XCTUnwrap(g.node(named: "L0.conv"))
        XCTAssertEqual(conv.op, .conv2d(Conv2DAttributes(outChannels: 16, kernelH: 3, kernelW: 3, padding: .symmetric(1))))
        XCTAssertEqual(conv.inputs, ["input", "L0.conv.weight"])
        XCTAssertEqual(conv.origin, "yolov3-tiny.cfg:25 layer 0 [convolutional]")
        XCTAssertEqual(g.node(named: "L0.bn")?.op, .batchNorm(.darknet))
        XCTAssertEqual(g.node(named: "L0.bn")?.inputs, ["L0.conv", "L0.bn.scale", "L0.bn.bias", "L0.bn.mean", "L0.bn.variance"])
        XCTAssertEqual(g.node(named: "L0.act")?.op, .activation(.leaky))
        XCTAssertEqual(g.constants["L0.conv.weight"]?.shape, [16, 3, 3, 3])

        // Layer 1 (size=2 stride=2, default padding size-1 = 1): all the padding goes after.
        XCTAssertEqual(g.node(named: "L1.maxpool")?.op,
                       .maxPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1))))

        // Layer 15: filters=255 size=1 activation=linear, no BN → one conv with bias.
        XCTAssertEqual(model.layers[15].nodes, ["L15.conv"])
        XCTAssertEqual(g.node(named: "L15.conv")?.inputs, ["L14.act", "L15.conv.weight", "L15.conv.bias"])

        // Layer 16: [yolo] mask=3,4,5, anchors from the cfg, network size from [net].
        XCTAssertEqual(g.node(named: "L16.yolo")?.op, .yolo(YoloAttributes(
            classes: 80, anchors: [10, 14, 23, 27, 37, 58, 81, 82, 135, 169, 344, 319], mask: [3, 4, 5],
            networkWidth: 416, networkHeight: 416)))

        // Layer 17: route layers=-4 → identity of layer 13; layer 20: route layers=-1,8 → concat.
        XCTAssertEqual(g.node(named: "L17.route")?.op, .identity)
        XCTAssertEqual(g.node(named: "L17.route")?.inputs, ["L13.act"])
        XCTAssertEqual(g.node(named: "L20.route")?.op, .concat(ConcatAttributes(axis: 1)))
        XCTAssertEqual(g.node(named: "L20.route")?.inputs, ["L19.upsample", "L8.act"])
        XCTAssertEqual(g.node(named: "L19.upsample")?.op, .upsample(UpsampleAttributes(factor: 2)))
    }

    func testTrainingOnlyOptionsAreReportedAsIgnoredWithTheirLines() throws {
        let model = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil)
        let ignored = model.report.ignoredOptions.map(\.description)
        XCTAssertEqual(Array(ignored.prefix(3)), ["yolov3-tiny.cfg:3 [net] batch=1", "yolov3-tiny.cfg:4 [net] subdivisions=1",
                                                  "yolov3-tiny.cfg:11 [net] momentum=0.9"])
        XCTAssertTrue(ignored.contains("yolov3-tiny.cfg:14 [net] saturation=1.5"))
        XCTAssertTrue(ignored.contains("yolov3-tiny.cfg:138 [yolo] ignore_thresh=.7"))
        XCTAssertEqual(model.graph.metadata.ignoredOptions, ignored)
        XCTAssertFalse(ignored.contains { $0.contains("width") || $0.contains("anchors") })
    }

    func testSectionAliasesAndCommentsParseLikeDarknet() throws {
        let cfg = """
        [network]
        ; a comment
        width = 8
        height=8   # trailing comment
        channels=2
        [conv]
        filters=4
        size=3
        pad=1
        activation=relu
        [max]
        size=2
        stride=2
        [avg]
        [soft]
        groups=2
        temperature=0.5
        [cost]
        """
        let model = try DarknetImporter.parse(cfgText: cfg, fileName: "alias.cfg", weights: nil)
        XCTAssertEqual(model.layers.map(\.section), ["convolutional", "maxpool", "avgpool", "softmax", "cost"])
        XCTAssertEqual(model.layers.map(\.line), [6, 11, 14, 15, 18])
        XCTAssertEqual(model.graph.node(named: "L0.conv")?.op,
                       .conv2d(Conv2DAttributes(outChannels: 4, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .relu)))
        XCTAssertEqual(model.graph.node(named: "L2.avgpool")?.op, .globalAvgPool)
        XCTAssertEqual(model.graph.node(named: "L3.softmax")?.op, .softmax(SoftmaxAttributes(axis: 1, groups: 2, temperature: 0.5)))
        XCTAssertEqual(model.graph.node(named: "L4.cost")?.op, .identity)
        XCTAssertEqual(model.graph.outputs, ["L4.cost"])
        try Verifier.verify(model.graph)
    }

    func testForkOptionsRouteGroupsAndDilationBecomeSlicesAndDilatedConvs() throws {
        let cfg = """
        [net]
        width=16
        height=16
        channels=3
        [convolutional]
        filters=8
        size=3
        pad=1
        dilation=2
        activation=linear
        [route]
        layers=-1
        groups=2
        group_id=1
        [route]
        layers=0,-1
        groups=4
        group_id=0
        """
        let model = try DarknetImporter.parse(cfgText: cfg, fileName: "fork.cfg", weights: nil)
        let g = model.graph
        // 16 + 2·2 − (2·(3−1)+1) + 1 = 16: padding scaled by the dilation keeps the size.
        XCTAssertEqual(g.node(named: "L0.conv")?.op, .conv2d(Conv2DAttributes(
            outChannels: 8, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2, padding: .symmetric(2))))
        XCTAssertEqual(g.node(named: "L1.slice0")?.op, .slice(SliceAttributes(axis: 1, start: 4, end: 8)))
        XCTAssertEqual(model.layers[1].output, "L1.slice0")
        XCTAssertEqual(g.node(named: "L2.slice0")?.op, .slice(SliceAttributes(axis: 1, start: 0, end: 2)))
        XCTAssertEqual(g.node(named: "L2.slice1")?.op, .slice(SliceAttributes(axis: 1, start: 0, end: 1)))
        XCTAssertEqual(g.node(named: "L2.route")?.inputs, ["L2.slice0", "L2.slice1"])
        let shapes = try ShapeInference.infer(g)
        XCTAssertEqual(shapes["L0.conv"], [1, 8, 16, 16])
        XCTAssertEqual(shapes["L2.route"], [1, 3, 16, 16])
    }

    func testWithoutWeightsParametersAreZeroAndVarianceIsOne() throws {
        let model = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil)
        XCTAssertEqual(model.graph.constants["L0.bn.variance"]?.floatArray, [Float](repeating: 1, count: 16))
        XCTAssertEqual(model.graph.constants["L0.bn.mean"]?.floatArray, [Float](repeating: 0, count: 16))
        XCTAssertEqual(model.graph.constants["L0.conv.weight"]?.floatArray.allSatisfy { $0 == 0 }, true)
        XCTAssertNil(model.graph.metadata.properties["darknet.major"])
    }
}
