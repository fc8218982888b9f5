import SpyglassIR
import SpyglassPasses
import XCTest

final class PassManagerTests: XCTestCase {
    func testEveryCLINameGivesItsPass() {
        for name in ["fold-batchnorm", "fuse-activation", "eliminate-identity", "dead-nodes", "constant-folding"] {
            XCTAssertEqual(PassManager.pass(named: name)?.name, name)
        }
        XCTAssertNil(PassManager.pass(named: "fold-everything"))
        XCTAssertEqual(PassManager.defaultPasses.map(\.name).sorted(), PassManager.passNames.sorted())
    }

    func testEachPassNamesTheOpsItTargets() {
        XCTAssertEqual(FoldBatchNorm().targetOps, [.batchNorm])
        XCTAssertEqual(FuseActivation().targetOps, [.activation])
        XCTAssertEqual(EliminateIdentity().targetOps, [.identity, .dropout])
    }

    func testDefaultPassesReduceConvBatchNormActivationIdentityToOneConv() throws {
        let tail = [Node(name: "act", op: .activation(.leaky), inputs: ["bn.out"], outputs: ["act.out"]),
                    Node(name: "id", op: .identity, inputs: ["act.out"], outputs: ["y"])]
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt, outputs: ["y"], extra: tail)
        let reports = try PassManager(passes: PassManager.defaultPasses).run(on: &g)
        XCTAssertEqual(g.nodes.count, 1)
        XCTAssertEqual(g.nodes[0].name, "conv")
        XCTAssertEqual(g.nodes[0].outputs, ["y"])
        XCTAssertEqual(g.nodes[0].op.fusedActivation, .leaky)
        XCTAssertEqual(g.outputs, ["y"])
        XCTAssertEqual(reports.count, 10, "two rounds of five passes: the second changes nothing")
        XCTAssertTrue(reports.suffix(5).allSatisfy { !$0.changed })
        XCTAssertNoThrow(try Verifier.verify(g))
    }

    func testWithoutFixpointEachPassRunsOnce() throws {
        var g = TestGraphs.convBatchNorm(placement: .afterSqrt)
        let reports = try PassManager(passes: [FoldBatchNorm(), FoldBatchNorm()]).run(on: &g, toFixpoint: false)
        XCTAssertEqual(reports.map(\.changed), [true, false])
    }

    func testReportDescriptionListsDetails() {
        let r = PassReport(pass: "fold-batchnorm", changed: true, details: ["folded bn into conv"])
        XCTAssertEqual(r.description, "fold-batchnorm: changed\n  - folded bn into conv")
    }
}
