import CKernels
import Dispatch
import SpyglassIR

/// A graph compiled for fixed input shapes: shapes inferred, buffers laid out in one arena by
/// lifetime, weights prepacked and a kernel chosen per node. Plan once, run many times.
/// A plan owns one set of buffers: run it from one thread at a time.
public final class Plan {
    public let graph: Graph
    public let options: RuntimeOptions
    /// Every tensor's concrete shape (for a data-dependent output, its largest possible shape).
    public let shapes: [String: [Int]]
    /// Every tensor's element type.
    public let types: [String: DType]
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

    /// The plan's threads (the caller and its worker pool), for work around a run such as
    /// preprocessing; like a run, use it from one thread at a time.
    public let parallel: ParallelLoop

    private let arena: AlignedFloats
    private let workspace: AlignedFloats
    private let locations: [String: ValueLocation]
    private let kernels: [Kernel]
    private var nodeIO: [KernelIO]
    /// Graph inputs the kernels read in place from the caller's tensor instead of a copy in the arena.
    public var inputsReadInPlace: [String] { borrowed.inputs.map(\.name) }
    /// Inputs read in place from the caller's tensor (see `BorrowedInputs`), and the last tensor
    /// given for each (kept to read back with `tensor(named:)`).
    private let borrowed: BorrowedInputs
    private var lastBorrowed: [Tensor?]
    private let readable: Set<String>
    /// Plan-owned copies of constants whose borrowed bytes were not float-aligned.
    private let constantCopies: [AlignedFloats]
    /// The actual leading dim of each data-dependent tensor (e.g. NonMaxSuppression's selection), written by its kernel.
    private let dynamicDims: [String: UnsafeMutablePointer<Int>]
    private var hasRun = false
    /// Indices (in `graph.nodes`) of nodes that copy nothing: views (a batch-1 channel slice, a reshape)
    /// and concats whose inputs were all written in place into the output.
    public let viewNodes: Set<Int>
    /// Per node, the kernel that runs it, named for people: the convolution algorithm ("Band",
    /// "Winograd", "Tiled", "Pointwise" …), a dedicated kernel's name, or the op for generic ones.
    public let kernelNames: [String]
    /// Which conv nodes used the graph's stored packed weights and which packed while planning.
    public let prepacking: PrepackLog
    /// Where planning spent its time.
    public let timings: PlanTimings

