/// A named graph input with its type (its shape may hold symbolic dims).
public struct ValueInfo: Hashable, Sendable {
    public var name: String
    public var type: TensorType
    public init(name: String, type: TensorType) { self.name = name; self.type = type }
}

/// How an image becomes the network's input tensor.
public enum Preprocessing: String, Hashable, Sendable, CaseIterable {
    /// Darknet's load_image_color + letterbox_image (bilinear resize, 0.5 gray bars).
    case darknetLetterbox = "darknet-letterbox"
    /// Plain bilinear resize to the input size, aspect ratio not kept.
    case stretch
    /// Ultralytics-style letterbox: centred, 114/255 gray bars.
    case ultralyticsLetterbox = "ultralytics-letterbox"
}

/// Facts about a model that are not graph structure.
public struct ModelMetadata: Hashable, Sendable {
    /// Where the model came from, e.g. "darknet:yolov3-tiny.cfg".
    public var source: String = ""
    public var classNames: [String] = []
    public var preprocessing: Preprocessing? = nil
    /// Registered detector plugin that interprets the outputs, e.g. "yolov3".
    public var plugin: String? = nil
    /// Options found in the source that have no effect at inference (training-only keys).
    public var ignoredOptions: [String] = []
    /// Free-form key/value facts (Darknet weights header, producer version …).
    public var properties: [String: String] = [:]
    public init() {}
}

/// A model: inputs, nodes in topological order, named outputs, and a constant table.
public struct Graph: Sendable {
    public var name: String
    public var inputs: [ValueInfo]
    public var outputs: [String]
    public var nodes: [Node]
    public var constants: [String: ConstantTensor]
    public var metadata: ModelMetadata
    /// Names of the graph passes already applied to this graph (recorded in `.spyglass` files so
    /// loading does not run them again). Empty when unknown.
    public var appliedPasses: [String] = []
    /// Kernels' prepacked weights: an opaque cache beside the graph (see `PackedWeight`).
    public var packedWeights = PackedWeights()

    public init(name: String, inputs: [ValueInfo], outputs: [String], nodes: [Node],
                constants: [String: ConstantTensor] = [:], metadata: ModelMetadata = ModelMetadata()) {
        self.name = name; self.inputs = inputs; self.outputs = outputs; self.nodes = nodes
        self.constants = constants; self.metadata = metadata
    }

    /// Index of the node producing each tensor name.
    public var producers: [String: Int] {
        var map: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { for o in n.outputs { map[o] = i } }
        return map
    }

    /// Indices of nodes consuming each tensor name (graph outputs are not counted).
    public var consumers: [String: [Int]] {
        var map: [String: [Int]] = [:]
        for (i, n) in nodes.enumerated() { for t in n.inputs { map[t, default: []].append(i) } }
        return map
    }

    public func node(named name: String) -> Node? { nodes.first { $0.name == name } }

    /// Total number of constant parameters (elements).
    public var parameterCount: Int { constants.values.reduce(0) { $0 + $1.elementCount } }
}
