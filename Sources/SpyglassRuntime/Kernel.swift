import SpyglassIR

/// A node's compiled form: created once at plan time (where it checks its attributes and may
/// prepack weights), then run many times on fixed buffers.
public protocol Kernel: AnyObject {
    /// Scratch floats needed by `run` (shared between nodes; nodes run one after another).
    var workspaceCount: Int { get }
    func run(_ io: KernelIO)
}

extension Kernel {
    public var workspaceCount: Int { 0 }
}

/// The buffers of one node for one run. Fixed at plan time, so running allocates nothing.
public struct KernelIO {
    public var inputs: [UnsafePointer<Float>]
    public var outputs: [UnsafeMutablePointer<Float>]
    public var workspace: UnsafeMutablePointer<Float>
    public var parallel: ParallelLoop
    /// For an op whose output size depends on the data (`Op.hasDataDependentOutputShape`): where
    /// its kernel writes the actual leading dim of output 0. The buffer is sized for the largest.
    public var dynamicLeadingDim: UnsafeMutablePointer<Int>? = nil

    public init(inputs: [UnsafePointer<Float>], outputs: [UnsafeMutablePointer<Float>],
                workspace: UnsafeMutablePointer<Float>, parallel: ParallelLoop) {
        self.inputs = inputs; self.outputs = outputs; self.workspace = workspace; self.parallel = parallel
    }

    /// Input `i` viewed as elements of `T` (int64 indices, bool masks …; buffers are float-typed).
    @inline(__always) public func input<T>(_ i: Int, as _: T.Type) -> UnsafePointer<T> {
        UnsafeRawPointer(inputs[i]).assumingMemoryBound(to: T.self)
    }

    /// Output `i` viewed as elements of `T`.
    @inline(__always) public func output<T>(_ i: Int, as _: T.Type) -> UnsafeMutablePointer<T> {
        UnsafeMutableRawPointer(outputs[i]).assumingMemoryBound(to: T.self)
    }
}

/// Builds a kernel for one node.
public typealias KernelFactory = (KernelContext) throws -> Kernel
