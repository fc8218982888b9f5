import Foundation
import SpyglassIR
import SpyglassRuntime

/// How far one tensor of model B is from the same tensor of model A.
public struct TensorDiff: Codable, Equatable {
    public var tensor: String
    public var shape: [Int]
    public var maxAbsError: Float
    /// max |a - b| / max(1, |a|): the measure the conformance tests use.
    public var maxScaledError: Float
    public var withinTolerance: Bool
}

public struct DiffReport: Codable {
    public var tolerance: Float
    public var compared: [TensorDiff]
    /// The first tensor, in A's execution order, whose error exceeds the tolerance.
    public var firstDivergence: TensorDiff?
    /// Tensors of A that B does not have under the same name and shape (renamed or fused away).
    public var unmatched: [String]
}

/// Runs two models (or two forms of one model) on the same input and compares every tensor they
/// share by name, in execution order: this is how a user finds where a conversion went wrong.
public enum Differ {
    public static func diff(_ a: Graph, _ b: Graph, input: Tensor? = nil, seed: UInt64 = 1,
                            tolerance: Float = 1e-3, threads: Int = 1) throws -> DiffReport {
        let options = RuntimeOptions(threads: threads, keepIntermediates: true)
        let planA = try Plan(graph: a, options: options)
        let planB = try Plan(graph: b, options: options)
        guard let inputName = a.inputs.first?.name, let shape = planA.shapes[inputName] else {
            throw RuntimeError.missingInput("(graph A has no input)")
        }
        let x = input ?? randomInput(shape: shape, seed: seed)
        _ = try planA.run([inputName: x])
        _ = try planB.run([b.inputs.first?.name ?? inputName: x])
        var compared: [TensorDiff] = []
        var unmatched: [String] = []
        for node in a.nodes {
            for t in node.outputs {
                guard let sb = planB.shapes[t], sb == planA.shapes[t],
                      let ta = try? planA.tensor(named: t), let tb = try? planB.tensor(named: t) else {
                    unmatched.append(t); continue
                }
                var maxAbs: Float = 0, maxScaled: Float = 0
                for i in 0..<ta.data.count {
                    let d = abs(ta.data[i] - tb.data[i])
                    if d.isNaN { maxAbs = .infinity; maxScaled = .infinity; break }
                    maxAbs = max(maxAbs, d)
                    maxScaled = max(maxScaled, d / max(1, abs(ta.data[i])))
                }
                compared.append(TensorDiff(tensor: t, shape: ta.shape, maxAbsError: maxAbs, maxScaledError: maxScaled,
                                           withinTolerance: maxScaled <= tolerance))
            }
        }
        return DiffReport(tolerance: tolerance, compared: compared,
                          firstDivergence: compared.first { !$0.withinTolerance }, unmatched: unmatched)
    }

    /// A seeded input in [0, 1), like a normalised image.
    public static func randomInput(shape: [Int], seed: UInt64) -> Tensor {
        var state = seed &+ 0x9E3779B97F4A7C15
        var data = [Float](repeating: 0, count: shape.reduce(1, *))
        for i in 0..<data.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            data[i] = Float(state >> 40) / Float(1 << 24)
        }
        return Tensor(shape: shape, data: data)
    }
}
