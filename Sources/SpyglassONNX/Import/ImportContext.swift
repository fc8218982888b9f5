import SpyglassIR

/// State shared by the import rules while one ONNX graph becomes an IR graph: the IR nodes and
/// constants emitted so far, the values known at import time (initializers, `Constant` nodes,
/// folded shape arithmetic) and the concrete shape of every tensor, when the input size is known.
final class ImportContext {
    let opset: Int
    private(set) var nodes: [Node] = []
    private(set) var constants: [String: ConstantTensor] = [:]
    /// Values known at import time, by tensor name.
    var known: [String: FoldedTensor] = [:]
    /// Shapes by tensor name, tracked twice: unbound symbolic input dims are given two different
    /// provisional sizes, so a dim that differs between the two depends on them and is not used.
    var shapes: [String: [Int]] = [:]
    var alternateShapes: [String: [Int]] = [:]
    private var usedNodeNames: Set<String> = []
    private var usedTensorNames: Set<String>

    init(opset: Int, tensorNames: Set<String>) {
        self.opset = opset
        self.usedTensorNames = tensorNames
    }

    func fail(_ node: ONNXNode, _ message: String) -> ONNXError { .importFailed(node: node.label, message: message) }

    /// The concrete shape of `name`, or an error saying why it is needed.
    func shape(_ name: String, for node: ONNXNode) throws -> [Int] {
        let dims = try partialShape(name, for: node)
        guard dims.allSatisfy({ $0 != nil }) else { throw unbound(name, node) }
        return dims.map { $0 ?? 0 }
    }

    /// The shape of `name` with nil for dims that depend on unbound symbolic input dims.
    func partialShape(_ name: String, for node: ONNXNode) throws -> [Int?] {
        if let k = known[name] { return k.dims }
        guard let a = shapes[name], let b = alternateShapes[name], a.count == b.count else {
            throw fail(node, "the shape of '\(name)' is unknown at import time")
        }
        return zip(a, b).map { $0 == $1 ? $0 : nil }
    }

    /// `partialShape`, requiring the dims at `axes` to be concrete.
    func shape(_ name: String, for node: ONNXNode, concreteAt axes: [Int]) throws -> [Int?] {
        let dims = try partialShape(name, for: node)
        for a in axes where a >= 0 && a < dims.count && dims[a] == nil { throw unbound(name, node) }
        return dims
    }

    func unbound(_ name: String, _ node: ONNXNode) -> ONNXError {
        fail(node, "the shape of '\(name)' depends on a symbolic input dim; bind the model's symbolic input dims")
    }

    /// ONNX input `i` of `node` (an error when absent or omitted).
    func input(_ node: ONNXNode, _ i: Int) throws -> String {
        guard i < node.inputs.count, !node.inputs[i].isEmpty else { throw fail(node, "input \(i) is required") }
        return node.inputs[i]
    }

    func hasInput(_ node: ONNXNode, _ i: Int) -> Bool { i < node.inputs.count && !node.inputs[i].isEmpty }

    /// The value of input `i`, which must be known at import time.
    func constantInput(_ node: ONNXNode, _ i: Int, role: String) throws -> FoldedTensor {
        let name = try input(node, i)
        guard let value = known[name] else { throw fail(node, "\(role) ('\(name)') must be a constant") }
        return value
    }

    /// A fresh tensor name derived from `base`.
    func uniqueTensor(_ base: String) -> String {
        var name = base, i = 1
        while usedTensorNames.contains(name) { name = "\(base)_\(i)"; i += 1 }
        usedTensorNames.insert(name)
        return name
    }

    private func uniqueNode(_ base: String) -> String {
        var name = base, i = 1
        while usedNodeNames.contains(name) { name = "\(base)_\(i)"; i += 1 }
        usedNodeNames.insert(name)
        return name
    }

    /// A known value as an IR constant tensor named `name` (registered once), in its IR element type.
    func constantTensor(_ name: String, _ value: FoldedTensor, for node: ONNXNode) throws -> String {
        guard let dtype = value.dataType.irType else {
            throw fail(node, "'\(name)' is a \(value.dataType.name) constant; the runtime holds float32, int64, int32, uint8 and bool tensors")
        }
        if constants[name] == nil { constants[name] = value.constant(dtype) }
        return name
    }

