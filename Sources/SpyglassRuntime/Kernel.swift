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

    public init(inputs: [UnsafePointer<Float>], outputs: [UnsafeMutablePointer<Float>],
                workspace: UnsafeMutablePointer<Float>, parallel: ParallelLoop) {
        self.inputs = inputs; self.outputs = outputs; self.workspace = workspace; self.parallel = parallel
    }
}

/// Builds a kernel for one node.
public typealias KernelFactory = (KernelContext) throws -> Kernel
