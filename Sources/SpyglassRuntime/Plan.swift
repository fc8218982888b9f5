import CKernels
import Dispatch
import SpyglassIR

/// A graph compiled for fixed input shapes: shapes inferred, buffers laid out in one arena by
/// lifetime, weights prepacked and a kernel chosen per node. Plan once, run many times.
/// A plan owns one set of buffers: run it from one thread at a time.
public final class Plan {
    public let graph: Graph
    public let options: RuntimeOptions
    /// Every tensor's concrete shape.
    public let shapes: [String: [Int]]
    /// Seconds spent in each node during the last run, in `graph.nodes` order.
    public var lastNodeTimes: [Double] { Array(nodeTimes) }
    /// Written in place by `execute`, so timing allocates nothing.
    private let nodeTimes: UnsafeMutableBufferPointer<Double>

    public var inputNames: [String] { graph.inputs.map(\.name) }
    public var outputNames: [String] { graph.outputs }
    /// Bytes of the activation arena (all non-constant tensors, with reuse unless intermediates are kept).
    public var arenaBytes: Int { arena.count * MemoryLayout<Float>.stride }
    /// Bytes of the scratch buffer shared by the kernels (e.g. im2col).
    public var workspaceBytes: Int { workspace.count * MemoryLayout<Float>.stride }

    private let arena: AlignedFloats
    private let workspace: AlignedFloats
    private let locations: [String: ValueLocation]
    private let kernels: [Kernel]
    private let nodeIO: [KernelIO]
    private let readable: Set<String>
    /// Plan-owned copies of constants whose borrowed bytes were not float-aligned.
    private let constantCopies: [AlignedFloats]
    private var hasRun = false

    public init(graph: Graph, bindings: [String: Int] = [:], options: RuntimeOptions = RuntimeOptions()) throws {
        try Verifier.verify(graph, bindings: bindings)
        let shapes = try ShapeInference.infer(graph, bindings: bindings)
        self.graph = graph
        self.options = options
        self.shapes = shapes
        for input in graph.inputs where input.type.dtype != .float32 {
            throw RuntimeError.unsupported(node: "input '\(input.name)'", message: "\(input.type.dtype.rawValue) inputs are not supported yet, only float32")
        }

        // Arena layout by lifetime.
        let lifetimes = BufferLifetimes.compute(graph: graph, shapes: shapes, keepAll: options.keepIntermediates)
        let layout = ArenaLayout(lifetimes)
        arena = AlignedFloats(count: layout.totalCount)
        var locations: [String: ValueLocation] = layout.offsets.mapValues { .arena($0) }
        var copies: [AlignedFloats] = []
        for (name, constant) in graph.constants {
            guard constant.type.dtype == .float32 else { continue }  // rejected below if a node reads it
            let bytes = constant.storage.bytes
            guard bytes.count >= constant.elementCount * 4 else {
                throw RuntimeError.unsupported(node: "constant '\(name)'",
                                               message: "holds \(bytes.count) bytes, its shape \(constant.shape) needs \(constant.elementCount * 4)")
            }
            if let base = bytes.baseAddress, Int(bitPattern: base) % 4 == 0 {
                locations[name] = .constant(base.assumingMemoryBound(to: Float.self))
            } else {
                let copy = AlignedFloats(copying: constant.floatArray)
                copies.append(copy)
                locations[name] = .constant(UnsafePointer(copy.pointer))
            }
        }
        constantCopies = copies
        self.locations = locations

        // One kernel per node.
        let registry = KernelRegistry.self
        var kernels: [Kernel] = []
        var workspaceCount = 0
        for node in graph.nodes {
            for name in node.inputs {
                if let c = graph.constants[name], c.type.dtype != .float32 {
                    throw RuntimeError.unsupported(node: node.label, message: "constant '\(name)' is \(c.type.dtype.rawValue); only float32 is supported")
                }
            }
            let context = KernelContext(
                node: node, inputShapes: node.inputs.map { shapes[$0] ?? [] },
                outputShapes: node.outputs.map { shapes[$0] ?? [] },
                constants: node.inputs.map { graph.constants[$0] }, threads: options.threads)
            guard let factory = options.useReferenceKernels ? registry.reference[node.op.kind] : registry.optimised[node.op.kind] else {
                throw context.unsupported("no kernel for op \(node.op.kind.rawValue)")
            }
            let kernel = try factory(context)
            workspaceCount = max(workspaceCount, kernel.workspaceCount)
            kernels.append(kernel)
        }
        self.kernels = kernels
        workspace = AlignedFloats(count: workspaceCount)

        // Fixed pointers for every node.
        let parallel = ParallelLoop(threads: options.threads)
        let arenaBase = arena.pointer
        func pointer(_ name: String) -> UnsafeMutablePointer<Float>? {
            switch locations[name] {
            case .arena(let offset): return arenaBase + offset
            case .constant(let p): return UnsafeMutablePointer(mutating: p)
            case nil: return nil
            }
        }
        var nodeIO: [KernelIO] = []
        for node in graph.nodes {
            var ins: [UnsafePointer<Float>] = []
            for name in node.inputs {
                guard let p = pointer(name) else { throw RuntimeError.unsupported(node: node.label, message: "input '\(name)' has no buffer") }
                ins.append(UnsafePointer(p))
            }
            var outs: [UnsafeMutablePointer<Float>] = []
            for name in node.outputs {
                guard let p = pointer(name) else { throw RuntimeError.unsupported(node: node.label, message: "output '\(name)' has no buffer") }
                outs.append(p)
            }
            nodeIO.append(KernelIO(inputs: ins, outputs: outs, workspace: workspace.pointer, parallel: parallel))
        }
        self.nodeIO = nodeIO

        var readable = Set(graph.outputs).union(graph.inputs.map(\.name)).union(graph.constants.keys)
        if options.keepIntermediates { for node in graph.nodes { readable.formUnion(node.outputs) } }
        self.readable = readable
        nodeTimes = .allocate(capacity: graph.nodes.count)
        nodeTimes.initialize(repeating: 0)
        sg_set_blas_threads(1)
    }