    /// A graph output whose value is known at import time (e.g. a folded `Shape`): an identity node
    /// reading a constant, so the runtime produces it like any other output.
    func materialize(_ name: String, _ value: FoldedTensor) throws {
        let source = ONNXNode(name: name, opType: "Constant", inputs: [], outputs: [name])
        let constant = uniqueTensor("\(name)/value")
        _ = try constantTensor(constant, value, for: source)
        shapes[constant] = value.dims
        alternateShapes[constant] = value.dims
        try emit(.identity, [constant], from: source, output: name)
    }

    /// Adds an IR constant with fresh name `base`.
    func addConstant(_ floats: [Float], dims: [Int], base: String) -> String {
        let name = uniqueTensor(base)
        constants[name] = ConstantTensor(floats: floats, shape: dims)
        return name
    }

    /// Appends an IR node for ONNX `source`. `inputs` name ONNX tensors: known float values become IR
    /// constants. With `output` nil the node writes a fresh intermediate tensor. Returns the output name.
    @discardableResult
    func emit(_ op: Op, _ inputs: [String], from source: ONNXNode, output: String? = nil, step: String? = nil) throws -> String {
        var irInputs: [String] = []
        for name in inputs {
            if constants[name] == nil, let value = known[name] {
                irInputs.append(try constantTensor(name, value, for: source))
            } else {
                irInputs.append(name)
            }
        }
        let base = source.name.isEmpty ? "\(source.opType)_\(nodes.count)" : source.name
        let out = output ?? uniqueTensor("\(base)/\(step ?? op.kind.rawValue)")
        usedTensorNames.insert(out)
        let nodeName = uniqueNode(step.map { "\(base)/\($0)" } ?? base)
        let node = Node(name: nodeName, op: op, inputs: irInputs, outputs: [out], origin: "onnx \(source.label)")
        for table in [\ImportContext.shapes, \ImportContext.alternateShapes] {
            guard let inShapes = try? irInputs.map({ name -> [Int] in
                guard let s = self[keyPath: table][name] ?? constants[name]?.shape else { throw ONNXError.missingGraph }
                return s
            }) else { continue }
            do {
                let outs = try op.outputShapes(inShapes, at: node.label)
                if let s = outs.first { self[keyPath: table][out] = s }
            } catch {
                throw fail(source, "\(error)")
            }
        }
        nodes.append(node)
        return out
    }

    /// Appends an IR node with several outputs (TopK's values and indices), all named by the ONNX node.
    func emit(_ op: Op, _ inputs: [String], from source: ONNXNode, outputs: [String]) throws {
        var irInputs: [String] = []
        for name in inputs {
            if constants[name] == nil, let value = known[name] {
                irInputs.append(try constantTensor(name, value, for: source))
            } else {
                irInputs.append(name)
            }
        }
        let base = source.name.isEmpty ? "\(source.opType)_\(nodes.count)" : source.name
        usedTensorNames.formUnion(outputs)
        let node = Node(name: uniqueNode(base), op: op, inputs: irInputs, outputs: outputs, origin: "onnx \(source.label)")
        for table in [\ImportContext.shapes, \ImportContext.alternateShapes] {
            let inShapes = irInputs.compactMap { self[keyPath: table][$0] ?? constants[$0]?.shape }
            guard inShapes.count == irInputs.count else { continue }
            do {
                for (name, shape) in zip(outputs, try op.outputShapes(inShapes, at: node.label)) { self[keyPath: table][name] = shape }
            } catch {
                throw fail(source, "\(error)")
            }
        }
        nodes.append(node)
    }

    /// Removes IR nodes whose outputs nobody reads (e.g. a Sigmoid fused into a swish), keeping `outputs`.
    func dropDeadNodes(keeping outputs: Set<String>) {
        var changed = true
        while changed {
            changed = false
            let read = Set(nodes.flatMap(\.inputs)).union(outputs)
            let before = nodes.count
            nodes.removeAll { node in !node.outputs.contains(where: read.contains) }
            changed = nodes.count != before
        }
        let read = Set(nodes.flatMap(\.inputs))
        constants = constants.filter { read.contains($0.key) }
    }

    /// The IR node producing `name`, if any.
    func producer(of name: String) -> Node? { nodes.last { $0.outputs.contains(name) } }
}
