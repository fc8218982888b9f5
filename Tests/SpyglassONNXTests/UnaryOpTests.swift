import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime
import TestSupport

/// The IR's `unary` op: every function exported to ONNX matches ONNX Runtime, the optimised kernel
/// matches the reference kernel, and hand-computed values hold.
final class UnaryOpTests: XCTestCase {
    /// x → every function (log, sqrt and reciprocal of exp(x), so their inputs are positive).
    static func graph() -> Graph {
        var b = TestGraphs.Builder(seed: 3)
        var outputs: [String] = []
        let positive = b.node("exp", .unary(UnaryAttributes(.exp)), ["x"])
        outputs.append(positive)
        for op in UnaryOperator.allCases where op != .exp {
            let a: UnaryAttributes
            switch op {
            case .hardSigmoid: a = UnaryAttributes(op, alpha: 0.2, beta: 0.5)
            case .clip: a = UnaryAttributes(op, alpha: -1.5, beta: 2.25)
            case .leakyRelu: a = UnaryAttributes(op, alpha: 0.2)
            case .elu: a = UnaryAttributes(op, alpha: 2)
            default: a = UnaryAttributes(op)
            }
            let input = [.log, .sqrt, .reciprocal].contains(op) ? positive : "x"
            outputs.append(b.node(op.rawValue, .unary(a), [input]))
        }
        return b.graph("unary", input: [1, 2, 8, 8], outputs: outputs)
    }

    static let input = (0..<128).map { Float($0 - 64) * 0.0625 }

    func testEveryUnaryFunctionMatchesONNXRuntime() throws {
        try compareExportWithONNXRuntime(Self.graph(), input: Self.input, label: "unary")
    }

    func testOptimisedAndReferenceKernelsAgree() throws {
        let g = Self.graph()
        let feed = ["x": Tensor(shape: [1, 2, 8, 8], data: Self.input)]
        let fast = try Plan(graph: g, options: RuntimeOptions(threads: 2)).run(feed)
        let reference = try Plan(graph: g, options: RuntimeOptions(useReferenceKernels: true)).run(feed)
        for name in g.outputs { XCTAssertEqual(fast[name], reference[name], name) }
    }

    func testHandComputedValues() {
        XCTAssertEqual(UnaryAttributes(.hardSwish).apply(-3), 0)
        XCTAssertEqual(UnaryAttributes(.hardSwish).apply(3), 3)
        XCTAssertEqual(UnaryAttributes(.hardSwish).apply(1), 1 * (1.0 / 6 + 0.5), accuracy: 1e-7)
        XCTAssertEqual(UnaryAttributes(.hardSigmoid, alpha: 0.2, beta: 0.5).apply(1), 0.7, accuracy: 1e-7)
        XCTAssertEqual(UnaryAttributes(.clip, alpha: 2, beta: 1).apply(5), 1, "min over max, as numpy.clip with min > max")
        XCTAssertEqual(UnaryAttributes(.elu, alpha: 2).apply(-1), 2 * (expf(-1) - 1), accuracy: 1e-7)
        XCTAssertEqual(UnaryAttributes(.softplus).apply(0), logf(2), accuracy: 1e-7)
        XCTAssertEqual(UnaryAttributes(.softsign).apply(-3), -0.75)
    }

    func testUnaryGraphExportedAndImportedGivesTheSameOutputs() throws {
        let g = Self.graph()
        let imported = try ONNXImporter.importModel(try ONNXExporter.model(g))
        let feed = ["x": Tensor(shape: [1, 2, 8, 8], data: Self.input)]
        let a = try Plan(graph: g).run(feed), b = try Plan(graph: imported).run(feed)
        for name in g.outputs {
            XCTAssertEqual(a[name], b[name], name)
        }
    }
}