    deinit { nodeTimes.deallocate() }

    /// Runs the graph on `inputs` (one tensor per graph input) and returns the graph outputs.
    public func run(_ inputs: [String: Tensor]) throws -> [String: Tensor] {
        try execute(inputs)
        var result: [String: Tensor] = [:]
        for name in graph.outputs { result[name] = try read(name) }
        return result
    }

    /// Runs the graph without copying the outputs out: after warm-up this allocates nothing, so
    /// benchmarks and servers call it and read results with `withOutput`.
    public func execute(_ inputs: [String: Tensor]) throws {
        try load(inputs)
        // Kernels split work across `options.threads` themselves; OpenBLAS threads on top would oversubscribe.
        if sg_blas_threads() != 1 { sg_set_blas_threads(1) }
        for i in kernels.indices {
            let start = DispatchTime.now().uptimeNanoseconds
            kernels[i].run(nodeIO[i])
            nodeTimes[i] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        hasRun = true
    }

    /// Calls `body` with a graph output's values in place (valid only inside `body`, until the next run).
    public func withOutput<R>(_ name: String, _ body: (UnsafeBufferPointer<Float>) throws -> R) throws -> R {
        guard graph.outputs.contains(name), let shape = shapes[name], let location = locations[name] else {
            throw RuntimeError.unknownTensor(name)
        }
        guard hasRun else { throw RuntimeError.notRun }
        let base: UnsafePointer<Float>
        switch location {
        case .arena(let offset): base = UnsafePointer(arena.pointer + offset)
        case .constant(let p): base = p
        }
        return try body(UnsafeBufferPointer(start: base, count: elementCount(shape)))
    }

    /// A tensor's value after `run`: graph inputs and outputs always, intermediates when the
    /// plan keeps them (`RuntimeOptions.keepIntermediates`).
    public func tensor(named name: String) throws -> Tensor {
        guard shapes[name] != nil else { throw RuntimeError.unknownTensor(name) }
        guard readable.contains(name) else { throw RuntimeError.notKept(name) }
        guard hasRun || graph.constants[name] != nil else { throw RuntimeError.notRun }
        return try read(name)
    }

    private func load(_ inputs: [String: Tensor]) throws {
        for name in inputs.keys where !graph.inputs.contains(where: { $0.name == name }) {
            throw RuntimeError.unknownInput(name)
        }
        for input in graph.inputs {
            guard let tensor = inputs[input.name] else { throw RuntimeError.missingInput(input.name) }
            let expected = shapes[input.name] ?? []
            guard tensor.shape == expected, tensor.data.count == elementCount(expected) else {
                throw RuntimeError.inputShape(name: input.name, expected: expected, got: tensor.shape)
            }
            guard case .arena(let offset)? = locations[input.name] else { continue }
            tensor.data.withUnsafeBufferPointer { src in
                if let base = src.baseAddress { (arena.pointer + offset).update(from: base, count: src.count) }
            }
        }
    }

    private func read(_ name: String) throws -> Tensor {
        guard let shape = shapes[name], let location = locations[name] else { throw RuntimeError.unknownTensor(name) }
        let base: UnsafePointer<Float>
        switch location {
        case .arena(let offset): base = UnsafePointer(arena.pointer + offset)
        case .constant(let p): base = p
        }
        return Tensor(shape: shape, data: Array(UnsafeBufferPointer(start: base, count: elementCount(shape))))
    }
}
