import Foundation
import XCTest
import SpyglassDarknet
import SpyglassIR
import SpyglassPasses
import SpyglassRuntime
import TestSupport

/// Spyglass against the reference Darknet (Debian's libdarknet.so): the same cfg, the same seeded
/// weights and the same input; every layer's output compared element by element,
/// max |Δ| ≤ 1e-3 × max(1, |ref|). Then again with batch-norm folded and activations fused.
struct ConformanceOutcome {
    var worstLayer: Int
    var worstError: Float
    var outputErrors: [Float]
    var foldedOutputErrors: [Float]
}

extension XCTestCase {
    /// Runs cfg (+ weights, or seeded random ones) through both engines and asserts agreement.
    @discardableResult
    func compareWithLibdarknet(_ cfgURL: URL, weights givenWeights: URL? = nil, seed: UInt64 = 7,
                 file: StaticString = #filePath, line: UInt = #line) throws -> ConformanceOutcome {
        try Conformance.requireReference()
        let dir = try Fixtures.temporaryDirectory("conformance")
        defer { try? FileManager.default.removeItem(at: dir) }
        var weightsURL = givenWeights
        if weightsURL == nil {
            let skeleton = try DarknetImporter.load(cfg: cfgURL, weights: nil)
            let url = dir.appendingPathComponent("random.weights")
            try randomDarknetWeights(for: skeleton, seed: seed).write(to: url)
            weightsURL = url
        }
        let model = try DarknetImporter.load(cfg: cfgURL, weights: weightsURL)
        let reference = try DarknetReference(cfg: cfgURL.path, weights: weightsURL?.path)
        let shape = reference.inputShape
        let input = Conformance.randomInput(count: shape.reduce(1, *), seed: seed &+ 1)
        reference.predict(input)

        let plan = try Plan(graph: model.graph, options: RuntimeOptions(threads: 2, keepIntermediates: true))
        let outputs = try plan.run(["input": Tensor(shape: shape, data: input)])
        XCTAssertEqual(model.layers.count, reference.layerCount, "layer count", file: file, line: line)

        var worst: (layer: Int, error: Float) = (-1, 0)
        for layer in model.layers {
            let ref = reference.layerOutput(layer.index)
            let ours = try plan.tensor(named: layer.output)
            XCTAssertEqual(ours.count, ref.values.count, "layer \(layer.index) [\(layer.section)] element count", file: file, line: line)
            let (err, at) = Conformance.maxScaledError(ours.data, ref.values)
            if err > worst.error { worst = (layer.index, err) }
            if err > Conformance.darknetTolerance {
                XCTFail("\(cfgURL.lastPathComponent): layer \(layer.index) [\(layer.section)] (cfg line \(layer.line)) differs from libdarknet: "
                        + "max scaled error \(err) at element \(at) (ours \(at >= 0 && at < ours.count ? ours.data[at] : .nan), "
                        + "ref \(at >= 0 && at < ref.values.count ? ref.values[at] : .nan))", file: file, line: line)
                break  // later layers inherit the difference; the first one is the informative one
            }
        }
        let outputLayers = model.layers.filter { model.graph.outputs.contains($0.output) }
        let outputErrors = outputLayers.map { l in Conformance.maxScaledError(outputs[l.output]?.data ?? [], reference.layerOutput(l.index).values).error }

        // Batch-norm folded, activations fused, identities removed: same outputs.
        var folded = model.graph
        _ = try PassManager(passes: PassManager.defaultPasses).run(on: &folded)
        XCTAssertFalse(folded.nodes.contains { if case .batchNorm = $0.op { return true } else { return false } } && model.graph.nodes.contains { if case .conv2d = $0.op { return true } else { return false } },
                       "fold-batchnorm left batch-norm nodes behind", file: file, line: line)
        let foldedPlan = try Plan(graph: folded, options: RuntimeOptions(threads: 2))
        let foldedOut = try foldedPlan.run(["input": Tensor(shape: shape, data: input)])
        let foldedErrors = outputLayers.map { l in Conformance.maxScaledError(foldedOut[l.output]?.data ?? [], reference.layerOutput(l.index).values).error }
        for (l, e) in zip(outputLayers, foldedErrors) where e > Conformance.darknetTolerance {
            XCTFail("\(cfgURL.lastPathComponent) folded: output layer \(l.index) differs from libdarknet by \(e)", file: file, line: line)
        }
        let outcome = ConformanceOutcome(worstLayer: worst.layer, worstError: worst.error, outputErrors: outputErrors, foldedOutputErrors: foldedErrors)
        print("[conformance] \(cfgURL.lastPathComponent): \(model.layers.count) layers, worst layer \(worst.layer) error \(worst.error), "
              + "outputs \(outputErrors), folded outputs \(foldedErrors)")
        return outcome
    }

}
