import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX
import TestSupport

/// Hand-built IR graphs (ops and attribute combinations the Darknet cfgs do not reach), exported and
/// run by ONNX Runtime, against Spyglass's runtime.
final class IRGraphExportTests: XCTestCase {
    func testEveryOpKindMatchesONNXRuntime() throws {
        let graph = TestGraphs.allOps()
        XCTAssertEqual(Set(graph.nodes.map(\.op.kind)), Set(OpKind.allCases), "the graph covers every op kind")
        try compareExportWithONNXRuntime(graph, label: "all ops")
    }

    /// Inputs from −24 to 23.625 in steps of 0.375: integers and halves (stair's steps, plse's and
    /// lhtan's breakpoints) included, and |x| > 20 for mish's softplus threshold.
    func testEveryActivationMatchesONNXRuntimeAtBreakpoints() throws {
        let input = (0..<128).map { Float($0 - 64) * 0.375 }
        try compareExportWithONNXRuntime(TestGraphs.activations(), input: input, label: "activations opset 17")
    }

    func testMishUsesTheMishOpFromOpset18AndMatches() throws {
        let input = (0..<128).map { Float($0 - 64) * 0.375 }
        let model = try ONNXExporter.model(TestGraphs.activations(), opset: 18)
        XCTAssertTrue(model.graph.nodes.contains { $0.opType == "Mish" })
        XCTAssertFalse(try ONNXExporter.model(TestGraphs.activations(), opset: 17).graph.nodes.contains { $0.opType == "Mish" })
        try compareExportWithONNXRuntime(TestGraphs.activations(), opset: 18, input: input, label: "activations opset 18")
    }

    func testOldestSupportedOpsetExportsAndMatches() throws {
        try compareExportWithONNXRuntime(TestGraphs.allOps(), opset: 13, label: "all ops opset 13")
    }

    func testShortcutAcrossSizesAndChannelCountsMatchesONNXRuntime() throws {
        try compareExportWithONNXRuntime(TestGraphs.shortcuts(), label: "shortcuts")
    }

    func testDarknetBatchNormEpsilonAfterSqrtMatchesONNXRuntime() throws {
        try compareExportWithONNXRuntime(TestGraphs.darknetBatchNorm(), label: "darknet batch-norm")
    }

    func testReorgPoolingRegionAndDetectionLayoutsMatchONNXRuntime() throws {
        try compareExportWithONNXRuntime(TestGraphs.layouts(), label: "layouts")
    }

    func testResizeInEveryModeAndCoordinateTransformMatchesONNXRuntime() throws {
        try compareExportWithONNXRuntime(TestGraphs.resizes(), opset: 19, label: "resizes opset 19")
    }

    func testResizeWithoutAxesAttributeBeforeOpset18MatchesONNXRuntime() throws {
        var graph = TestGraphs.resizes()
        graph.nodes.removeAll { if case .resize(let a) = $0.op { return a.antialias || a.coordinateTransform == .halfPixelSymmetric }; return false }
        graph.outputs = graph.nodes.flatMap(\.outputs)
        let model = try ONNXExporter.model(graph, opset: 17)
        XCTAssertTrue(model.graph.nodes.allSatisfy { $0.attributes["axes"] == nil })
        try compareExportWithONNXRuntime(graph, opset: 17, label: "resizes opset 17")
    }

    func testResizeFeaturesNewerThanTheOpsetAreRefusedByName() {
        XCTAssertThrowsError(try ONNXExporter.export(TestGraphs.resizes(), opset: 17)) { error in
            XCTAssertTrue("\(error)".contains("linear_antialias_down"), "\(error)")
        }
    }

    func testUnsupportedOpsetIsRefused() {
        XCTAssertThrowsError(try ONNXExporter.export(TestGraphs.allOps(), opset: 11)) { error in
            XCTAssertEqual(error as? ONNXError, .unsupportedOpset(11, supported: ONNXExporter.supportedOpsets))
        }
    }

    func testDetectorOutputsKeepTheirNodeAndTensorNamesAndAttributes() throws {
        let model = try ONNXExporter.model(TestGraphs.allOps())
        for name in ["yolo", "region", "detection"] {
            let producer = model.graph.nodes.first { $0.outputs == ["\(name).out"] }
            XCTAssertEqual(producer?.name, name, "the node writing \(name).out keeps the IR node's name")
            XCTAssertTrue(model.graph.outputs.contains { $0.name == "\(name).out" })
            let meta = model.metadataValue(ONNXMetadataKeys.outputPrefix + "\(name).out")
            XCTAssertNotNil(meta)
            XCTAssertTrue(meta?.contains("\"op\":\"\(name)\"") ?? false, meta ?? "")
        }
        XCTAssertTrue(model.metadataValue(ONNXMetadataKeys.outputPrefix + "yolo.out")?.contains("\"mask\":[3,4,5]") ?? false)
    }
}
