import SpyglassIR
import SpyglassPasses
import XCTest

final class ConstantFoldingTests: XCTestCase {
    private func c(_ values: [Float], _ shape: [Int]) -> ConstantTensor { ConstantTensor(floats: values, shape: shape) }

    func testChainOfConstantOpsBecomesOneConstant() throws {
        // k = [-1, 2] → relu → [0, 2] → biasAdd [10, 20] → [10, 22]; x + that stays a node.
        var g = Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 2, 1, 1]))], outputs: ["sum.out"], nodes: [
            TestGraphs.node("relu", .activation(.relu), ["k"]),
            TestGraphs.node("bias", .biasAdd, ["relu.out", "b"]),
            TestGraphs.node("sum", .add, ["x", "bias.out"]),
        ], constants: ["k": c([-1, 2], [1, 2, 1, 1]), "b": c([10, 20], [2])])
        let report = try ConstantFolding().run(on: &g)
        XCTAssertTrue(report.changed)
        XCTAssertEqual(g.nodes.map(\.name), ["sum"])
        XCTAssertEqual(g.floats("bias.out"), [10, 22])
        XCTAssertEqual(Set(g.constants.keys), ["bias.out"], "inputs used only by folded nodes are dropped")
        XCTAssertEqual(report.details, ["folded relu (activation) into constant 'relu.out' [1, 2, 1, 1]",
                                        "folded bias (biasAdd) into constant 'bias.out' [1, 2, 1, 1]",
                                        "dropped unused constants: b, k, relu.out"])
        XCTAssertNoThrow(try Verifier.verify(g))
    }

    func testConcatSliceUpsampleAndBatchNormAreEvaluated() throws {
        // a = [[1,2],[3,4]] (C=2, H=1, W=2), bb = [[5,6]] (C=1): concat on channels → [1,2,3,4,5,6];
        // slice channels 1..<3 → [3,4,5,6]; upsample ×2 with multiplier 0.5 → each value halved, repeated 2×2.
        // batchNorm (afterSqrt, ε = 1): (v − mean) · γ / (√var + ε) + β with mean 1, var 9, γ 2, β 0.5 on channel 0.
        var g = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["keep.out"], nodes: [
            TestGraphs.node("cat", .concat(ConcatAttributes(axis: 1)), ["a", "bb"]),
            TestGraphs.node("cut", .slice(SliceAttributes(axis: 1, start: 1, end: 3)), ["cat.out"]),
            TestGraphs.node("up", .upsample(UpsampleAttributes(factor: 2, multiplier: 0.5)), ["cut.out"]),
            TestGraphs.node("bn", .batchNorm(BatchNormAttributes(epsilon: 1, placement: .afterSqrt)), ["up.out", "s", "beta", "m", "v"]),
            TestGraphs.node("keep", .add, ["bn.out", "bn.out"]),
            TestGraphs.node("unused", .identity, ["x"]),
        ], constants: ["a": c([1, 2, 3, 4], [1, 2, 1, 2]), "bb": c([5, 6], [1, 1, 1, 2]),
                       "s": c([2, 1], [2]), "beta": c([0.5, 0], [2]), "m": c([1, 0], [2]), "v": c([9, 0], [2])])
        _ = try ConstantFolding().run(on: &g)
        XCTAssertEqual(g.nodes.map(\.name), ["keep", "unused"], "graph outputs are still computed by a node")
        XCTAssertEqual(g.constants["bn.out"]?.shape, [1, 2, 2, 4])
        // channel 0: up = [1.5,1.5,2,2] per row → (v − 1)·2/4 + 0.5 = [0.75,0.75,1,1]; channel 1: up = [2.5,2.5,3,3] → v / (0 + 1).
        XCTAssertEqual(g.floats("bn.out"), [0.75, 0.75, 1, 1, 0.75, 0.75, 1, 1, 2.5, 2.5, 3, 3, 2.5, 2.5, 3, 3])
    }

    func testOpsNeedingTheRuntimeAreReportedAsSkipped() throws {
        var g = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["sum.out"], nodes: [
            TestGraphs.node("conv", .conv2d(TestGraphs.conv1x1), ["k", "w"]),
            TestGraphs.node("sum", .add, ["conv.out", "conv.out"]),
        ], constants: ["k": c([1, 2, 3, 4], [1, 1, 2, 2]), "w": c([1, 2], [2, 1, 1, 1])])
        let report = try ConstantFolding().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertEqual(report.details, ["skipped conv: conv2d is not evaluated without the runtime"])
    }
}
