/// A dense float32 tensor on the host, row-major (NCHW for images). The value type users pass
/// to and get from `Plan.run`.
public struct Tensor: Equatable, Sendable {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "tensor data count \(data.count) does not match shape \(shape)")
        self.shape = shape
        self.data = data
    }

    public init(zeros shape: [Int]) { self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *))) }

    public var count: Int { data.count }
}

/// How a plan executes.
public struct RuntimeOptions: Sendable {
    /// Threads used by kernels (OpenBLAS and our own loops). Configured once per plan.
    public var threads: Int
    /// Run the plain reference kernels instead of the optimised ones (tests, `diff`).
    public var useReferenceKernels: Bool
    /// Keep every intermediate tensor readable after `run` (disables buffer reuse; for `diff`).
    public var keepIntermediates: Bool

    public init(threads: Int = 1, useReferenceKernels: Bool = false, keepIntermediates: Bool = false) {
        self.threads = threads; self.useReferenceKernels = useReferenceKernels; self.keepIntermediates = keepIntermediates
    }
}

/// Errors from planning or running a graph.
public enum RuntimeError: Error, CustomStringConvertible, Equatable {
    case unknownInput(String)
    case missingInput(String)
    case inputShape(name: String, expected: [Int], got: [Int])
    case unsupported(node: String, message: String)
    case notKept(String)
    case unknownTensor(String)
    case notRun

    public var description: String {
        switch self {
        case .unknownInput(let n): return "'\(n)' is not an input of this graph"
        case .missingInput(let n): return "input '\(n)' was not given"
        case .inputShape(let n, let e, let g): return "input '\(n)' has shape \(g), the plan expects \(e)"
        case .unsupported(let node, let m): return "cannot run \(node): \(m)"
        case .notKept(let n): return "tensor '\(n)' was not kept; plan with keepIntermediates to read it"
        case .unknownTensor(let n): return "'\(n)' is not a tensor of this graph"
        case .notRun: return "the plan has not been run yet"
        }
    }
}
