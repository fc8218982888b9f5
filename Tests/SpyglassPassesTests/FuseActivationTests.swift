import SpyglassIR
import SpyglassPasses
import XCTest

final class FuseActivationTests: XCTestCase {
    private func convThenActivation(outputs: [String] = ["act.out"], extra: [Node] = [], producer: Op? = nil) -> Graph {
        Graph(name: "g", inputs: [TestGraphs.input()], outputs: outputs, nodes: [
            Node(name: "conv", op: producer ?? .conv2d(TestGraphs.conv1x1), inputs: ["x", "w"], outputs: ["conv.out"]),
            Node(name: "act", op: .activation(.leaky), inputs: ["conv.out"], outputs: ["act.out"]),
        ] + extra, constants: ["w": ConstantTensor(floats: [1, 2], shape: [2, 1, 1, 1])])
    }

    func testActivationMovesIntoConvWhichTakesItsOutputName() throws {
        var g = convThenActivation()
        let report = try FuseActivation().run(on: &g)
        XCTAssertTrue(report.changed)
        XCTAssertEqual(report.details, ["fused act (leaky) into conv"])
        XCTAssertEqual(g.nodes.count, 1)
        XCTAssertEqual(g.nodes[0].op.fusedActivation, .leaky)
        XCTAssertEqual(g.nodes[0].outputs, ["act.out"])
        XCTAssertNoThrow(try Verifier.verify(g))
    }

    func testFusesIntoShortcut() throws {
        var g = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["act.out"], nodes: [
            Node(name: "sc", op: .shortcut(ShortcutAttributes()), inputs: ["x", "x"], outputs: ["sc.out"]),
            Node(name: "act", op: .activation(.mish), inputs: ["sc.out"], outputs: ["act.out"]),
        ])
        XCTAssertTrue(try FuseActivation().run(on: &g).changed)
        XCTAssertEqual(g.nodes.map(\.op), [.shortcut(ShortcutAttributes(activation: .mish))])
    }

    func testKeepsActivationWhenProducerOutputHasAnotherReader() throws {
        let other = Node(name: "other", op: .identity, inputs: ["conv.out"], outputs: ["other.out"])
        var g = convThenActivation(outputs: ["act.out", "other.out"], extra: [other])
        let report = try FuseActivation().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertEqual(g.nodes.count, 3)
        XCTAssertEqual(report.details, ["kept act: conv's output 'conv.out' has other readers"])
    }

    func testKeepsActivationWhenProducerOutputIsAGraphOutput() throws {
        var g = convThenActivation(outputs: ["act.out", "conv.out"])
        let report = try FuseActivation().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertEqual(report.details, ["kept act: conv's output 'conv.out' is a graph output"])
    }

    func testKeepsActivationAfterOpsThatCannotCarryOne() throws {
        var a = TestGraphs.conv1x1
        a.activation = .relu
        var g = convThenActivation(producer: .conv2d(a))
        XCTAssertEqual(try FuseActivation().run(on: &g).details, ["kept act: conv (conv2d) already applies relu"])
        var pool = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["act.out"], nodes: [
            Node(name: "pool", op: .maxPool(Pool2DAttributes(kernelH: 1, kernelW: 1, strideH: 1, strideW: 1)), inputs: ["x"], outputs: ["p"]),
            Node(name: "act", op: .activation(.leaky), inputs: ["p"], outputs: ["act.out"]),
        ])
        XCTAssertEqual(try FuseActivation().run(on: &pool).details, ["kept act: pool (maxPool) cannot carry an activation"])
        XCTAssertEqual(pool.nodes.count, 2)
    }
}
