import Foundation
import SpyglassIR

/// Plans for a graph whose inputs have symbolic dims (dynamic batch, height, width), one per
/// concrete input shape, made on first use and kept (least recently used dropped beyond
/// `capacity`). `run` binds the symbolic dims from the shapes of the tensors given.
/// Thread-safe; runs on one plan are serialised.
public final class PlanCache: @unchecked Sendable {
    public let graph: Graph
    public let options: RuntimeOptions
    public let capacity: Int
    /// How many plans were made (a run at a shape seen before makes none).
    public var plansMade: Int { entries.made }
    /// Each plan with the lock that serialises its runs, by the bindings it was planned for.
    private let entries: LRUCache<[String: Int], (plan: Plan, lock: NSLock)>

    public init(graph: Graph, options: RuntimeOptions = RuntimeOptions(), capacity: Int = 8) {
        self.graph = graph; self.options = options; self.capacity = max(1, capacity)
        entries = LRUCache(capacity: capacity)
    }

    /// The values of the graph's symbolic input dims implied by `shapes` (input name → shape).
    public func bindings(for shapes: [String: [Int]]) throws -> [String: Int] {
        var b: [String: Int] = [:]
        for input in graph.inputs {
            guard let shape = shapes[input.name] else { throw RuntimeError.missingInput(input.name) }
            let dims = input.type.shape.dims
            let mismatch = RuntimeError.inputShape(name: input.name, expected: dims.map { $0.value ?? -1 }, got: shape)
            guard shape.count == dims.count else { throw mismatch }
            for (dim, size) in zip(dims, shape) {
                switch dim {
                case .fixed(let v): guard v == size else { throw mismatch }
                case .symbolic(let name):
                    guard size > 0 else { throw mismatch }
                    if let bound = b[name], bound != size {
                        throw RuntimeError.unsupported(node: "input '\(input.name)'",
                                                       message: "dim '\(name)' is \(size) here but \(bound) in another input")
                    }
                    b[name] = size
                }
            }
        }
        return b
    }

    /// The plan for these input shapes, made now if not cached.
    public func plan(for shapes: [String: [Int]]) throws -> Plan { try entry(for: shapes).plan }

    private func entry(for shapes: [String: [Int]]) throws -> (plan: Plan, lock: NSLock) {
        let key = try bindings(for: shapes)
        return try entries.value(for: key) { (plan: try Plan(graph: graph, bindings: key, options: options), lock: NSLock()) }
    }

    /// Runs the graph on `inputs`, planning for their shapes if this is the first run at them.
    public func run(_ inputs: [String: Tensor]) throws -> [String: Tensor] {
        let entry = try entry(for: inputs.mapValues(\.shape))
        return try entry.lock.withLock { try entry.plan.run(inputs) }
    }
}
