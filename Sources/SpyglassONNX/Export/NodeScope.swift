import SpyglassIR

/// Emits the ONNX nodes for one IR node. Helper tensors and nodes are named `<ir-node>/<step>`;
/// the node that produces the IR node's output (`final: true`) takes the IR node's name and
/// writes the IR output tensor name, so ONNX outputs keep the names a plugin expects.
struct NodeScope {
    let builder: ONNXGraphBuilder
    let node: Node

    var opset: Int { builder.opset }
    var output: String { node.outputs[0] }
    var outputShape: [Int] { builder.shapes[output] ?? [] }
    func inputShape(_ i: Int) -> [Int] { i < node.inputs.count ? builder.shapes[node.inputs[i]] ?? [] : [] }
    func constant(_ i: Int) -> ConstantTensor? { builder.graph.constants[node.inputs[i]] }

    func fail(_ message: String) -> ONNXError { .export(node: node.label, message: message) }

    /// ONNX name of IR input `i` (adding it as an initializer if it is a constant).
    func input(_ i: Int) throws -> String {
        guard i < node.inputs.count else { throw fail("expects at least \(i + 1) inputs, has \(node.inputs.count)") }
        return try builder.use(node.inputs[i])
    }

    /// Appends one ONNX node and returns its output tensor name.
    @discardableResult
    func emit(_ opType: String, _ inputs: [String], _ attributes: [String: ONNXAttribute] = [:],
              step: String, final: Bool = false) -> String {
        let out = final ? output : builder.uniqueName("\(node.name)/\(step)")
        let name = final ? node.name : out
        builder.append(ONNXNode(name: name, opType: opType, inputs: inputs, outputs: [out], attributes: attributes))
        return out
    }

    func floats(_ values: [Float], dims: [Int], step: String) -> String {
        let name = builder.uniqueName("\(node.name)/\(step)")
        builder.addInitializer(ONNXTensor(name: name, floats: values, dims: dims))
        return name
    }

    func int64s(_ values: [Int], step: String) -> String {
        let name = builder.uniqueName("\(node.name)/\(step)")
        builder.addInitializer(ONNXTensor(name: name, int64s: values.map(Int64.init), dims: [values.count]))
        return name
    }

    func bools(_ values: [Bool], dims: [Int], step: String) -> String {
        let name = builder.uniqueName("\(node.name)/\(step)")
        builder.addInitializer(ONNXTensor(name: name, bools: values, dims: dims))
        return name
    }

    @discardableResult
    func reshape(_ x: String, to dims: [Int], step: String, final: Bool = false) -> String {
        emit("Reshape", [x, int64s(dims, step: step + "_shape")], step: step, final: final)
    }

    /// Slice along several axes with optional steps (opset ≥ 10 input form).
    @discardableResult
    func slice(_ x: String, starts: [Int], ends: [Int], axes: [Int], steps: [Int]? = nil, step: String, final: Bool = false) -> String {
        var inputs = [x, int64s(starts, step: step + "_starts"), int64s(ends, step: step + "_ends"), int64s(axes, step: step + "_axes")]
        if let steps { inputs.append(int64s(steps, step: step + "_steps")) }
        return emit("Slice", inputs, step: step, final: final)
    }

    /// Constant pad at the beginning/end of each axis (opset ≥ 11 input form).
    func pad(_ x: String, begins: [Int], ends: [Int], value: Float = 0, step: String) -> String {
        emit("Pad", [x, int64s(begins + ends, step: step + "_pads"), builder.scalar(value)], ["mode": .string("constant")], step: step)
    }

    /// IR input `i` with a new shape: a reshaped initializer when it is a constant, else a Reshape node.
    func input(_ i: Int, reshapedTo dims: [Int], step: String) throws -> String {
        if let c = constant(i), c.type.dtype == .float32 {
            return floats(c.floatArray, dims: dims, step: step)
        }
        return reshape(try input(i), to: dims, step: step)
    }
}
