/// An ONNX model as Swift values: what `ONNXReader` produces and `ONNXWriter` consumes.
/// Field meanings follow onnx.proto; only the subset in Schemas/onnx.proto is kept.
public struct ONNXModel: Hashable, Sendable {
    public var irVersion: Int64
    public var opsetImports: [ONNXOpsetImport]
    public var producerName: String
    public var producerVersion: String
    public var domain: String
    public var modelVersion: Int64
    public var docString: String
    public var graph: ONNXGraph
    /// `metadata_props`, in file order.
    public var metadata: [ONNXMetadataEntry]

    public init(irVersion: Int64, opsetImports: [ONNXOpsetImport], producerName: String = "", producerVersion: String = "",
                domain: String = "", modelVersion: Int64 = 0, docString: String = "", graph: ONNXGraph,
                metadata: [ONNXMetadataEntry] = []) {
        self.irVersion = irVersion; self.opsetImports = opsetImports; self.producerName = producerName
        self.producerVersion = producerVersion; self.domain = domain; self.modelVersion = modelVersion
        self.docString = docString; self.graph = graph; self.metadata = metadata
    }

    /// The opset version imported for `domain` ("" and "ai.onnx" both mean the default domain).
    public func opsetVersion(for domain: String = "") -> Int64? {
        let wanted = domain == "ai.onnx" ? "" : domain
        return opsetImports.first { ($0.domain == "ai.onnx" ? "" : $0.domain) == wanted }?.version
    }

    /// The value of metadata entry `key`, if present.
    public func metadataValue(_ key: String) -> String? { metadata.first { $0.key == key }?.value }
}

public struct ONNXOpsetImport: Hashable, Sendable {
    public var domain: String
    public var version: Int64
    public init(domain: String = "", version: Int64) { self.domain = domain; self.version = version }
}

public struct ONNXMetadataEntry: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(key: String, value: String) { self.key = key; self.value = value }
}

/// A graph: nodes in file order (topological for valid models), constant initializers, typed inputs and outputs.
public struct ONNXGraph: Hashable, Sendable {
    public var name: String
    public var nodes: [ONNXNode]
    public var initializers: [ONNXTensor]
    public var inputs: [ONNXValueInfo]
    public var outputs: [ONNXValueInfo]
    /// Types of intermediate tensors, when the producer recorded them.
    public var valueInfo: [ONNXValueInfo]
    public var docString: String

    public init(name: String, nodes: [ONNXNode] = [], initializers: [ONNXTensor] = [], inputs: [ONNXValueInfo] = [],
                outputs: [ONNXValueInfo] = [], valueInfo: [ONNXValueInfo] = [], docString: String = "") {
        self.name = name; self.nodes = nodes; self.initializers = initializers; self.inputs = inputs
        self.outputs = outputs; self.valueInfo = valueInfo; self.docString = docString
    }
}

/// One operator invocation. Attributes are keyed by name (ONNX forbids duplicates; the reader rejects them).
public struct ONNXNode: Hashable, Sendable {
    public var name: String
    public var opType: String
    public var domain: String
    /// Input tensor names; "" marks an omitted optional input.
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [String: ONNXAttribute]
    public var docString: String

    public init(name: String, opType: String, domain: String = "", inputs: [String], outputs: [String],
                attributes: [String: ONNXAttribute] = [:], docString: String = "") {
        self.name = name; self.opType = opType; self.domain = domain; self.inputs = inputs; self.outputs = outputs
        self.attributes = attributes; self.docString = docString
    }

    /// "node 'conv_3' (Conv)", for error messages.
    public var label: String { "node '\(name)' (\(domain.isEmpty ? "" : domain + ".")\(opType))" }
}

/// A named, typed tensor slot (graph input, output or intermediate).
public struct ONNXValueInfo: Hashable, Sendable {
    public var name: String
    /// nil when the producer did not record a tensor type.
    public var elementType: ONNXDataType?
    /// nil when the rank is unknown.
    public var shape: [ONNXDimension]?

    public init(name: String, elementType: ONNXDataType?, shape: [ONNXDimension]?) {
        self.name = name; self.elementType = elementType; self.shape = shape
    }
}

/// One dimension of a value's shape.
public enum ONNXDimension: Hashable, Sendable {
    case value(Int64)
    case param(String)
    case unknown
}
