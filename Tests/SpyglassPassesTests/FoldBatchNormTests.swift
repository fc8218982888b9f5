import SpyglassIR
@testable import SpyglassPasses
import XCTest

final class FoldBatchNormTests: XCTestCase {
    private func assertClose(_ a: [Float]?, _ b: [Float], file: StaticString = #filePath, line: UInt = #line) {
        guard let a, a.count == b.count else { return XCTFail("\(String(describing: a)) vs \(b)", file: file, line: line) }
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-6, "\(a) vs \(b)", file: file, line: line) }
    }

    // Hand-computed: afterSqrt f = γ / (√var + ε) = [2 / 2.5, 0.5 / 1.0] = [0.8, 0.5];
    // w' = w·f = [1.6, -0.5]; b' = (0 − mean)·f + β = [-0.4 + 1, 0.5 + 0] = [0.6, 0.5].
    func testFoldsDarknetStyleBatchNormIntoConvAndCreatesABias() throws {
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt)
        let report = try FoldBatchNorm().run(on: &g)
        XCTAssertTrue(report.changed)
        XCTAssertEqual(g.opKinds, [.conv2d])
        let conv = g.nodes[0]
        XCTAssertEqual(conv.name, "conv")
        XCTAssertEqual(conv.outputs, ["bn.out"], "the batch norm's output name is kept")
        XCTAssertEqual(conv.inputs, ["x", "conv.w.folded", "conv.bias.folded"])
        assertClose(g.floats("conv.w.folded"), [1.6, -0.5])
        assertClose(g.floats("conv.bias.folded"), [0.6, 0.5])
        XCTAssertEqual(Set(g.constants.keys), ["conv.w.folded", "conv.bias.folded"], "old weights and BN statistics are dropped")
        XCTAssertEqual(g.constants["conv.w.folded"]?.shape, [2, 1, 1, 1])
        XCTAssertTrue(report.details.contains { $0.contains("folded bn into conv") }, "\(report)")
        XCTAssertNoThrow(try Verifier.verify(g))
    }

    // insideSqrt f = γ / √(var + ε) = [2 / √4.5, 0.5 / √0.75] = [0.94280904, 0.57735027];
    // with conv bias [0.25, -0.5]: b' = (b − mean)·f + β = [(-0.25)·0.94280904 + 1, 0.5·0.57735027].
    func testFoldsOnnxStyleBatchNormIntoExistingBias() throws {
        var g = TestGraphs.convBatchNorm(placement: .insideSqrt, convBias: [0.25, -0.5])
        _ = try FoldBatchNorm().run(on: &g)
        XCTAssertEqual(g.nodes[0].inputs, ["x", "conv.w.folded", "conv.b.folded"])
        assertClose(g.floats("conv.w.folded"), [1.88561808, -0.57735027])
        assertClose(g.floats("conv.b.folded"), [0.76429774, 0.28867513])
    }

    func testFoldsIntoFullyConnected() throws {
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt)
        g.nodes[0].op = .fullyConnected(FullyConnectedAttributes(outputs: 2))
        g.inputs = [ValueInfo(name: "x", type: .float32([1, 1, 1, 1]))]
        g.constants["conv.w"] = ConstantTensor(floats: [2, -1], shape: [2, 1])
        let report = try FoldBatchNorm().run(on: &g)
        XCTAssertTrue(report.changed, "\(report)")
        XCTAssertEqual(g.opKinds, [.fullyConnected])
        assertClose(g.floats("conv.w.folded"), [1.6, -0.5])
        XCTAssertEqual(g.constants["conv.w.folded"]?.shape, [2, 1])
    }

    func testRefusesWhenConvOutputHasAnotherReader() throws {
        let other = Node(name: "other", op: .activation(.relu), inputs: ["conv.out"], outputs: ["other.out"])
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt, outputs: ["bn.out", "other.out"], extra: [other])
        let before = g.nodes
        let report = try FoldBatchNorm().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertEqual(g.nodes, before)
        XCTAssertEqual(report.details, ["kept bn: conv's output 'conv.out' is also read by other"])
    }

    func testRefusesWhenConvOutputIsAGraphOutput() throws {
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt, outputs: ["bn.out", "conv.out"])
        let report = try FoldBatchNorm().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertEqual(g.opKinds, [.conv2d, .batchNorm])
        XCTAssertEqual(report.details, ["kept bn: conv's output 'conv.out' is a graph output"])
    }

    func testRefusesWhenConvAlreadyAppliesAnActivation() throws {
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt)
        var a = TestGraphs.conv1x1
        a.activation = .leaky
        g.nodes[0].op = .conv2d(a)
        let report = try FoldBatchNorm().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertTrue(report.details.first?.contains("applies leaky before the batch norm") ?? false, "\(report)")
    }

    func testRefusesNonConstantStatistics() throws {
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt)
        g.constants["bn.mean"] = nil
        g.inputs.append(ValueInfo(name: "bn.mean", type: .float32([2])))
        let report = try FoldBatchNorm().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertTrue(report.details.first?.contains("mean 'bn.mean' is not a float32 constant") ?? false, "\(report)")
    }

    func testSharedWeightsStayAndNewNamesDoNotCollide() throws {
        let twin = Node(name: "twin", op: .conv2d(TestGraphs.conv1x1), inputs: ["x", "conv.w"], outputs: ["twin.out"])
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt, outputs: ["bn.out", "twin.out"], extra: [twin])
        g.constants["conv.w.folded"] = ConstantTensor(floats: [9], shape: [1])
        _ = try FoldBatchNorm().run(on: &g)
        XCTAssertEqual(g.nodes[0].inputs, ["x", "conv.w.folded_1", "conv.bias.folded"])
        XCTAssertEqual(g.floats("conv.w"), [2, -1], "still read by twin")
        XCTAssertEqual(g.floats("conv.w.folded"), [9], "unrelated constants are left to dead-nodes")
    }
}
