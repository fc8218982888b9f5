import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime
import TestSupport

/// ONNX's backend node tests for the op types the importer supports: import, plan, run, compare
/// with ONNX's expected outputs at rtol 1e-3, atol 1e-7. Cases with non-float32 tensors are skipped
/// (the runtime computes in float32), as are cases the importer refuses with a typed error (an
/// attribute value or a non-constant input it cannot map); the table says which and why.
final class ImportNodeConformanceTests: XCTestCase {
    enum Outcome { case pass, skip(String), fail(String) }

    func testONNXNodeTestsForSupportedOpsPass() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-node-tests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let supported = ONNXImporter.supportedOpTypes()
        try PythonReference.run(NodeConformanceCases.script, [dir.path, supported.joined(separator: ",")], in: dir)
        let cases = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { !$0.hasSuffix(".py") }.sorted()
        XCTAssertGreaterThan(cases.count, 50, "expected many node test cases for \(supported)")

        var table: [String: (pass: Int, skip: Int, fail: Int)] = [:]
        var notes: [String] = []
        for name in cases {
            let caseDir = dir.appendingPathComponent(name)
            let model = try ONNXReader.read(contentsOf: caseDir.appendingPathComponent("model.onnx"))
            let op = Set(model.graph.nodes.map(\.opType)).sorted().joined(separator: "+")
            let outcome = run(model, caseDir)
            switch outcome {
            case .pass: table[op, default: (0, 0, 0)].pass += 1
            case .skip(let why): table[op, default: (0, 0, 0)].skip += 1; notes.append("skip \(name): \(why)")
            case .fail(let why): table[op, default: (0, 0, 0)].fail += 1; notes.append("FAIL \(name): \(why)")
                XCTFail("\(name): \(why)")
            }
        }
        var report = "ONNX node tests (rtol 1e-3, atol 1e-7), \(cases.count) cases\n"
        report += "op".padding(toLength: 40, withPad: " ", startingAt: 0) + " pass skip fail\n"
        for (op, c) in table.sorted(by: { $0.key < $1.key }) {
            report += op.padding(toLength: 40, withPad: " ", startingAt: 0)
                + String(format: " %4d %4d %4d\n", c.pass, c.skip, c.fail)
        }
        let totals = table.values.reduce((0, 0, 0)) { ($0.0 + $1.pass, $0.1 + $1.skip, $0.2 + $1.fail) }
        report += "total: \(totals.0) pass, \(totals.1) skip, \(totals.2) fail\n" + notes.joined(separator: "\n")
        print(report)
    }

    private func run(_ original: ONNXModel, _ dir: URL) -> Outcome {
        let data = dir.appendingPathComponent("test_data_set_0")
        func tensors(_ prefix: String, _ count: Int) throws -> [ONNXTensor] {
            try (0..<count).map { try ONNXReader.parseTensor(Data(contentsOf: data.appendingPathComponent("\(prefix)_\($0).pb"))) }
        }
        let inputs: [ONNXTensor], expected: [ONNXTensor]
        do {
            inputs = try tensors("input", original.graph.inputs.count)
            expected = try tensors("output", original.graph.outputs.count)
        } catch let error as ONNXError {
            if case .unknownDataType = error { return .skip("\(error)") }
            return .fail("cannot read test data: \(error)")
        } catch { return .fail("cannot read test data: \(error)") }
        // Only the first input and the outputs flow through the float32 runtime; other inputs
        // (shapes, indices, axes) may be int64 when they are used as constants below.
        if let t = (Array(inputs.prefix(1)) + expected).first(where: { $0.dataType != .float }) {
            return .skip("\(t.dataType.name) tensor (float32 only)")
        }
        // First with every input live; else with all but the first as constants (weights, scales …),
        // which the importer and the optimised kernels need to be constant.
        var constantsModel = original
        for (info, t) in zip(original.graph.inputs, inputs).dropFirst() {
            var c = t
            c.name = info.name
            constantsModel.graph.initializers.append(c)
        }
        constantsModel.graph.inputs = Array(original.graph.inputs.prefix(1))
        var plan: Plan? = nil, live = 0, refusal = ""
        for (model, liveCount) in [(original, original.graph.inputs.count), (constantsModel, 1)] where plan == nil {
            do {
                plan = try Plan(graph: try ONNXImporter.importModel(model))
                live = liveCount
            } catch let error as ONNXError {
                refusal = "\(error)"
            } catch let error as RuntimeError {
                guard case .unsupported = error else { return .fail("\(error)") }
                refusal = "\(error)"
            } catch {
                return .fail("\(error)")
            }
        }
        guard let plan else { return .skip(refusal) }
        do {
            var feed: [String: Tensor] = [:]
            for (info, t) in zip(original.graph.inputs, inputs).prefix(live) {
                feed[info.name] = Tensor(shape: t.dims, data: try t.floats())
            }
            let outputs = try plan.run(feed)
            for (info, want) in zip(original.graph.outputs, expected) {
                guard let got = outputs[info.name] else { return .fail("no output '\(info.name)'") }
                guard got.shape == want.dims || got.count == want.elementCount && want.elementCount <= 1 else {
                    return .fail("output '\(info.name)' shape \(got.shape), expected \(want.dims)")
                }
                let values = try want.floats()
                for (i, (a, b)) in zip(got.data, values).enumerated() {
                    let ok = (a.isNaN && b.isNaN) || a == b || abs(a - b) <= 1e-7 + 1e-3 * abs(b)
                    if !ok { return .fail("output '\(info.name)'[\(i)] = \(a), expected \(b)") }
                }
            }
            return .pass
        } catch {
            return .fail("\(error)")
        }
    }
}
