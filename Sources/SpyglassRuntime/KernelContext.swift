import SpyglassIR

/// What a kernel factory may look at when it builds a kernel for a node.
public struct KernelContext {
    public let node: Node
    public let inputShapes: [[Int]]
    public let outputShapes: [[Int]]
    /// Element types of the inputs and outputs (float32 for every float op).
    public let inputTypes: [DType]
    public let outputTypes: [DType]
    /// For each input, the constant behind it, if it is one (prepacking reads these).
    public let constants: [ConstantTensor?]
    public let threads: Int
    /// The node's prepacked weights stored with the graph, if any (kernels check they still fit).
    public var packed: PackedWeight? = nil
    /// Where kernels note whether they used stored packed weights or packed at plan time.
    public var prepackLog: PrepackLog? = nil

    public init(node: Node, inputShapes: [[Int]], outputShapes: [[Int]], inputTypes: [DType]? = nil,
                outputTypes: [DType]? = nil, constants: [ConstantTensor?], threads: Int) {
        self.node = node; self.inputShapes = inputShapes; self.outputShapes = outputShapes
        self.inputTypes = inputTypes ?? inputShapes.map { _ in .float32 }
        self.outputTypes = outputTypes ?? outputShapes.map { _ in .float32 }
        self.constants = constants; self.threads = threads
    }

    /// Bytes per element of output 0 (data-movement kernels copy elements of any type).
    public var elementSize: Int { outputTypes.first?.byteSize ?? 4 }

    public func unsupported(_ message: String) -> RuntimeError {
        .unsupported(node: node.label, message: message)
    }

    /// The values of input `index`, which must be a float32 constant (weights to prepack).
    public func constantValues(_ index: Int, role: String) throws -> [Float] {
        guard index < constants.count, let c = constants[index] else {
            throw unsupported("\(role) (input \(index)) must be a constant for the optimised kernel")
        }
        guard c.type.dtype == .float32 else { throw unsupported("\(role) is \(c.type.dtype.rawValue); only float32 is supported") }
        return c.floatArray
    }

    /// Input `index`, a float32 constant, as the kernel keeps it: the constant's own memory borrowed
    /// when it is float-aligned (weights used in their stored layout need no copy), else a copy.
    public func constantBuffer(_ index: Int, role: String) throws -> AlignedFloats {
        guard index < constants.count, let c = constants[index] else {
            throw unsupported("\(role) (input \(index)) must be a constant for the optimised kernel")
        }
        guard c.type.dtype == .float32 else { throw unsupported("\(role) is \(c.type.dtype.rawValue); only float32 is supported") }
        let bytes = c.storage.bytes
        if let base = bytes.baseAddress, Int(bitPattern: base) % 4 == 0, bytes.count >= c.elementCount * 4 {
            return AlignedFloats(borrowing: base.assumingMemoryBound(to: Float.self), count: c.elementCount, owner: c.storage)
        }
        return AlignedFloats(copying: c.floatArray)
    }

    /// Whether input `index` is present (optional inputs such as a conv bias).
    public func hasInput(_ index: Int) -> Bool { index < node.inputs.count }

    /// The node's input shape `i` as (n, c, h, w).
    public func nchw(_ i: Int) throws -> (n: Int, c: Int, h: Int, w: Int) {
        let s = inputShapes[i]
        guard s.count == 4 else { throw unsupported("input \(i) must be rank 4 (NCHW), got \(s)") }
        return (s[0], s[1], s[2], s[3])
    }

    public var outputShape: [Int] { outputShapes[0] }
    public var outputCount: Int { outputShapes[0].reduce(1, *) }

    /// An error for a factory registered under the wrong op.
    public var wrongOp: RuntimeError { unsupported("kernel registered for a different op") }
}
