import SpyglassIR

/// Header JSON → graph structure (without constant bytes), tensor table and metadata.
/// Checks every type and name; byte ranges are checked by `ContainerReader` against the file.
struct HeaderDecoder {
    let file: String

    struct Decoded {
        var graph: Graph
        var tensors: [TensorEntry]
        var packed: [PackedEntry]
    }

    func decode(_ json: JSONValue) throws -> Decoded {
        let root = HeaderReader(json, path: "", file: file)
        guard case .object = json else { throw FormatError.invalidHeader(file: file, path: "(root)", message: "expected an object, found \(json.typeName)") }
        try root.rejectUnknownKeys(["format_version", "producer", "graph", "tensors", "metadata", "passes_applied", "packed_weights"])
        let version = try root.field("format_version")
        guard try version.int() == Int(ContainerLayout.version) else {
            throw version.fail("header format version \(try version.int()) does not match container version \(ContainerLayout.version)")
        }
        _ = try root.field("producer").string()
        var graph = try decodeGraph(try root.field("graph"))
        graph.metadata = try decodeMetadata(try root.field("metadata"))
        let tensors = try decodeTensors(try root.field("tensors"))
        // Optional (absent in files written before they existed).
        graph.appliedPasses = try root.optionalField("passes_applied")?.strings() ?? []
        let packed = try root.optionalField("packed_weights").map(decodePacked) ?? []
        return Decoded(graph: graph, tensors: tensors, packed: packed)
    }

    private func decodePacked(_ r: HeaderReader) throws -> [PackedEntry] {
        var nodes = Set<String>()
        return try r.array().map { p in
            try p.rejectUnknownKeys(["node", "weights", "layout", "geometry", "offset", "length"])
            let node = try p.field("node").string()
            guard nodes.insert(node).inserted else { throw p.fail("two packed blobs for node '\(node)'") }
            return PackedEntry(node: node, weights: try p.field("weights").string(), layout: try p.field("layout").string(),
                               geometry: try p.field("geometry").string(),
                               offset: try p.field("offset").uint64(), length: try p.field("length").uint64())
        }
    }

    private func decodeGraph(_ r: HeaderReader) throws -> Graph {
        try r.rejectUnknownKeys(["name", "inputs", "outputs", "nodes"])
        let inputs = try r.field("inputs").array().map { input -> ValueInfo in
            try input.rejectUnknownKeys(["name", "dtype", "shape"])
            return ValueInfo(name: try input.field("name").string(),
                             type: TensorType(try dtype(input.field("dtype")), try shape(input.field("shape"))))
        }
        var names = Set<String>()
        let nodes = try r.field("nodes").array().map { nodeReader -> Node in
            let node = try decodeNode(nodeReader)
            guard names.insert(node.name).inserted else { throw nodeReader.fail("duplicate node name '\(node.name)'") }
            return node
        }
        return Graph(name: try r.field("name").string(), inputs: inputs, outputs: try r.field("outputs").strings(), nodes: nodes)
    }

    private func decodeNode(_ r: HeaderReader) throws -> Node {
        try r.rejectUnknownKeys(["name", "op", "attributes", "inputs", "outputs", "origin"])
        let name = try r.field("name").string()
        let opName = try r.field("op").string()
        guard let codec = OpCodecs.byName[opName] else { throw FormatError.unknownOp(file: file, node: name, op: opName) }
        let attributes = try r.field("attributes")
        guard case .object(let members) = attributes.value else {
            throw FormatError.invalidAttribute(file: file, node: name, attribute: "attributes", message: "expected an object, found \(attributes.value.typeName)")
        }
        var reader = AttributeReader(file: file, node: name, members: members)
        let op = try codec.decode(&reader)
        try reader.finish()
        return Node(name: name, op: op, inputs: try r.field("inputs").strings(), outputs: try r.field("outputs").strings(),
                    origin: try r.optionalField("origin")?.string())
    }

    private func decodeTensors(_ r: HeaderReader) throws -> [TensorEntry] {
        var names = Set<String>()
        return try r.array().map { t in
            try t.rejectUnknownKeys(["name", "dtype", "shape", "offset", "length"])
            let name = try t.field("name").string()
            guard names.insert(name).inserted else { throw t.fail("duplicate tensor name '\(name)'") }
            let shapeReader = try t.field("shape")
            guard let dims = try shape(shapeReader).concrete else { throw shapeReader.fail("a constant's shape must be numbers only") }
            return TensorEntry(name: name, dtype: try dtype(t.field("dtype")), shape: dims,
                               offset: try t.field("offset").uint64(), length: try t.field("length").uint64())
        }
    }

    private func decodeMetadata(_ r: HeaderReader) throws -> ModelMetadata {
        try r.rejectUnknownKeys(["source", "class_names", "preprocessing", "plugin", "ignored_options", "properties"])
        var m = ModelMetadata()
        m.source = try r.field("source").string()
        m.classNames = try r.field("class_names").strings()
        if let p = try r.optionalField("preprocessing") {
            let name = try p.string()
            guard let value = Preprocessing(rawValue: name) else {
                throw p.fail("unknown preprocessing '\(name)' (known: \(Preprocessing.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            m.preprocessing = value
        }
        m.plugin = try r.optionalField("plugin")?.string()
        m.ignoredOptions = try r.field("ignored_options").strings()
        for (key, value) in try r.field("properties").members() { m.properties[key] = try value.string() }
        return m
    }

    private func dtype(_ r: HeaderReader) throws -> DType {
        let name = try r.string()
        guard let d = DType(rawValue: name) else {
            throw r.fail("unknown dtype '\(name)' (known: \(DType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return d
    }

    /// Numbers for fixed dims (≥ 0), non-empty strings for symbolic ones.
    private func shape(_ r: HeaderReader) throws -> Shape {
        Shape(try r.array().map { d -> Dim in
            switch d.value {
            case .int(let v):
                guard v >= 0 else { throw d.fail("dimension must not be negative, got \(v)") }
                return .fixed(Int(v))
            case .string(let s) where !s.isEmpty:
                return .symbolic(s)
            default:
                throw d.fail("expected a dimension (a non-negative integer or a symbol name), found \(d.value.typeName)")
            }
        })
    }
}
