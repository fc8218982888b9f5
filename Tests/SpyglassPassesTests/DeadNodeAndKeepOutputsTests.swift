import SpyglassIR
@testable import SpyglassPasses
import XCTest

final class DeadNodeAndKeepOutputsTests: XCTestCase {
    /// x → a → b → c (output), and a → side (dangling) reading constant `side.w`.
    private func graph() -> Graph {
        Graph(name: "g", inputs: [TestGraphs.input()], outputs: ["c.out"], nodes: [
            TestGraphs.node("a", .activation(.relu), ["x"]),
            TestGraphs.node("side", .biasAdd, ["a.out", "side.b"]),
            TestGraphs.node("b", .activation(.leaky), ["a.out"]),
            TestGraphs.node("c", .activation(.logistic), ["b.out"]),
        ], constants: ["side.b": ConstantTensor(floats: [1], shape: [1]), "stray": ConstantTensor(floats: [2], shape: [1])])
    }

    func testNodesNotReachingAnOutputAndUnusedConstantsAreRemoved() throws {
        var g = graph()
        let report = try DeadNodeElimination().run(on: &g)
        XCTAssertEqual(g.nodes.map(\.name), ["a", "b", "c"])
        XCTAssertTrue(g.constants.isEmpty)
        XCTAssertEqual(report.details, ["removed nodes: side", "removed constants: side.b, stray"])
        XCTAssertFalse(try DeadNodeElimination().run(on: &g).changed, "a second run finds nothing")
    }

    func testKeepOutputsCutsTheGraphAtTheNamedTensors() throws {
        var g = graph()
        let report = try KeepOutputs(["a.out", "side.out"]).run(on: &g)
        XCTAssertTrue(report.changed)
        XCTAssertEqual(g.outputs, ["a.out", "side.out"])
        XCTAssertEqual(g.nodes.map(\.name), ["a", "side"])
        XCTAssertEqual(Set(g.constants.keys), ["side.b"])
        XCTAssertTrue(report.details.contains("removed nodes: b, c"), "\(report)")
    }

    func testKeepOutputsWithUnknownNamesListsCloseMatches() {
        var g = graph()
        XCTAssertThrowsError(try KeepOutputs(["b.ot", "zzz-nothing-like-it"]).run(on: &g)) { e in
            guard case PassError.unknownTensors(let names, let close)? = e as? PassError else { return XCTFail("\(e)") }
            XCTAssertEqual(names, ["b.ot", "zzz-nothing-like-it"])
            XCTAssertEqual(close.first, "b.out")
            XCTAssertTrue("\(e)".contains("close matches: b.out"), "\(e)")
        }
        XCTAssertEqual(g.nodes.count, 4, "the graph is untouched on error")
        XCTAssertThrowsError(try KeepOutputs([]).run(on: &g))
    }

    func testEditDistance() {
        XCTAssertEqual(CloseMatches.distance("kitten", "sitting"), 3)
        XCTAssertEqual(CloseMatches.distance("", "abc"), 3)
        XCTAssertEqual(CloseMatches.distance("same", "same"), 0)
    }
}
