import Foundation
import SpyglassIR

/// Accumulates ONNX nodes and initializers while the exporter walks the IR graph; hands out unique
/// tensor and node names and adds IR constants as initializers the first time a node reads them.
final class ONNXGraphBuilder {
    let graph: Graph
    let opset: Int
    let shapes: [String: [Int]]
    private(set) var nodes: [ONNXNode] = []
    private(set) var initializers: [ONNXTensor] = []
    private var usedNames: Set<String>
    private var addedConstants: Set<String> = []
    private var scalarCache: [String: String] = [:]

    init(graph: Graph, opset: Int, shapes: [String: [Int]]) {
        self.graph = graph; self.opset = opset; self.shapes = shapes
        var names = Set(graph.inputs.map(\.name))
        names.formUnion(graph.constants.keys)
        for n in graph.nodes { names.formUnion(n.outputs); names.insert(n.name) }
        usedNames = names
    }

    /// `base`, or `base_2`, `base_3` … if taken; reserved once returned.
    func uniqueName(_ base: String) -> String {
        var name = base, i = 2
        while usedNames.contains(name) { name = "\(base)_\(i)"; i += 1 }
        usedNames.insert(name)
        return name
    }

    func append(_ node: ONNXNode) { nodes.append(node) }

    func addInitializer(_ tensor: ONNXTensor) { initializers.append(tensor) }

    /// The ONNX name of an IR tensor read by a node: IR constants become initializers on first use.
    func use(_ name: String) throws -> String {
        if let c = graph.constants[name], !addedConstants.contains(name) {
            addedConstants.insert(name)
            initializers.append(try onnxTensor(name: name, c))
        }
        return name
    }

    /// A float scalar initializer, shared by every node that needs the same value.
    func scalar(_ value: Float) -> String {
        let key = "f" + String(value.bitPattern, radix: 16)
        if let name = scalarCache[key] { return name }
        let name = uniqueName("scalar_\(value)")
        initializers.append(ONNXTensor(name: name, floats: [value], dims: []))
        scalarCache[key] = name
        return name
    }
}

/// An IR constant as an ONNX initializer (bytes copied as they are: the IR stores little-endian values).
func onnxTensor(name: String, _ c: ConstantTensor) throws -> ONNXTensor {
    let type = ONNXDataType(c.type.dtype)
    let needed = c.elementCount * c.type.dtype.byteSize
    guard c.storage.bytes.count >= needed else {
        throw ONNXError.tensorData(tensor: name, message: "holds \(c.storage.bytes.count) bytes, its shape \(c.shape) needs \(needed)")
    }
    let bytes = needed == 0 ? Data() : Data(UnsafeRawBufferPointer(rebasing: c.storage.bytes[0..<needed]))
    return ONNXTensor(name: name, dataType: type, dims: c.shape, rawData: bytes)
}
