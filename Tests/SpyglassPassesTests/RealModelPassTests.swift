import Foundation
import SpyglassDarknet
import SpyglassIR
import SpyglassPasses
import SpyglassRuntime
import TestSupport
import XCTest

/// Passes on real Darknet cfgs with seeded random weights: the runtime gives the same outputs before
/// and after (within 1e-4 relative), and the graph is as simple as promised.
final class RealModelPassTests: XCTestCase {
    private static let tolerance: Float = 1e-4
    private static let optimisations: [GraphPass] = [FoldBatchNorm(), FuseActivation(), EliminateIdentity()]

    /// Generating tame random weights takes seconds in debug builds: do it once per cfg.
    private static var models: [String: DarknetModel] = [:]

    private func model(_ cfgName: String) throws -> DarknetModel {
        if let cached = Self.models[cfgName] { return cached }
        let cfg = Fixtures.cfg(cfgName)
        try Conformance.requireFile(cfg)
        let skeleton = try DarknetImporter.load(cfg: cfg, weights: nil)
        let directory = try Fixtures.temporaryDirectory("passes-\(cfgName)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights = directory.appendingPathComponent("random.weights")
        try randomDarknetWeights(for: skeleton, seed: 5).write(to: weights)
        let model = try DarknetImporter.load(cfg: cfg, weights: weights)
        Self.models[cfgName] = model
        return model
    }

    private func run(_ graph: Graph, seed: UInt64 = 1) throws -> [String: Tensor] {
        let plan = try Plan(graph: graph)
        let input = try XCTUnwrap(graph.inputs.first)
        let shape = try XCTUnwrap(input.type.shape.concrete)
        return try plan.run([input.name: Tensor(shape: shape, data: Conformance.randomInput(count: shape.reduce(1, *), seed: seed))])
    }

    private func assertSameOutputs(_ a: [String: Tensor], _ b: [String: Tensor], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(a.keys), Set(b.keys), file: file, line: line)
        for (name, reference) in b {
            guard let t = a[name] else { continue }
            XCTAssertEqual(t.shape, reference.shape, name, file: file, line: line)
            let (error, index) = Conformance.maxScaledError(t.data, reference.data)
            XCTAssertLessThanOrEqual(error, Self.tolerance, "\(name)[\(index)]", file: file, line: line)
        }
    }

    private func assertOptimisedGraphComputesTheSame(_ cfgName: String) throws {
        let original = try model(cfgName).graph
        var optimised = original
        let reports = try PassManager(passes: Self.optimisations).run(on: &optimised)
        XCTAssertTrue(reports.contains { $0.pass == "fold-batchnorm" && $0.changed }, "\(reports)")
        XCTAssertFalse(optimised.nodes.contains { $0.op.kind == .batchNorm }, "every batch norm follows a conv")
        XCTAssertFalse(optimised.nodes.contains { $0.op.kind == .dropout || $0.op.kind == .identity })
        XCTAssertEqual(optimised.outputs, original.outputs)
        XCTAssertLessThan(optimised.nodes.count, original.nodes.count)
        XCTAssertNoThrow(try Verifier.verify(optimised))
        assertSameOutputs(try run(optimised), try run(original))
    }

    func testYoloV3TinyOutputsUnchangedAfterFoldFuseAndIdentityRemoval() throws {
        try assertOptimisedGraphComputesTheSame("yolov3-tiny")
    }

    func testYoloV2TinyOutputsUnchangedAfterFoldFuseAndIdentityRemoval() throws {
        try assertOptimisedGraphComputesTheSame("yolov2-tiny")
    }

    func testYoloV1TinyOutputsUnchangedAfterFoldFuseAndIdentityRemoval() throws {
        try assertOptimisedGraphComputesTheSame("yolov1-tiny")
    }

    func testBatchNormWhoseConvOutputIsAlsoAGraphOutputIsKeptAndOutputsStillMatch() throws {
        let m = try model("yolov3-tiny")
        var original = m.graph
        // Expose the raw output of the first convolution (before its batch norm) as an extra graph output.
        let bnIndex = try XCTUnwrap(original.nodes.firstIndex { $0.op.kind == .batchNorm })
        let bn = original.nodes[bnIndex]
        let rawConv = bn.inputs[0]
        original.outputs.append(rawConv)
        var optimised = original
        let reports = try PassManager(passes: Self.optimisations).run(on: &optimised)
        let fold = try XCTUnwrap(reports.first { $0.pass == "fold-batchnorm" })
        XCTAssertTrue(fold.details.contains { $0.hasPrefix("kept \(bn.name):") && $0.contains("is a graph output") }, "\(fold)")
        XCTAssertEqual(optimised.nodes.filter { $0.op.kind == .batchNorm }.map(\.name), [bn.name])
        assertSameOutputs(try run(optimised), try run(original))
    }

    func testKeepOutputsCutsYoloV3TinyToOneScale() throws {
        let m = try model("yolov3-tiny")
        let yolos = m.graph.nodes.filter { $0.op.kind == .yolo }
        XCTAssertEqual(yolos.count, 2)
        let first = try XCTUnwrap(yolos.first?.outputs.first)
        var cut = m.graph
        let report = try KeepOutputs([first]).run(on: &cut)
        XCTAssertTrue(report.changed)
        XCTAssertEqual(cut.outputs, [first])
        XCTAssertEqual(cut.nodes.filter { $0.op.kind == .yolo }.count, 1)
        XCTAssertFalse(cut.nodes.contains { $0.op.kind == .upsample }, "the second scale's branch is gone")
        XCTAssertLessThan(cut.parameterCount, m.graph.parameterCount)
        XCTAssertNoThrow(try Verifier.verify(cut))
        let full = try run(m.graph)
        let single = try run(cut)
        XCTAssertEqual(Array(single.keys), [first])
        XCTAssertEqual(single[first], full[first], "the kept scale is computed exactly as before")
    }
}
