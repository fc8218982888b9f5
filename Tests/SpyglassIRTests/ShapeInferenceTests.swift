import XCTest
@testable import SpyglassIR

final class ShapeInferenceTests: XCTestCase {
    func testConvOutputShapeFollowsPaddingStrideAndDilation() throws {
        let a = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2,
                                 dilationH: 2, dilationW: 2, padding: .symmetric(2))
        let out = try Op.conv2d(a).outputShapes([[1, 4, 17, 17], [8, 4, 3, 3]], at: "c")
        XCTAssertEqual(out, [[1, 8, 9, 9]])
    }

    func testConvWithWrongWeightShapeNamesTheNode() {
        let a = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3)
        XCTAssertThrowsError(try Op.conv2d(a).outputShapes([[1, 4, 8, 8], [8, 3, 3, 3]], at: "node 'conv_7'")) { e in
            XCTAssertTrue("\(e)".contains("conv_7"), "\(e)")
        }
    }

    func testDarknetMaxpoolSize2Stride1KeepsSpatialSize() throws {
        // Darknet's default padding is size-1 in total: 13x13 stays 13x13 (yolov3-tiny layer 11).
        let a = Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1,
                                 padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1))
        XCTAssertEqual(try Op.maxPool(a).outputShapes([[1, 512, 13, 13]], at: "m"), [[1, 512, 13, 13]])
    }

    func testReorgMovesSpaceToChannels() throws {
        XCTAssertEqual(try Op.reorg(ReorgAttributes(stride: 2)).outputShapes([[1, 64, 26, 26]], at: "r"), [[1, 256, 13, 13]])
    }

    func testYoloChecksChannelCountAgainstMaskAndClasses() {
        let a = YoloAttributes(classes: 80, anchors: [10, 14, 23, 27, 37, 58], mask: [0, 1, 2], networkWidth: 416, networkHeight: 416)
        XCTAssertNoThrow(try Op.yolo(a).outputShapes([[1, 255, 13, 13]], at: "y"))
        XCTAssertThrowsError(try Op.yolo(a).outputShapes([[1, 254, 13, 13]], at: "y"))
    }

    func testVerifierRejectsUseBeforeDefinition() {
        let g = Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 3, 4, 4]))], outputs: ["b"],
                      nodes: [Node(name: "n1", op: .identity, inputs: ["a"], outputs: ["b"]),
                              Node(name: "n0", op: .identity, inputs: ["x"], outputs: ["a"])])
        XCTAssertThrowsError(try Verifier.verify(g)) { e in XCTAssertTrue("\(e)".contains("n1"), "\(e)") }
    }

    func testSymbolicInputMustBeBound() throws {
        let g = Graph(name: "g", inputs: [ValueInfo(name: "x", type: TensorType(.float32, Shape([.fixed(1), .fixed(3), .symbolic("height"), .symbolic("width")])))],
                      outputs: ["y"], nodes: [Node(name: "n", op: .identity, inputs: ["x"], outputs: ["y"])])
        XCTAssertThrowsError(try ShapeInference.infer(g))
        XCTAssertEqual(try ShapeInference.infer(g, bindings: ["height": 32, "width": 64])["y"], [1, 3, 32, 64])
    }

    func testEveryActivationIsFiniteAndMatchesDarknetAtSamplePoints() {
        XCTAssertEqual(Activation.leaky.apply(-2), -0.2, accuracy: 1e-7)
        XCTAssertEqual(Activation.relie.apply(-2), -0.02, accuracy: 1e-7)
        XCTAssertEqual(Activation.ramp.apply(2), 2.2, accuracy: 1e-6)
        XCTAssertEqual(Activation.plse.apply(5), 1.01, accuracy: 1e-6)
        XCTAssertEqual(Activation.lhtan.apply(2), 1.001, accuracy: 1e-6)
        XCTAssertEqual(Activation.stair.apply(3.5), 1.5, accuracy: 1e-6)   // n=3 odd: 0.5 + floor(1.75)
        XCTAssertEqual(Activation.stair.apply(2.5), 1.0, accuracy: 1e-6)   // n=2 even: floor(1.25)
        XCTAssertEqual(Activation.loggy.apply(0), 0, accuracy: 1e-7)
        XCTAssertEqual(Activation.selu.apply(-1), 1.0507 * 1.6732 * (expf(-1) - 1), accuracy: 1e-6)
        XCTAssertEqual(Activation.mish.apply(1), 0.8650984, accuracy: 1e-6)
        XCTAssertEqual(Activation.swish.apply(1), 0.7310586, accuracy: 1e-6)
        for a in Activation.allCases { for x: Float in [-100, -1, 0, 1, 100] { XCTAssertTrue(a.apply(x).isFinite, "\(a) at \(x)") } }
    }
}