    public init(graph: Graph, bindings: [String: Int] = [:], options: RuntimeOptions = RuntimeOptions()) throws {
        let clock = PlanClock()
        try Verifier.verify(graph, bindings: bindings)
        let shapes = try ShapeInference.infer(graph, bindings: bindings)
        let types = try TypeInference.infer(graph)
        self.graph = graph
        self.options = options
        self.shapes = shapes
        self.types = types

        // Tensors whose size is known only after their node ran may only be graph outputs.
        var dynamicDims: [String: UnsafeMutablePointer<Int>] = [:]
        let consumers = graph.consumers
        for node in graph.nodes where node.op.hasDataDependentOutputShape {
            for out in node.outputs {
                if let reader = consumers[out]?.first {
                    throw RuntimeError.unsupported(node: graph.nodes[reader].label,
                                                   message: "reads '\(out)', whose size depends on the data (\(node.label)); only a graph output may")
                }
                let slot = UnsafeMutablePointer<Int>.allocate(capacity: 1)
                slot.initialize(to: shapes[out]?.first ?? 0)
                dynamicDims[out] = slot
            }
        }
        self.dynamicDims = dynamicDims
        var timings = PlanTimings()
        timings.shapesMs = clock.lap()

        // Arena layout by lifetime.
        let aliases = options.zeroCopyViews && !options.useReferenceKernels
            ? BufferAliases(graph: graph, shapes: shapes, types: types) : BufferAliases()
        let lifetimes = BufferLifetimes.compute(graph: graph, shapes: shapes, types: types, keepAll: options.keepIntermediates,
                                                aliases: aliases)
        let layout = ArenaLayout(lifetimes)
        arena = AlignedFloats(count: layout.totalCount)
        var locations: [String: ValueLocation] = layout.offsets.mapValues { .arena($0) }
        for name in aliases.aliased {
            let root = aliases.root(of: name)
            if let base = layout.offsets[root.name] { locations[name] = .arena(base + root.offset) }
        }
        viewNodes = aliases.viewNodes
        borrowed = options.keepIntermediates || options.useReferenceKernels
            ? BorrowedInputs() : BorrowedInputs(graph: graph, types: types, aliases: aliases)
        lastBorrowed = Array(repeating: nil, count: borrowed.inputs.count)
        var copies: [AlignedFloats] = []
        for (name, constant) in graph.constants {
            let bytes = constant.storage.bytes, size = constant.type.dtype.byteSize
            let needed = constant.elementCount * size
            guard bytes.count >= needed else {
                throw RuntimeError.unsupported(node: "constant '\(name)'",
                                               message: "holds \(bytes.count) bytes, its shape \(constant.shape) needs \(needed)")
            }
            if let base = bytes.baseAddress, Int(bitPattern: base) % max(size, 4) == 0 {
                locations[name] = .constant(base.assumingMemoryBound(to: Float.self))
            } else {
                let copy = AlignedFloats(count: (needed + 3) / 4)
                if let base = bytes.baseAddress { UnsafeMutableRawPointer(copy.pointer).copyMemory(from: base, byteCount: needed) }
                copies.append(copy)
                locations[name] = .constant(UnsafePointer(copy.pointer))
            }
        }
        constantCopies = copies
        self.locations = locations
        timings.arenaMs = clock.lap()

        // One kernel per node.
        let registry = KernelRegistry.self
        var kernels: [Kernel] = []
        var workspaceCount = 0
        let prepacking = PrepackLog()
        for node in graph.nodes {
            var context = KernelContext(
                node: node, inputShapes: node.inputs.map { shapes[$0] ?? [] },
                outputShapes: node.outputs.map { shapes[$0] ?? [] },
                inputTypes: node.inputs.map { types[$0] ?? .float32 },
                outputTypes: node.outputs.map { types[$0] ?? .float32 },
                constants: node.inputs.map { graph.constants[$0] }, threads: options.threads)
            context.packed = graph.packedWeights[node.name]
            context.prepackLog = prepacking
            guard let factory = options.useReferenceKernels ? registry.reference[node.op.kind] : registry.optimised[node.op.kind] else {
                throw context.unsupported("no kernel for op \(node.op.kind.rawValue)")
            }
            let kernel = try factory(context)
            workspaceCount = max(workspaceCount, kernel.workspaceCount)
            kernels.append(kernel)
            timings.kernelMs[String(describing: type(of: kernel)), default: 0] += clock.lap()
        }
        self.kernels = kernels
        kernelNames = zip(graph.nodes, kernels).map { node, kernel in
            var name = String(describing: type(of: kernel))
            if name == String(describing: ClosureKernel.self) { return node.op.kind.rawValue }
            for suffix in ["Convolution", "Kernel"] where name.hasSuffix(suffix) && name.count > suffix.count {
                name.removeLast(suffix.count)
            }
            return name
        }
        self.prepacking = prepacking
        Plan.releaseWeightsOnlyPacked(graph, packed: Set(prepacking.packed))
        workspace = AlignedFloats(count: workspaceCount)

        // Fixed pointers for every node.
        let parallel = ParallelLoop(threads: options.threads)
        self.parallel = parallel
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
            var io = KernelIO(inputs: ins, outputs: outs, workspace: workspace.pointer, parallel: parallel)
            io.dynamicLeadingDim = node.outputs.first.flatMap { dynamicDims[$0] }
            nodeIO.append(io)
        }
        self.nodeIO = nodeIO

