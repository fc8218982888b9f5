import SpyglassIR
import SpyglassRuntime
import TestSupport
import XCTest

/// A float graph input is read in place from the caller's tensor (no copy into the arena) unless a
/// view lives inside it; either way the outputs equal the reference kernels', run after run.
final class BorrowedInputTests: XCTestCase {
    private var random = SeededRandom(seed: 5)
    private var constants: [String: ConstantTensor] = [:]

    private func conv(_ name: String, _ x: String, in c: Int, out o: Int, k: Int) -> Node {
        let a = Conv2DAttributes(outChannels: o, kernelH: k, kernelW: k, padding: .symmetric(k / 2), activation: .leaky)
        constants["\(name).w"] = ConstantTensor(floats: random.floats(o * c * k * k, -0.4...0.4), shape: [o, c, k, k])
        constants["\(name).b"] = ConstantTensor(floats: random.floats(o, -0.2...0.2), shape: [o])
        return Node(name: name, op: .conv2d(a), inputs: [x, "\(name).w", "\(name).b"], outputs: [name])
    }

    private func graph(_ nodes: [Node], output: String) -> Graph {
        let input = ValueInfo(name: "x", type: TensorType(.float32, Shape([.fixed(1), .fixed(4), .fixed(40), .fixed(40)])))
        return Graph(name: "borrow", inputs: [input], outputs: [output], nodes: nodes, constants: constants)
    }

    private func input(seed: UInt64) -> [String: Tensor] {
        var r = SeededRandom(seed: seed)
        return ["x": Tensor(shape: [1, 4, 40, 40], data: r.floats(4 * 40 * 40, -1...1))]
    }

    /// Runs `g` on two different inputs in turn with the optimised and the reference kernels.
    private func assertMatchesReference(_ g: Graph, threads: Int) throws -> Plan {
        let plan = try Plan(graph: g, options: RuntimeOptions(threads: threads))
        let reference = try Plan(graph: g, options: RuntimeOptions(useReferenceKernels: true))
        for seed: UInt64 in [1, 2, 1] {
            let feeds = input(seed: seed)
            let ours = try plan.run(feeds), theirs = try reference.run(feeds)
            for (name, want) in theirs {
                let got = try XCTUnwrap(ours[name])
                XCTAssertEqual(got.shape, want.shape)
                let worst = zip(got.data, want.data).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThan(worst, 1e-4, "\(name), input seed \(seed), \(threads) thread(s)")
            }
            XCTAssertEqual(try plan.tensor(named: "x"), feeds["x"], "the input reads back as given")
            XCTAssertEqual(feeds["x"], input(seed: seed)["x"], "the caller's tensor is left as it was")
        }
        return plan
    }

    func testAnInputReadByTwoConvsIsReadInPlaceAndEachRunSeesItsOwnInput() throws {
        constants = [:]
        let g = graph([conv("a", "x", in: 4, out: 8, k: 3), conv("b", "x", in: 4, out: 8, k: 1),
                       Node(name: "sum", op: .add, inputs: ["a", "b"], outputs: ["sum"])], output: "sum")
        for threads in [1, 2] {
            let plan = try assertMatchesReference(g, threads: threads)
            XCTAssertEqual(plan.inputsReadInPlace, ["x"])
        }
    }

    func testAnInputWithAViewInsideIsCopied() throws {
        constants = [:]
        let g = graph([Node(name: "half", op: .slice(SliceAttributes(axis: 1, start: 2, end: 4)), inputs: ["x"], outputs: ["half"]),
                       conv("c", "half", in: 2, out: 8, k: 3)], output: "c")
        let plan = try assertMatchesReference(g, threads: 1)
        XCTAssertEqual(plan.inputsReadInPlace, [])
    }

    func testAnInputThatIsAlsoAnOutputIsCopied() throws {
        constants = [:]
        let g = Graph(name: "echo", inputs: [ValueInfo(name: "x", type: TensorType(.float32, Shape([.fixed(1), .fixed(4), .fixed(40), .fixed(40)])))],
                      outputs: ["x", "c"], nodes: [conv("c", "x", in: 4, out: 8, k: 3)], constants: constants)
        let plan = try assertMatchesReference(g, threads: 1)
        XCTAssertEqual(plan.inputsReadInPlace, [])
    }

    func testKeepingIntermediatesCopiesInputs() throws {
        constants = [:]
        let g = graph([conv("c", "x", in: 4, out: 8, k: 3)], output: "c")
        let plan = try Plan(graph: g, options: RuntimeOptions(keepIntermediates: true))
        XCTAssertEqual(plan.inputsReadInPlace, [])
    }
}
