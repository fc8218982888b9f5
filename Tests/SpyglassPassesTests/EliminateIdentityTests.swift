import SpyglassIR
import SpyglassPasses
import XCTest

final class EliminateIdentityTests: XCTestCase {
    private let pool = Op.maxPool(Pool2DAttributes(kernelH: 1, kernelW: 1, strideH: 1, strideW: 1))

    func testReadersOfAnIdentityReadItsInput() throws {
        var g = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["pool.out"], nodes: [
            TestGraphs.node("a", .activation(.relu), ["x"]),
            TestGraphs.node("id", .identity, ["a.out"]),
            TestGraphs.node("drop", .dropout(probability: 0.5), ["id.out"]),
            TestGraphs.node("pool", pool, ["drop.out"]),
        ])
        let report = try EliminateIdentity().run(on: &g)
        XCTAssertTrue(report.changed)
        XCTAssertEqual(g.nodes.map(\.name), ["a", "pool"])
        XCTAssertEqual(g.nodes[1].inputs, ["a.out"])
        XCTAssertEqual(report.details, ["removed id: readers of 'id.out' now read 'a.out'",
                                        "removed drop: readers of 'drop.out' now read 'a.out'"])
        XCTAssertNoThrow(try Verifier.verify(g))
    }

    func testIdentityProducingAGraphOutputRenamesItsProducerInstead() throws {
        var g = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["result"], nodes: [
            TestGraphs.node("a", .activation(.relu), ["x"]),
            TestGraphs.node("b", pool, ["a.out"]),
            Node(name: "id", op: .identity, inputs: ["a.out"], outputs: ["result"]),
        ])
        let report = try EliminateIdentity().run(on: &g)
        XCTAssertEqual(report.details, ["removed id: a now writes graph output 'result' (was 'a.out')"])
        XCTAssertEqual(g.outputs, ["result"], "graph output names never change")
        XCTAssertEqual(g.nodes.map(\.name), ["a", "b"])
        XCTAssertEqual(g.nodes[0].outputs, ["result"])
        XCTAssertEqual(g.nodes[1].inputs, ["result"], "other readers follow the rename")
        XCTAssertNoThrow(try Verifier.verify(g))
    }

    func testIdentityBetweenGraphInputAndGraphOutputStays() throws {
        var g = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["y"],
                      nodes: [Node(name: "id", op: .identity, inputs: ["x"], outputs: ["y"])])
        let report = try EliminateIdentity().run(on: &g)
        XCTAssertFalse(report.changed)
        XCTAssertEqual(g.nodes.count, 1)
        XCTAssertTrue(report.details[0].hasPrefix("kept id:"))
    }

    func testIdentityWhoseInputAndOutputAreBothGraphOutputsStays() throws {
        var g = Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["a.out", "y"], nodes: [
            TestGraphs.node("a", .activation(.relu), ["x"]),
            Node(name: "id", op: .identity, inputs: ["a.out"], outputs: ["y"]),
        ])
        XCTAssertFalse(try EliminateIdentity().run(on: &g).changed)
        XCTAssertEqual(g.nodes.count, 2)
    }
}
