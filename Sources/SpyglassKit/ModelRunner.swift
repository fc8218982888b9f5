import Foundation
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime

/// A model run at whatever input shapes it is given: symbolic input dims (dynamic batch, height,
/// width) are bound from the tensors' shapes, and the model is planned once per shape and cached.
/// An ONNX model is also imported once per shape, since its shape arithmetic (Shape → Gather →
/// Reshape, anchor grids) folds to values that hold for one input size only.
public final class ModelRunner: @unchecked Sendable {
    public enum Source {
        case graph(Graph)
        case onnx(ONNXModel)
    }

    public let source: Source
    public let options: RuntimeOptions
    /// Plans kept at most (least recently used dropped).
    public let capacity: Int
    private let planCache: PlanCache?
    /// For an ONNX model: the graph imported for each binding of its symbolic dims, with its plan.
    private let onnxPlans: LRUCache<[String: Int], PlanCache>

    public init(_ source: Source, options: RuntimeOptions = RuntimeOptions(), capacity: Int = 8) {
        self.source = source; self.options = options; self.capacity = max(1, capacity)
        onnxPlans = LRUCache(capacity: capacity)
        if case .graph(let g) = source { planCache = PlanCache(graph: g, options: options, capacity: capacity) } else { planCache = nil }
    }

    /// Loads `paths` as `ModelLoader` does, keeping an ONNX model un-imported until its input shape is known.
    public convenience init(paths: [String], options: RuntimeOptions = RuntimeOptions(), capacity: Int = 8) throws {
        if paths.count == 1, try ModelLoader.kind(of: paths[0]) == .onnx {
            self.init(.onnx(try ONNXReader.read(contentsOf: URL(fileURLWithPath: paths[0]))), options: options, capacity: capacity)
        } else {
            self.init(.graph(try ModelLoader.load(paths).graph), options: options, capacity: capacity)
        }
    }

    /// Plans made so far (an ONNX model counts one per input shape imported).
    public var plansMade: Int { planCache?.plansMade ?? onnxPlans.made }

    /// Names of the model's inputs, in order.
    public var inputNames: [String] {
        switch source {
        case .graph(let g): return g.inputs.map(\.name)
        case .onnx(let m):
            let initializers = Set(m.graph.initializers.map(\.name))
            return m.graph.inputs.map(\.name).filter { !initializers.contains($0) }
        }
    }

    /// The graph planned for these input shapes (imported for them, for an ONNX model).
    public func plans(for shapes: [String: [Int]]) throws -> PlanCache {
        if let planCache { return planCache }
        guard case .onnx(let model) = source else { throw RuntimeError.notRun }
        let key = try ModelRunner.bindings(of: model, for: shapes)
        return try onnxPlans.value(for: key) {
            let graph = try ONNXImporter.importModel(model, bindings: key, evaluator: RuntimeEvaluator())
            return PlanCache(graph: graph, options: options, capacity: 1)
        }
    }

    /// Runs the model on `inputs` (input name → tensor), planning for their shapes on first use.
    public func run(_ inputs: [String: Tensor]) throws -> [String: Tensor] {
        try plans(for: inputs.mapValues(\.shape)).run(inputs)
    }

    /// Values for an ONNX model's symbolic input dims, named as the importer names them.
    static func bindings(of model: ONNXModel, for shapes: [String: [Int]]) throws -> [String: Int] {
        var b: [String: Int] = [:]
        let initializers = Set(model.graph.initializers.map(\.name))
        for input in model.graph.inputs where !initializers.contains(input.name) {
            guard let shape = shapes[input.name] else { throw RuntimeError.missingInput(input.name) }
            guard let dims = input.shape else { continue }
            let expected = dims.map { d -> Int in if case .value(let v) = d { return Int(v) }; return -1 }
            guard dims.count == shape.count else { throw RuntimeError.inputShape(name: input.name, expected: expected, got: shape) }
            for (i, (d, size)) in zip(dims, shape).enumerated() {
                let name: String
                switch d {
                case .value(let v):
                    guard Int(v) == size else { throw RuntimeError.inputShape(name: input.name, expected: expected, got: shape) }
                    continue
                case .param(let p): name = p
                case .unknown: name = "\(input.name)_dim\(i)"
                }
                if let bound = b[name], bound != size {
                    throw RuntimeError.unsupported(node: "input '\(input.name)'", message: "dim '\(name)' is \(size) here but \(bound) in another input")
                }
                b[name] = size
            }
        }
        return b
    }
}
