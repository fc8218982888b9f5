import SpyglassIR

/// A dense tensor on the host, row-major (NCHW for images): the value type users pass to and get
/// from `Plan.run`. float32 tensors hold their values in `data`; int64, int32, bool and uint8
/// tensors (indices, masks, shape arithmetic) hold them widened to Int64 in `integers`.
public struct Tensor: Equatable, Sendable {
    public var shape: [Int]
    public var dtype: DType
    /// The values of a float32 tensor (empty for other element types).
    public var data: [Float]
    /// The values of an integer or bool tensor, widened (empty for float32).
    public var integers: [Int64]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "tensor data count \(data.count) does not match shape \(shape)")
        self.shape = shape
        self.dtype = .float32
        self.data = data
        self.integers = []
    }

    /// An integer or bool tensor (`dtype` other than float32).
    public init(shape: [Int], integers: [Int64], dtype: DType = .int64) {
        precondition(dtype != .float32, "use init(shape:data:) for float32 tensors")
        precondition(shape.reduce(1, *) == integers.count, "tensor element count \(integers.count) does not match shape \(shape)")
        self.shape = shape
        self.dtype = dtype
        self.data = []
        self.integers = integers
    }

    public init(zeros shape: [Int]) { self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *))) }

    public var count: Int { shape.reduce(1, *) }

    /// The values as Double, whatever the element type (for comparisons and printing).
    public var doubles: [Double] { dtype == .float32 ? data.map(Double.init) : integers.map(Double.init) }
}

/// How a plan executes.
public struct RuntimeOptions: Sendable {
    /// Threads used by kernels (OpenBLAS and our own loops). Configured once per plan.
    public var threads: Int
    /// Run the plain reference kernels instead of the optimised ones (tests, `diff`).
    public var useReferenceKernels: Bool
    /// Keep every intermediate tensor readable after `run` (disables buffer reuse; for `diff`).
    public var keepIntermediates: Bool
    /// Let batch-1 channel slices and reshapes be views of their input, and producers write straight
    /// into their range of a batch-1 concat's output, instead of copying (off with the reference kernels).
    public var zeroCopyViews: Bool

    public init(threads: Int = 1, useReferenceKernels: Bool = false, keepIntermediates: Bool = false, zeroCopyViews: Bool = true) {
        self.threads = threads; self.useReferenceKernels = useReferenceKernels; self.keepIntermediates = keepIntermediates
        self.zeroCopyViews = zeroCopyViews
    }
}

/// Errors from planning or running a graph.
public enum RuntimeError: Error, CustomStringConvertible, Equatable {
    case unknownInput(String)
    case missingInput(String)
    case inputShape(name: String, expected: [Int], got: [Int])
    case inputType(name: String, expected: DType, got: DType)
    case unsupported(node: String, message: String)
    case notKept(String)
    case unknownTensor(String)
    case notRun

    public var description: String {
        switch self {
        case .unknownInput(let n): return "'\(n)' is not an input of this graph"
        case .missingInput(let n): return "input '\(n)' was not given"
        case .inputShape(let n, let e, let g): return "input '\(n)' has shape \(g), the plan expects \(e)"
        case .inputType(let n, let e, let g): return "input '\(n)' is \(g.rawValue), the graph expects \(e.rawValue)"
        case .unsupported(let node, let m): return "cannot run \(node): \(m)"
        case .notKept(let n): return "tensor '\(n)' was not kept; plan with keepIntermediates to read it"
        case .unknownTensor(let n): return "'\(n)' is not a tensor of this graph"
        case .notRun: return "the plan has not been run yet"
        }
    }
}
