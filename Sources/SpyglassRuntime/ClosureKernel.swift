/// A kernel whose work is a closure prepared at plan time (captures only numbers and prepacked buffers).
final class ClosureKernel: Kernel {
    let workspaceCount: Int
    private let body: (KernelIO) -> Void

    init(workspace: Int = 0, _ body: @escaping (KernelIO) -> Void) {
        workspaceCount = workspace
        self.body = body
    }

    func run(_ io: KernelIO) { body(io) }
}

/// Copies `count` floats (input and output never alias: they are different tensors).
@inline(__always) func copyFloats(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    dst.update(from: src, count: count)
}
