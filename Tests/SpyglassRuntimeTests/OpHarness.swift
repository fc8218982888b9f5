import SpyglassIR
import SpyglassRuntime
import TestSupport
import XCTest


/// One operand of a single-op test graph.
enum Operand {
    /// A graph input with random values in the range.
    case input([Int], ClosedRange<Float> = -1...1)
    /// A constant with random values in the range.
    case constant([Int], ClosedRange<Float> = -1...1)
    /// A graph input with the given values.
    case values([Int], [Float])
}

/// Builds a graph holding one node, and runs it.
struct SingleOpGraph {
    var graph: Graph
    var inputs: [String: Tensor]

    init(_ op: Op, _ operands: [Operand], seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var valueInfos: [ValueInfo] = [], constants: [String: ConstantTensor] = [:], names: [String] = []
        var inputs: [String: Tensor] = [:]
        for (i, operand) in operands.enumerated() {
            let name = "in\(i)"
            names.append(name)
            switch operand {
            case .input(let shape, let range):
                valueInfos.append(ValueInfo(name: name, type: .float32(shape)))
                inputs[name] = Tensor(shape: shape, data: random.floats(shape.reduce(1, *), range))
            case .values(let shape, let data):
                valueInfos.append(ValueInfo(name: name, type: .float32(shape)))
                inputs[name] = Tensor(shape: shape, data: data)
            case .constant(let shape, let range):
                constants[name] = ConstantTensor(floats: random.floats(shape.reduce(1, *), range), shape: shape)
            }
        }
        let node = Node(name: "op", op: op, inputs: names, outputs: ["y"])
        graph = Graph(name: "single", inputs: valueInfos, outputs: ["y"], nodes: [node], constants: constants)
        self.inputs = inputs
    }

    func run(reference: Bool, threads: Int = 1) throws -> Tensor {
        let plan = try Plan(graph: graph, options: RuntimeOptions(threads: threads, useReferenceKernels: reference))
        guard let y = try plan.run(inputs)["y"] else { throw RuntimeError.notKept("y") }
        return y
    }
}

/// max over i of |a - ref| / max(1, |ref|); NaN anywhere gives infinity.
func scaledError(_ a: [Float], _ ref: [Float]) -> Float {
    guard a.count == ref.count else { return .infinity }
    var worst: Float = 0
    for (x, r) in zip(a, ref) {
        let d = abs(x - r) / max(1, abs(r))
        if d.isNaN { return .infinity }
        worst = max(worst, d)
    }
    return worst
}

/// Runs the op with the optimised and the reference kernels and checks they agree.
func assertOptimisedMatchesReference(_ op: Op, _ operands: [Operand], seed: UInt64, threads: Int = 1,
                                     tolerance: Float = 1e-4, file: StaticString = #filePath, line: UInt = #line) throws {
    let g = SingleOpGraph(op, operands, seed: seed)
    let reference = try g.run(reference: true)
    let optimised = try g.run(reference: false, threads: threads)
    XCTAssertEqual(optimised.shape, reference.shape, "\(op)", file: file, line: line)
    let error = scaledError(optimised.data, reference.data)
    XCTAssertLessThanOrEqual(error, tolerance, "seed \(seed): \(op) operands \(operands)", file: file, line: line)
}

func assertClose(_ a: [Float], _ expected: [Float], tolerance: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, expected.count, file: file, line: line)
    XCTAssertLessThanOrEqual(scaledError(a, expected), tolerance, "\(a) vs \(expected)", file: file, line: line)
}