        var readable = Set(graph.outputs).union(graph.inputs.map(\.name)).union(graph.constants.keys)
        if options.keepIntermediates { for node in graph.nodes { readable.formUnion(node.outputs) } }
        self.readable = readable
        nodeTimes = .allocate(capacity: graph.nodes.count)
        nodeTimes.initialize(repeating: 0)
        sg_set_blas_threads(1)
        timings.restMs = clock.lap()
        self.timings = timings
    }

    /// Mapped raw weights that were read only to pack them (every consumer packed at plan time) are
    /// not needed for running: give their pages back (they read back from the file if touched again).
    private static func releaseWeightsOnlyPacked(_ graph: Graph, packed: Set<String>) {
        guard !packed.isEmpty else { return }
        var consumers: [String: [Node]] = [:]
        for node in graph.nodes { for input in Set(node.inputs) { consumers[input, default: []].append(node) } }
        for (name, constant) in graph.constants where constant.storage.isFileMapping && !graph.outputs.contains(name) {
            guard let users = consumers[name], users.allSatisfy({ packed.contains($0.name) && $0.inputs.firstIndex(of: name) == 1 }) else { continue }
            constant.storage.releaseResidentPages()
        }
    }

    deinit {
        nodeTimes.deallocate()
        for slot in dynamicDims.values { slot.deallocate() }
    }

    /// The shape `name` has after the last run: its planned shape, or for a data-dependent tensor
    /// (NonMaxSuppression's selection) with the leading dim its kernel wrote.
    public func runShape(_ name: String) -> [Int]? {
        guard var shape = shapes[name] else { return nil }
        if let slot = dynamicDims[name], !shape.isEmpty { shape[0] = slot.pointee }
        return shape
    }

    /// Runs the graph on `inputs` (one tensor per graph input) and returns the graph outputs.
    public func run(_ inputs: [String: Tensor]) throws -> [String: Tensor] {
        try execute(inputs)
        var result: [String: Tensor] = [:]
        for name in graph.outputs { result[name] = try read(name) }
        return result
    }

    /// Runs the graph without copying the outputs out: after warm-up this allocates nothing, so
    /// benchmarks and servers call it and read results with `withOutput`. Inputs in
    /// `inputsReadInPlace` are read from the tensors given, not copied; the plan keeps a reference to
    /// each until the next run (to read them back), so refilling that same array in place meanwhile
    /// copies it.
    public func execute(_ inputs: [String: Tensor]) throws {
        try load(inputs)
        // Kernels split work across `options.threads` themselves; OpenBLAS threads on top would oversubscribe.
        if sg_blas_threads() != 1 { sg_set_blas_threads(1) }
        lendingInputs(inputs, from: 0) {
            for i in kernels.indices {
                let start = DispatchTime.now().uptimeNanoseconds
                kernels[i].run(nodeIO[i])
                nodeTimes[i] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }
        }
        // What follows a forward (reading outputs, decoding, the next image) is single-threaded.
        parallel.rest()
        hasRun = true
    }

    /// Runs `body` with the readers of borrowed inputs [k, …) pointing at the caller's arrays (valid
    /// only inside it; `load` checked each one's shape and type).
    private func lendingInputs(_ inputs: [String: Tensor], from k: Int, _ body: () -> Void) {
        guard k < borrowed.inputs.count else { return body() }
        let input = borrowed.inputs[k]
        guard let tensor = inputs[input.name] else { return lendingInputs(inputs, from: k + 1, body) }
        lastBorrowed[k] = tensor
        tensor.data.withUnsafeBufferPointer { values in
            if let base = values.baseAddress {
                for reader in input.readers { nodeIO[reader.node].inputs[reader.slot] = base }
            }
            lendingInputs(inputs, from: k + 1, body)
        }
    }

    /// Calls `body` with a graph output's values in place (valid only inside `body`, until the next run).
    public func withOutput<R>(_ name: String, _ body: (UnsafeBufferPointer<Float>) throws -> R) throws -> R {
        guard graph.outputs.contains(name), let shape = shapes[name], let location = locations[name] else {
            throw RuntimeError.unknownTensor(name)
        }
        guard hasRun else { throw RuntimeError.notRun }
        guard types[name] == .float32 else {
            throw RuntimeError.unsupported(node: "output '\(name)'", message: "is \(types[name]?.rawValue ?? "?"); withOutput reads float32 tensors")
        }
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
            guard tensor.shape == expected, tensor.count == elementCount(expected) else {
                throw RuntimeError.inputShape(name: input.name, expected: expected, got: tensor.shape)
            }
            guard tensor.dtype == input.type.dtype else {
                throw RuntimeError.inputType(name: input.name, expected: input.type.dtype, got: tensor.dtype)
            }
            guard case .arena(let offset)? = locations[input.name], !borrowed.contains(input.name) else { continue }
            TensorBytes.store(tensor, to: UnsafeMutableRawPointer(arena.pointer + offset))
        }
    }

    private func read(_ name: String) throws -> Tensor {
        if let k = borrowed.inputs.firstIndex(where: { $0.name == name }), let tensor = lastBorrowed[k] { return tensor }
        guard let shape = runShape(name), let location = locations[name] else { throw RuntimeError.unknownTensor(name) }
        let base: UnsafePointer<Float>
        switch location {
        case .arena(let offset): base = UnsafePointer(arena.pointer + offset)
        case .constant(let p): base = p
        }
        return TensorBytes.load(UnsafeRawPointer(base), shape: shape, dtype: types[name] ?? .float32)
    }
}

/// Milliseconds spent in each phase of `Plan.init`.
public struct PlanTimings: Sendable {
    /// Verification, shape and type inference.
    public var shapesMs = 0.0
    /// Buffer lifetimes, arena layout and allocation, constant pointers.
    public var arenaMs = 0.0
    /// Kernel construction (prepacking included), by kernel type (`WinogradConvolution`, …).
    public var kernelMs: [String: Double] = [:]
    /// Workspace allocation and per-node pointers.
    public var restMs = 0.0

    public var totalMs: Double { shapesMs + arenaMs + kernelMs.values.reduce(0, +) + restMs }
}

/// Lap timer for `Plan.init`.
private final class PlanClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e6
    }
}
