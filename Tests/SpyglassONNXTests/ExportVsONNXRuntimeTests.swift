import Foundation
import XCTest
import SpyglassDarknet
import SpyglassIR
import SpyglassONNX
import SpyglassPasses
import TestSupport

/// Spyglass's ONNX export, checked by onnx.checker (full_check) and run by ONNX Runtime, gives the
/// same tensors as Spyglass's runtime on the IR graph, within 1e-4 relative.
final class ExportVsONNXRuntimeTests: XCTestCase {
    func testYoloV3TinyWithRandomWeightsMatchesONNXRuntime() throws {
        let graph = try darknetGraph(cfg: Fixtures.cfg("yolov3-tiny"))
        try compareExportWithONNXRuntime(graph, label: "yolov3-tiny (random)")
    }

    func testYoloV2TinyWithRandomWeightsMatchesONNXRuntime() throws {
        let graph = try darknetGraph(cfg: Fixtures.cfg("yolov2-tiny"))
        try compareExportWithONNXRuntime(graph, label: "yolov2-tiny (random)")
    }

    /// Also against libdarknet itself: ONNX Runtime's yolo outputs equal the reference Darknet's
    /// layer outputs within the conformance suite's tolerance (1e-3 relative).
    func testPretrainedYoloV3TinyMatchesONNXRuntimeAndLibdarknet() throws {
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        let cfg = Fixtures.cfg("yolov3-tiny"), weights = Fixtures.pretrainedYoloV3TinyWeights
        let model = try DarknetImporter.load(cfg: cfg, weights: weights)
        let shape = model.graph.inputs[0].type.shape.concrete ?? []
        let input = Conformance.randomInput(count: shape.reduce(1, *), seed: 21)
        let result = try compareExportWithONNXRuntime(model.graph, input: input, label: "yolov3-tiny (pretrained)")

        try Conformance.requireReference()
        let reference = try DarknetReference(cfg: cfg.path, weights: weights.path)
        reference.predict(input)
        for layer in model.layers where model.graph.outputs.contains(layer.output) {
            let ort = try XCTUnwrap(result.ortOutputs[layer.output])
            let (err, at) = Conformance.maxScaledError(ort, reference.layerOutput(layer.index).values)
            print("yolov3-tiny (pretrained): ORT vs libdarknet layer \(layer.index): max scaled error \(err)")
            XCTAssertLessThanOrEqual(err, Conformance.darknetTolerance, "layer \(layer.index) [\(layer.section)] at \(at)")
        }
    }

    func testPretrainedYoloV3TinyAfterFoldingAndFusingMatchesONNXRuntime() throws {
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        var graph = try darknetGraph(cfg: Fixtures.cfg("yolov3-tiny"), weights: Fixtures.pretrainedYoloV3TinyWeights)
        _ = try PassManager(passes: PassManager.defaultPasses).run(on: &graph)
        XCTAssertFalse(graph.nodes.contains { $0.op.kind == .batchNorm }, "batch-norm folded away")
        try compareExportWithONNXRuntime(graph, label: "yolov3-tiny (pretrained, optimised)")
    }

    /// The conformance suite's layer zoo (Tests/ConformanceTests/LayerZooConformanceTests.swift): [local],
    /// [connected] with batch-norm, [softmax] groups, [avgpool], grouped conv, a cross-size [shortcut],
    /// [reorg], [upsample], [dropout] and Darknet's other activations.
    func testLayerZooMatchesONNXRuntime() throws {
        let graph = try darknetGraph(cfg: try writeCfg(DarknetZoos.layerZoo, "zoo"))
        try compareExportWithONNXRuntime(graph, label: "layer zoo")
    }

    /// What the zoo leaves out: route groups (slice), upsample scale, mish/swish, shortcut α/β from a
    /// smaller layer, reorg reverse, a region head.
    func testSecondLayerZooMatchesONNXRuntime() throws {
        let graph = try darknetGraph(cfg: try writeCfg(DarknetZoos.secondZoo, "zoo2"))
        try compareExportWithONNXRuntime(graph, label: "layer zoo 2")
    }

    private func writeCfg(_ text: String, _ name: String) throws -> URL {
        let dir = try Fixtures.temporaryDirectory(name)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("\(name).cfg")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
