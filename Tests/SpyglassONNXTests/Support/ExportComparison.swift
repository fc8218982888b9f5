import Foundation
import XCTest
import SpyglassDarknet
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime
import TestSupport

/// ONNX Runtime on Spyglass's ONNX export against Spyglass's own `Plan` on the IR graph (which the
/// conformance suite pins to libdarknet): every IR tensor is also exposed as an ONNX output, so
/// a mismatch names the first node whose export differs.
struct ExportComparison {
    /// The tolerance the exported model must meet: max |Δ| ≤ 1e-4 × max(1, |ref|).
    static let tolerance: Float = 1e-4

    var outputErrors: [String: Float]
    /// ONNX Runtime's value of each IR graph output.
    var ortOutputs: [String: [Float]] = [:]
    var worstTensor: String
    var worstError: Float
}

extension XCTestCase {
    @discardableResult
    func compareExportWithONNXRuntime(_ graph: Graph, opset: Int = 17, seed: UInt64 = 11, input given: [Float]? = nil, label: String,
                                      file: StaticString = #filePath, line: UInt = #line) throws -> ExportComparison {
        try PythonReference.require(file: file, line: line)
        let dir = try Fixtures.temporaryDirectory("onnx-export")
        defer { try? FileManager.default.removeItem(at: dir) }

        // Export, then expose every IR node output as a graph output (test-only edit of the model values).
        var model = try ONNXExporter.model(graph, opset: opset)
        let irTensors = graph.nodes.flatMap(\.outputs)
        let extra = model.graph.valueInfo.filter { irTensors.contains($0.name) }
        model.graph.outputs += extra
        let url = dir.appendingPathComponent("model.onnx")
        try ONNXWriter.write(model, to: url)

        guard let input = graph.inputs.first, let shape = input.type.shape.concrete else {
            throw PythonReference.Failure(description: "graph needs one concrete input")
        }
        let values = given ?? Conformance.randomInput(count: shape.reduce(1, *), seed: seed)
        let plan = try Plan(graph: graph, options: RuntimeOptions(threads: 2, keepIntermediates: true))
        _ = try plan.run([input.name: Tensor(shape: shape, data: values)])

        let names = model.graph.outputs.map(\.name)
        let ort = try PythonReference.checkAndRun(model: url, inputs: [input.name: (shape, values)], outputs: names, in: dir)

        var result = ExportComparison(outputErrors: [:], worstTensor: "", worstError: 0)
        var reported = false
        let producers = graph.producers
        for name in irTensors {  // execution order: the first failure is the informative one
            guard let i = names.firstIndex(of: name) else { XCTFail("\(label): '\(name)' missing from the ONNX outputs", file: file, line: line); continue }
            let tensor = try plan.tensor(named: name)
            // ORT's values come back as float32 whatever the element type; ours are compared the same way.
            let ours = tensor.doubles.map { Float($0) }
            let (err, at) = Conformance.maxScaledError(ort[i], ours)
            if graph.outputs.contains(name) { result.outputErrors[name] = err; result.ortOutputs[name] = ort[i] }
            if err > result.worstError { result.worstError = err; result.worstTensor = name }
            if err > ExportComparison.tolerance && !reported {
                reported = true
                let node = producers[name].map { graph.nodes[$0].label } ?? name
                XCTFail("\(label): ONNX Runtime differs from Spyglass at \(node), tensor '\(name)': max scaled error \(err) at \(at) "
                        + "(ORT \(at >= 0 && at < ort[i].count ? ort[i][at] : .nan), Spyglass \(at >= 0 && at < ours.count ? ours[at] : .nan))",
                        file: file, line: line)
            }
        }
        for name in graph.outputs { XCTAssertNotNil(result.outputErrors[name], "\(label): output '\(name)' compared", file: file, line: line) }
        print("\(label): ORT vs Spyglass max scaled error per output: "
              + graph.outputs.map { "\($0)=\(result.outputErrors[$0] ?? .nan)" }.joined(separator: ", ")
              + "; worst tensor \(result.worstTensor) \(result.worstError)")
        return result
    }

    /// A Darknet cfg with seeded random weights (or the given weights file), as a Spyglass graph.
    func darknetGraph(cfg: URL, weights: URL? = nil, seed: UInt64 = 5) throws -> Graph {
        if let weights { return try DarknetImporter.load(cfg: cfg, weights: weights).graph }
        let skeleton = try DarknetImporter.load(cfg: cfg, weights: nil)
        let data = randomDarknetWeights(for: skeleton, seed: seed)
        let text = try String(contentsOf: cfg, encoding: .utf8)
        return try DarknetImporter.parse(cfgText: text, fileName: cfg.lastPathComponent, weights: data).graph
    }
}
